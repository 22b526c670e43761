-- by_award_criterion (the board pack's breakdown): the rollup of by_ics,
-- by the award criterion a commitment's measure reports against (scored at
-- tender); a criterion whose published wording was not verified is marked
-- "(svhub wording)".
-- grain: one row per model and award criterion
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
),
criteria as (select model, award_criterion, wording_status from award_criteria)
select cs.measure_model as model,
    coalesce(cs.award_criterion_label || ' ' || cs.award_criterion_name
        || case when a.wording_status = 'provisional' then ' (svhub wording)' else '' end, 'No award criterion recorded') as award_criterion,
    count(distinct cs.contract_ref) as contracts, unnest(rag_counts(cs.rag)), median_delivery(cs.delivery_ratio, cs.rag) as median_ratio
from in_scope cs
left join criteria a on a.model = cs.measure_model and a.award_criterion = cs.award_criterion
group by 1, 2
order by 1 nulls last, any_value(cs.award_criterion) nulls last, 2
