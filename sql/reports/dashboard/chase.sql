-- chase: contracts with overdue returns, grouped by supplier, most
-- recently missed first, with the chases the hub logged (chase_status,
-- issue 21), in every view, capped per view ($keep, list_keeps; a
-- supplier's view keeps every row). Every overdue return counts in the
-- headline, so the list carries its scope's totals beside the rows it keeps.
-- grain: one row per scope and contract kept
with missed as (select * from returns_due where not received and period <= $as_of),
d as (from scoped(missed, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
per_contract as (
    select d.scope, d.supplier_name, d.contract_ref,
        count(*) as months_missed,
        string_agg(strftime(d.period, '%b %Y'), ', ' order by d.period) as months,
        max(d.period) as latest_missed,
        max(d.days_overdue) as days_overdue,
        min(d.days_overdue) as newest_days_overdue,
        case when coalesce(max(c.times_chased), 0) = 0 then 'not chased'
            else 'chased ' || max(c.times_chased) || ' times, last ' || strftime(max(c.last_chased), '%-d %B %Y')
                || case when bool_or(c.escalate) then '; escalate' else '' end end as chased
    from d left join chase_status c on c.contract_ref = d.contract_ref and c.period = d.period
    group by d.scope, d.supplier_name, d.contract_ref
),
totals as (
    select scope, sum(months_missed) as scope_months_missed, count(distinct supplier_name) as scope_suppliers,
        count(*) filter (where newest_days_overdue <= 31) as scope_fresh_contracts
    from per_contract group by scope
),
final as (
    select p.*, max(p.latest_missed) over (partition by p.scope, p.supplier_name) as supplier_latest,
        t.scope_months_missed, t.scope_suppliers, t.scope_fresh_contracts
    from per_contract p join totals t using (scope)
),
listed as (
    select scope, supplier_name, contract_ref, months_missed, months, latest_missed, days_overdue, newest_days_overdue, chased,
        scope_months_missed, scope_suppliers, scope_fresh_contracts, supplier_latest
    from final
),
kept as (
    select * exclude (scope_rank)
    from (
        select *, count(*) over (partition by scope) as scope_rows,
            row_number() over (partition by scope order by supplier_latest desc, supplier_name, latest_missed desc, contract_ref) as scope_rank
        from listed
    ) ranked
    where scope_rank <= list_keeps(scope, scope_rows, $keep, $keep_all, true)
    order by scope, scope_rank
)
select * exclude (supplier_latest) from kept
order by scope, supplier_latest desc, supplier_name, latest_missed desc, contract_ref
