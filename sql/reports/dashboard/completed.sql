-- completed: contracts whose term ended before the reporting month, with
-- their final status, latest first, in every view, capped per view ($keep,
-- list_keeps).
-- grain: one row per scope and contract kept
with c as (from scoped(completed_contracts, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
listed as (
    select scope, contract_ref, supplier_name, category, end_date as ended, on_track_pct, commitments, social_value_gbp
    from c
)
select * exclude (scope_rank)
from (
    select *, count(*) over (partition by scope) as scope_rows,
        row_number() over (partition by scope order by ended desc, contract_ref) as scope_rank
    from listed
) ranked
where scope_rank <= list_keeps(scope, scope_rows, $keep, $keep_all, false)
order by scope, scope_rank
