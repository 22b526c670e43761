-- hublog/open_items: the month's open items (staged from hublog/items)
-- with what was last logged for each, in the order the hub log lists them,
-- with the NHS region of each item's contract. $region NULL gives every
-- region's items; a region's name ('' for no region) gives that region's
-- alone, so a national run streams one region's log at a time.
-- grain: one row per open item
select item_type, item_key, contract_ref, coalesce(supplier_name, ''), coalesce(measure_code, ''), coalesce(detail, ''), period, log_month,
       coalesce(status, ''), coalesce(owner, ''), coalesce(action_agreed, ''), coalesce(evidence_check, ''), coalesce(notes, ''), due_date, date_checked,
       region
from svhub_hub_log_items
where $region is null or region = $region
order by type_order, lower(supplier_name), contract_ref, period, measure_code, item_key
