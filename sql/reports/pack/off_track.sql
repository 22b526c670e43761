-- off_track (the board pack's off-track lists: Top issues, Exceptions, All
-- exceptions): the reporting month's red commitments in the report's
-- scope (reports/off_track.sql, read as the CTE off_track), most material
-- first (dashboard.MaterialityOrder: £ behind plan, then the contract's
-- value a year), each measure named with its unit (unit_words); the first
-- $limit (null: all), each row with the count of them all.
-- grain: one row per red commitment listed
-- params: $as_of, $region, $ics, $trust, $supplier, $limit
with in_scope as (
    select * from off_track
    where in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select o.contract_ref, o.supplier_name, o.trust,
       coalesce(o.measure_name, o.measure_code) || coalesce(' (' || coalesce(u.words, o.unit) || ')', '') as measure,
       o.target, o.expected_to_date, o.delivered_to_date, o.delivery_ratio, upper(substr(o.rag, 1, 1)) || substr(o.rag, 2) as rag,
       o.value_gbp_per_year, o.gbp_at_risk, '' as action, o.unit, coalesce(o.measure_name, o.measure_code) as measure_name,
       count(*) over () as total_rows
from in_scope o
left join unit_words u on u.unit = o.unit
order by o.gbp_at_risk desc nulls last, o.value_gbp_per_year desc nulls last, o.delivery_ratio, o.contract_ref, o.measure_code
limit $limit
