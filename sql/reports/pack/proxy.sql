-- proxy (the board pack's About sheet): the proxy value tables loaded (£
-- per unit), by source and year, with how many measures each prices.
-- grain: one row per source and year
select source, year, count(*) as measures
from stg_proxy_values
group by 1, 2
order by 2 desc, 1
