-- what_changed (the dashboard's list): what moved since the previous
-- reporting month (reports/what_changed.sql, before this file as the CTE
-- what_changed), in every view, with each kind's count in the scope for
-- the headline (the list keeps its first rows only: $keep, list_keeps; a
-- supplier's view keeps every row). The counts are one grouping per scope,
-- joined to its rows: nine window counts over the same partition cost
-- most of the query.
-- grain: one row per scope and change kept
with c as (from scoped(what_changed, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
counts as (
    select scope,
        count(*) as scope_rows,
        count(*) filter (where change = 'newly_red') as n_newly_red,
        count(*) filter (where change = 'recovered') as n_recovered,
        count(*) filter (where change = 'newly_overdue') as n_newly_overdue,
        count(*) filter (where change = 'received_late') as n_received_late,
        count(*) filter (where change = 'corrected') as n_corrected,
        count(*) filter (where change = 'new_flag') as n_new_flag,
        count(*) filter (where change = 'resolved_flag') as n_resolved_flag,
        count(*) filter (where change = 'started') as n_started,
        count(*) filter (where change = 'ended') as n_ended
    from c group by scope
),
ranked as (
    select scope, change, change_rank, contract_ref, supplier_name, coalesce(measure_code, '') as measure_code, item, was, now,
        row_number() over (partition by scope order by change_rank, contract_ref, coalesce(measure_code, ''), item) as scope_rank
    from c
)
select r.scope, r.change, r.contract_ref, r.supplier_name, r.measure_code, r.item, r.was, r.now,
    n.n_newly_red, n.n_recovered, n.n_newly_overdue, n.n_received_late, n.n_corrected,
    n.n_new_flag, n.n_resolved_flag, n.n_started, n.n_ended, n.scope_rows
from ranked r
join counts n using (scope)
where r.scope_rank <= list_keeps(r.scope, n.scope_rows, $keep, $keep_all, true)
order by r.scope, r.scope_rank
