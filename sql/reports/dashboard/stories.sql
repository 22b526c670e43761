-- stories (the dashboard's): the suppliers' own words behind the
-- commitments that delivered most (reports/stories.sql, before this file as
-- the CTE stories, after highlight_floor), in the highlights' order
-- (dashboard.HighlightOrder), in every view, capped per view ($keep,
-- list_keeps).
-- grain: one row per scope and story kept
with c as (from scoped(stories, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
listed as (
    select scope, story, attribution, evidence, supplier_name, contract_ref, measure_code,
        worded_name(measure_name, wording_status) as measure_name, unit, delivered_to_date, social_value_gbp
    from c
)
select * exclude (scope_rank)
from (
    select *, count(*) over (partition by scope) as scope_rows,
        row_number() over (partition by scope order by social_value_gbp desc nulls last, delivered_to_date desc, contract_ref, measure_code) as scope_rank
    from listed
) ranked
where scope_rank <= list_keeps(scope, scope_rows, $keep, $keep_all, false)
order by scope, scope_rank
