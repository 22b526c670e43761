-- actions (the board pack's Actions sheet): the hub log's actions not yet
-- resolved in the report's scope, past their due date first (those are
-- exceptions in their own right).
-- grain: one row per open hub log item
-- params: $region, $ics, $trust, $supplier
select case when past_due then 'Past due' else 'Open' end as state, item_type, contract_ref, supplier_name,
       coalesce(measure_code, '') || coalesce(' ' || flag, '') as about, action_agreed, owner, due_date, status
from actions
where status <> 'resolved' and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
order by past_due desc, due_date nulls last, contract_ref, item_key
