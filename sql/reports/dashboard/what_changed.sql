-- what_changed (the dashboard's list): what moved since the previous
-- reporting month (reports/what_changed.sql, before this file as the CTE
-- what_changed), in every view, with each kind's count in the scope for
-- the headline (the list keeps its first rows only: $keep, list_keeps; a
-- supplier's view keeps every row).
-- grain: one row per scope and change kept
with c as (from scoped(what_changed, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
listed as (
    select scope, change, change_rank, contract_ref, supplier_name, coalesce(measure_code, '') as measure_code, item, was, now,
        count(*) filter (where change = 'newly_red') over (partition by scope) as n_newly_red,
        count(*) filter (where change = 'recovered') over (partition by scope) as n_recovered,
        count(*) filter (where change = 'newly_overdue') over (partition by scope) as n_newly_overdue,
        count(*) filter (where change = 'received_late') over (partition by scope) as n_received_late,
        count(*) filter (where change = 'corrected') over (partition by scope) as n_corrected,
        count(*) filter (where change = 'new_flag') over (partition by scope) as n_new_flag,
        count(*) filter (where change = 'resolved_flag') over (partition by scope) as n_resolved_flag,
        count(*) filter (where change = 'started') over (partition by scope) as n_started,
        count(*) filter (where change = 'ended') over (partition by scope) as n_ended
    from c
)
select * exclude (scope_rank, change_rank)
from (
    select *, count(*) over (partition by scope) as scope_rows,
        row_number() over (partition by scope order by change_rank, contract_ref, measure_code, item) as scope_rank
    from listed
) ranked
where scope_rank <= list_keeps(scope, scope_rows, $keep, $keep_all, true)
order by scope, scope_rank
