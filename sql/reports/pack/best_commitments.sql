-- best_commitments (the board pack's highlights): green commitments that
-- delivered most (dashboard.HighlightOrder: £ of social value where proxy
-- values are loaded, then the amount), expected to deliver at least one
-- unit by now, each measure named with its unit (unit_words); up to 15.
-- grain: one row per commitment listed
-- params: $as_of, $region, $ics, $trust, $supplier
with green as (
    select * from commitment_status
    where as_of = $as_of and rag = 'green' and expected_to_date >= (select min_expected_to_date from highlight_floor)
        and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select g.contract_ref, g.supplier_name, coalesce(g.trust_name, g.trust_code) as trust,
       coalesce(g.measure_name, g.measure_code) || coalesce(' (' || coalesce(u.words, g.unit) || ')', '') as measure,
       g.target, g.expected_to_date, g.delivered_to_date, g.delivery_ratio, upper(substr(g.rag, 1, 1)) || substr(g.rag, 2) as rag,
       g.social_value_gbp, g.unit
from green g
left join unit_words u on u.unit = g.unit
order by g.social_value_gbp desc nulls last, g.delivered_to_date desc, g.contract_ref, g.measure_code
limit 15
