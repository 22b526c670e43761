-- hublog/open_items: the month's open items with what was last logged for
-- each, in the order the hub log lists them, with the NHS region of each
-- item's contract (a national run writes one hub log per region).
-- grain: one row per open item
select h.item_type, h.item_key, h.contract_ref, coalesce(h.supplier_name, ''), coalesce(h.measure_code, ''), coalesce(h.detail, ''), h.period, h.log_month,
       coalesce(h.status, ''), coalesce(h.owner, ''), coalesce(h.action_agreed, ''), coalesce(h.evidence_check, ''), coalesce(h.notes, ''), h.due_date, h.date_checked,
       coalesce(o.region_name, o.region_code, '')
from hub_log_open h
left join contracts k on k.contract_ref = h.contract_ref
left join organisations o on o.trust_code = k.trust_code
order by h.type_order, lower(h.supplier_name), h.contract_ref, h.period, h.measure_code, h.item_key
