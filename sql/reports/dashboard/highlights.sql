-- highlights: commitments delivered at or ahead of plan (green, delivered ÷
-- expected at least 1, expected at least one unit by now), most delivered
-- first (£ of social value where a proxy value exists, then the amount), in
-- every view, capped per view ($keep, list_keeps), with the change over 3
-- months and the supplier's latest evidence. The change is joined before
-- the rows are repeated for each view, and the evidence looked up for the
-- rows kept only: the latest evidence of every return was most of this
-- query's time.
-- grain: one row per scope and commitment kept
with before as (
    select contract_ref, measure_code, delivery_ratio as ratio_before
    from commitment_status
    where as_of = $as_of - interval 3 month and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
),
ahead as (
    select c.*, 100.0 * (c.delivery_ratio - b.ratio_before) as improvement_points
    from commitment_status c
    left join before b on b.contract_ref = c.contract_ref and b.measure_code = c.measure_code
    where c.as_of = $as_of and c.last_month >= $as_of and c.rag = 'green' and c.delivery_ratio >= 1
      and c.expected_to_date >= (select min_expected_to_date from highlight_floor)
),
c as (from scoped(ahead, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
listed as (
    select scope, supplier_name, contract_ref, measure_code,
        worded_name(measure_name, wording_status) as measure_name, unit,
        expected_to_date, delivered_to_date, delivery_ratio, improvement_points, social_value_gbp
    from c
),
kept as (
    select * exclude (scope_rank)
    from (
        select *, count(*) over (partition by scope) as scope_rows,
            row_number() over (partition by scope order by social_value_gbp desc nulls last, delivered_to_date desc, contract_ref, measure_code) as scope_rank
        from listed
    ) ranked
    where scope_rank <= list_keeps(scope, scope_rows, $keep, $keep_all, false)
    order by scope, scope_rank
),
evidence as (
    select contract_ref, measure_code, arg_max(evidence, period) as evidence
    from return_evidence
    where period <= $as_of and (contract_ref, measure_code) in (select contract_ref, measure_code from kept)
    group by all
)
select k.scope, k.supplier_name, k.contract_ref, k.measure_code, k.measure_name, k.unit,
    k.expected_to_date, k.delivered_to_date, k.delivery_ratio, k.improvement_points, k.social_value_gbp,
    coalesce(e.evidence, '') as evidence, k.scope_rows
from kept k
left join evidence e on e.contract_ref = k.contract_ref and e.measure_code = k.measure_code
order by k.scope, k.social_value_gbp desc nulls last, k.delivered_to_date desc, k.contract_ref, k.measure_code
