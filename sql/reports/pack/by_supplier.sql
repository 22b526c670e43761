-- by_supplier (the board pack's breakdown): the rollup of by_ics, by
-- supplier, A to Z.
-- grain: one row per supplier
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select supplier_name, count(distinct contract_ref) as contracts, unnest(rag_counts(rag)), median_delivery(delivery_ratio, rag) as median_ratio
from in_scope
group by supplier_name
order by lower(supplier_name), supplier_name
