-- rag_breakdowns: each contract's live commitments counted by RAG status,
-- month by month, in each group of every RAG breakdown the dashboard draws
-- (commitment_groups: by mission, theme, outcome, award criterion, ICS,
-- trust, place and category). A breakdown in any view is then a sum of
-- these counts (rag_tally in sql/reports/metrics.sql) over about a third
-- of the rows a count over every commitment reads. Counts only: a median
-- cannot be summed, so what shows one (the trend, the board pack's
-- breakdowns) reads commitment_status.
-- grain: one row per month (as_of) per contract per kind per group (code,
-- label) per rag
-- materialise: no (every month is read only for a report of an earlier
-- month; rag_breakdowns_latest holds the reporting month)
with commitment_status as (select * from commitment_status),
groups as (select * from commitment_groups),
final as (
    select
        s.as_of, s.contract_ref, s.region_code, s.ics_code, s.trust_code, s.supplier_name,
        g.kind, g.label, g.code, s.rag,
        count(*) as commitments
    from commitment_status s
    join groups g on g.contract_ref = s.contract_ref and g.measure_code = s.measure_code
    where s.last_month >= s.as_of
    group by s.as_of, s.contract_ref, s.region_code, s.ics_code, s.trust_code, s.supplier_name, g.kind, g.label, g.code, s.rag
)
select * from final
