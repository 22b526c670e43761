-- period_totals (the dashboard's table): delivery inside a period (a
-- financial year, or --from/--to) beside the same months a year earlier, by
-- measure, in every view (reports/period_totals.sql, before this file as
-- the CTE period_totals): units are never added together.
-- grain: one row per scope and measure
with c as (from scoped(period_totals, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select scope, measure_code, any_value(measure_name) as measure_name, any_value(unit) as unit,
    count(*) filter (where in_period) as commitments,
    sum(expected_in_period) as expected_in_period,
    sum(delivered_in_period) as delivered_in_period,
    sum(delivered_in_period) / nullif(sum(expected_in_period), 0) as delivery_ratio,
    sum(expected_prev) as expected_prev,
    sum(delivered_prev) as delivered_prev,
    sum(delivered_in_period) - sum(delivered_prev) as change_on_prev,
    gbp_total(delivered_in_period * gbp_per_unit) as social_value_gbp,
    gbp_total(delivered_prev * gbp_per_unit) as social_value_gbp_prev,
    any_value(months_in_period) as months_in_period, any_value(months_covered) as months_covered,
    any_value(prev_months_covered) as prev_months_covered,
    cast($from as date) as period_from, cast($to as date) as period_to
from c
group by scope, measure_code
order by scope, measure_code
