-- off_track (the dashboard's list): the red commitments of the reporting
-- month, most material first (reports/off_track.sql, before this file as
-- the CTE off_track; materiality as dashboard.MaterialityOrder), in every
-- view, capped per view ($keep, list_keeps).
-- grain: one row per scope and commitment kept
with c as (from scoped(off_track, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
listed as (
    select scope, contract_ref, supplier_name, trust, measure_code,
        worded_name(measure_name, wording_status) as measure_name, unit,
        target, expected_to_date, delivered_to_date, delivery_ratio, rag, value_gbp_per_year, gbp_at_risk
    from c
)
select * exclude (scope_rank)
from (
    select *, count(*) over (partition by scope) as scope_rows,
        row_number() over (partition by scope order by gbp_at_risk desc nulls last, value_gbp_per_year desc nulls last, delivery_ratio, contract_ref, measure_code) as scope_rank
    from listed
) ranked
where scope_rank <= list_keeps(scope, scope_rows, $keep, $keep_all, false)
order by scope, scope_rank
