-- rollup_measures: delivered against expected per measure at every rollup
-- level, month by month. Each row is one measure, so one unit: values are
-- only ever added within a measure. For `sum` measures target, expected,
-- delivered and £ are sums over the group's commitments (a rollup equals the
-- sum of its parts); for `latest` measures (percentages) they are NULL and
-- the median delivered value and median target are given instead.
-- grain: one row per month (as_of) per level per key per measure_code
with commitment_status as (select * from commitment_status),

-- each commitment-month once per level, keyed by its group at that level
-- (the same keys in rollup_status and rollup_measures)
keyed as (
    select 'all' as level, 'all' as key, 'All contracts' as label, * from commitment_status
    union all
    select 'region', region_code, coalesce(region_name, region_code), * from commitment_status
    union all
    select 'ics', ics_code, coalesce(ics_name, ics_code), * from commitment_status
    union all
    select 'trust', trust_code, coalesce(trust_name, trust_code), * from commitment_status
    union all
    select 'supplier', supplier_name, supplier_name, * from commitment_status
    union all
    select 'contract', contract_ref, contract_ref || ' (' || supplier_name || ')', * from commitment_status
    union all
    select 'category', category, category, * from commitment_status
    union all
    select 'local_area', local_area, local_area, * from commitment_status
    union all
    select 'mission', coalesce(mission, 'unknown'), coalesce(mission || ' ' || mission_name, 'Measure not in the taxonomy'), * from commitment_status
    union all
    select 'theme', coalesce(measure_model || ' ' || theme, 'unknown'), coalesce(theme || ' (' || measure_model || ' model)', 'Measure not in the taxonomy'), * from commitment_status
    union all
    select 'outcome', coalesce(measure_model || '.' || outcome_code, 'unknown'),
        coalesce(measure_model || ' outcome ' || outcome_code || ': ' || outcome_name, 'Measure not in the taxonomy'), * from commitment_status
    union all
    -- the model a contract reports under (its measures' model can differ)
    select 'model', model, model || ' model', * from commitment_status
),

final as (
    select
        as_of, level, key, any_value(label) as label,
        measure_code,
        any_value(measure_name) as measure_name,
        any_value(unit) as unit,
        any_value(aggregation) as aggregation,
        count(*) as commitments,
        count(*) filter (where rag = 'green') as green,
        count(*) filter (where rag not in ('grey')) as judged,
        case when any_value(aggregation) = 'sum' then sum(target) end as target,
        case when any_value(aggregation) = 'sum' then sum(expected_to_date) end as expected_to_date,
        case when any_value(aggregation) = 'sum' then sum(delivered_to_date) end as delivered_to_date,
        case when any_value(aggregation) = 'sum' then sum(delivered_to_date) / nullif(sum(expected_to_date), 0) end as delivery_ratio,
        sum(social_value_gbp) as social_value_gbp,
        case when any_value(aggregation) = 'latest' then median(delivered_to_date) end as median_latest_value,
        case when any_value(aggregation) = 'latest' then median(target) end as median_latest_target
    from keyed
    group by as_of, level, key, measure_code
)
select * from final
