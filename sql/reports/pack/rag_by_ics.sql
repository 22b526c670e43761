-- rag_by_ics (the board pack's Summary chart): commitments by RAG status
-- and ICS in the report's scope, in the reporting month.
-- grain: one row per ICS
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
),
final as (
    select coalesce(ics_name, ics_code) as ics, unnest(rag_counts(rag))
    from in_scope
    group by ics_code, ics_name
)
select ics, green, amber, red, grey from final
order by 1
