-- scope_name: the name of the region, ICS, trust or supplier ($level) a
-- report is scoped to ($value, its code), and how many contract rows name
-- it (0: the database does not know it).
-- grain: one row
select max(case $level when 'region' then region_name when 'ICS' then ics_name when 'trust' then trust_name else supplier_name end),
    count(*)
from contract_summary
where case $level when 'region' then region_code when 'ICS' then ics_code when 'trust' then trust_code else supplier_name end = $value
