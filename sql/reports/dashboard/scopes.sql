-- scopes: the drill-down views of a report, besides the whole file's: each
-- ICS, trust and supplier with contracts in the report's scope, each kind
-- in name order.
-- grain: one row per view
with k as (from scoped(contract_summary, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select scope,
    any_value(case split_part(scope, ':', 1) when 'ics' then ics_name when 'trust' then trust_name when 'supplier' then supplier_name end) as label,
    split_part(scope, ':', 1) as kind
from k
where scope <> 'all'
group by scope
order by case kind when 'ics' then 1 when 'trust' then 2 else 3 end, lower(label), scope
