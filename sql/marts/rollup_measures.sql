-- rollup_measures: delivered against expected per measure at every rollup
-- level, month by month. Each row is one measure, so one unit: values are
-- only ever added within a measure. For `sum` measures target, expected,
-- delivered and £ are sums over the group's commitments (a rollup equals the
-- sum of its parts); for `latest` measures (percentages) they are NULL and
-- the median delivered value and median target are given instead.
-- grain: one row per month (as_of) per level per key per measure_code
-- materialise: no (no report or export reads it; as a table it cost every
-- ingest more than commitment_status itself)
with keyed as (select * from rollup_keyed),

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
