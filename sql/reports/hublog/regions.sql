-- hublog/regions: the NHS regions of the month's open items (staged from
-- hublog/items) with how many items each has, for one hub log per region.
-- grain: one row per region
select region, count(*) as items
from svhub_hub_log_items
group by region
