-- resolved (the board pack's Actions sheet): the hub log's items the hub
-- closed in the report's scope, with why, latest first.
-- grain: one row per resolved hub log item
-- params: $region, $ics, $trust, $supplier
select item_type, contract_ref, supplier_name, coalesce(measure_code, '') || coalesce(' ' || flag, '') as about,
       coalesce(notes, action_agreed) as why, owner, log_month
from actions
where status = 'resolved' and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
order by log_month desc, contract_ref, item_key
