-- rag_breakdowns_latest: rag_breakdowns at the reporting month only (from
-- commitment_status_latest: a join on the month would not reach the
-- months' scan, and counting every month costs several times this), the
-- month the dashboard shows unless asked for another (rag_breakdown in
-- sql/reports/metrics.sql picks the month's source).
-- grain: one row per contract per kind per group (code, label) per rag
with latest as (select * from commitment_status_latest),
groups as (select * from commitment_groups),
final as (
    select
        s.as_of, s.contract_ref, s.region_code, s.ics_code, s.trust_code, s.supplier_name,
        g.kind, g.label, g.code, s.rag,
        count(*) as commitments
    from latest s
    join groups g on g.contract_ref = s.contract_ref and g.measure_code = s.measure_code
    where s.last_month >= s.as_of
    group by s.as_of, s.contract_ref, s.region_code, s.ics_code, s.trust_code, s.supplier_name, g.kind, g.label, g.code, s.rag
)
select * from final
