-- export_regions: the NHS regions of the trusts of an export's contracts,
-- which its manifest lists.
-- grain: one row per region
select distinct o.region_code
from contracts k
join organisations o on o.trust_code = k.trust_code
where o.region_code is not null
order by 1
