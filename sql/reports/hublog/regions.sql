-- hublog/regions: the NHS regions of the month's open items (the region
-- of each item's contract, as hublog/open_items names it: '' for none),
-- with how many items each has, for one hub log per region.
-- grain: one row per region
select coalesce(o.region_name, o.region_code, '') as region, count(*) as items
from hub_log_open h
left join contracts k on k.contract_ref = h.contract_ref
left join organisations o on o.trust_code = k.trust_code
group by all
