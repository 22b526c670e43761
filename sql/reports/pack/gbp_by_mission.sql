-- gbp_by_mission (the board pack's Summary chart): £ of social value
-- delivered to date (delivered units × proxy £ per unit), by mission, in the
-- report's scope; no rows when no proxy values are loaded.
-- grain: one row per mission
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and social_value_gbp is not null
        and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select coalesce(mission || ' ' || mission_name, 'Not in the taxonomy') as mission, sum(social_value_gbp) as gbp
from in_scope
group by 1
order by 1
