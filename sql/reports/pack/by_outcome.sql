-- by_outcome (the board pack's breakdown): the rollup of by_ics, by model
-- and policy outcome (its code and name).
-- grain: one row per model and outcome
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
),
outcomes as (select model, outcome_code, outcome_name from stg_outcomes)
select cs.model, coalesce(cs.outcome_code || ' ' || o.outcome_name, cs.outcome_code, 'Not in the taxonomy') as outcome, any_value(cs.outcome_code) as outcome_code,
    count(distinct cs.contract_ref) as contracts, unnest(rag_counts(cs.rag)), median_delivery(cs.delivery_ratio, cs.rag) as median_ratio
from in_scope cs
left join outcomes o on o.model = cs.model and o.outcome_code = cs.outcome_code
group by 1, 2
order by 1, outcome_code
