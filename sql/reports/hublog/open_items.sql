-- hublog/open_items: the month's open items with what was last logged for
-- each, in the order the hub log lists them.
-- grain: one row per open item
select item_type, item_key, contract_ref, coalesce(supplier_name, ''), coalesce(measure_code, ''), coalesce(detail, ''), period, log_month,
       coalesce(status, ''), coalesce(owner, ''), coalesce(action_agreed, ''), coalesce(evidence_check, ''), coalesce(notes, ''), due_date, date_checked
from hub_log_open
order by type_order, lower(supplier_name), contract_ref, period, measure_code, item_key
