-- by_ics (the board pack's breakdown): contracts, commitments by RAG, share
-- on track and median delivered ÷ expected, by ICS, in the report's scope.
-- grain: one row per ICS
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select coalesce(ics_name, ics_code) as ics, 'All ' || count(distinct trust_code) || ' trusts' as trusts,
    count(distinct contract_ref) as contracts, unnest(rag_counts(rag)), median_delivery(delivery_ratio, rag) as median_ratio
from in_scope
group by ics_code, ics_name
order by 1
