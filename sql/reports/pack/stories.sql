-- stories (the board pack's): the suppliers' own words behind the
-- commitments that delivered most in the report's scope
-- (reports/stories.sql, before this file as the CTE stories, after
-- highlight_floor), in the highlights' order (dashboard.HighlightOrder);
-- up to $limit.
-- grain: one row per story listed
-- params: $as_of, $region, $ics, $trust, $supplier, $story_chars, $limit
with listed as (
    select story, attribution, evidence, supplier_name, contract_ref, measure_code,
        worded_name(measure_name, wording_status) as measure_name, unit, delivered_to_date, social_value_gbp
    from stories
    where in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select *
from listed
order by social_value_gbp desc nulls last, delivered_to_date desc, contract_ref, measure_code
limit $limit
