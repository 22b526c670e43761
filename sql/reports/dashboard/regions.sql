-- regions: the NHS regions with contracts, for a report of the whole file
-- ("North East and Yorkshire region", or "All regions (7)").
-- grain: one row per region
select distinct region_name from contract_summary where region_name is not null order by 1
