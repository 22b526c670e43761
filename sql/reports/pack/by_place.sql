-- by_place (the board pack's breakdown): the rollup of by_ics, by the
-- local area (place) each contract serves, within its ICS.
-- grain: one row per ICS and place
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select coalesce(ics_name, ics_code) as ics, coalesce(local_area, 'No place given') as place,
    count(distinct contract_ref) as contracts, unnest(rag_counts(rag)), median_delivery(delivery_ratio, rag) as median_ratio
from in_scope
group by ics_code, ics_name, local_area
order by 1, 2
