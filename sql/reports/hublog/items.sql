-- hublog/items: the month's open items (the hub_log_open view) with the
-- NHS region of each item's contract (its trust's, by name else code; ''
-- for none). A hub log step reads it once into a temporary table
-- (hublog.Stage) that hublog/regions and hublog/open_items read: the view
-- costs about 3 s of CPU at England each time it is read, and a national
-- run reads the items once for the counts and once for each region.
-- grain: one row per open item
select h.*, coalesce(o.region_name, o.region_code, '') as region
from hub_log_open h
left join contracts k on k.contract_ref = h.contract_ref
left join organisations o on o.trust_code = k.trust_code
