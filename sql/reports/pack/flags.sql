-- flags (the board pack's quality flags): each open flag in the report's
-- scope, how many commitments or contracts carry it, and the first twelve
-- contracts (then "and N more").
-- grain: one row per flag
-- params: $region, $ics, $trust, $supplier
with open as (
    select * from commitment_flags_open
    where in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select flag, count(*) as flagged, count(distinct contract_ref) as contracts,
       array_to_string(list_slice(list(distinct contract_ref order by contract_ref), 1, 12), ', ')
           || case when count(distinct contract_ref) > 12 then ' and ' || (count(distinct contract_ref) - 12) || ' more' else '' end as contract_refs
from open
group by flag
order by flagged desc, 1
