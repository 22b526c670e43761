-- by_theme (the board pack's breakdown): the rollup of by_ics, by model
-- and theme.
-- grain: one row per model and theme
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select model, coalesce(theme, 'Not in the taxonomy') as theme,
    count(distinct contract_ref) as contracts, unnest(rag_counts(rag)), median_delivery(delivery_ratio, rag) as median_ratio
from in_scope
group by 1, 2
order by 1, 2
