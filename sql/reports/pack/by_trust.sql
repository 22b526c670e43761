-- by_trust (the board pack's breakdown): the rollup of by_ics, by trust
-- within its ICS.
-- grain: one row per trust
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select coalesce(ics_name, ics_code) as ics, coalesce(trust_name, trust_code) as trust,
    count(distinct contract_ref) as contracts, unnest(rag_counts(rag)), median_delivery(delivery_ratio, rag) as median_ratio
from in_scope
group by ics_code, ics_name, trust_code, trust_name
order by 1, 2
