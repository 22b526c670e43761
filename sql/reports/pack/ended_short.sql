-- ended_short (the board pack's exceptions): commitments whose term ended
-- before the reporting month with their final status amber or red, in the
-- report's scope, furthest short first, each measure named with its unit
-- (unit_words); the first $limit (null: all), each row with the count of
-- them all.
-- grain: one row per commitment listed
-- params: $as_of, $region, $ics, $trust, $supplier, $limit
with ended as (
    select * from commitment_status
    where is_final and last_month < $as_of and rag in ('red', 'amber')
        and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select e.contract_ref, e.supplier_name, coalesce(e.trust_name, e.trust_code) as trust,
       coalesce(e.measure_name, e.measure_code) || coalesce(' (' || coalesce(u.words, e.unit) || ')', '') as measure,
       e.target, e.expected_to_date, e.delivered_to_date, e.delivery_ratio, upper(substr(e.rag, 1, 1)) || substr(e.rag, 2) as rag,
       e.last_month as ended, e.unit,
       count(*) over () as total_rows
from ended e
left join unit_words u on u.unit = e.unit
order by e.delivery_ratio, e.contract_ref, e.measure_code
limit $limit
