-- best_suppliers (the board pack's highlights): suppliers with at least
-- two commitments that can be judged, all green; highest median delivered
-- ÷ expected first, up to 15.
-- grain: one row per supplier
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
),
counted as (
    select supplier_name, count(distinct contract_ref) as contracts, rag_counts(rag) as r,
        median_delivery(delivery_ratio, rag) as median_ratio
    from in_scope
    group by supplier_name
)
select supplier_name, contracts, r.judged as judged, median_ratio
from counted
where r.judged >= 2 and r.red + r.amber = 0
order by median_ratio desc, supplier_name
limit 15
