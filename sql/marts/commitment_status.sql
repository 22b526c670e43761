-- commitment_status: delivery against each commitment, month by month.
-- expected_to_date is pro-rata for `sum` measures (target × months due ÷
-- months in the commitment, the as_of month counting as due) and the target
-- itself for `latest` measures; delivered_to_date is the running sum, or the
-- latest value, of current returns inside the commitment's months. Months
-- count from first_month (see int_commitment_terms: not before monitoring began).
-- grain: one row per commitment per month, from its first month to the
-- reporting month (a commitment starting later has one grey row there)
with terms as (select * from int_commitment_terms),
reporting as (select reporting_month from int_reporting_month),
thresholds as (select rag_green_min, rag_amber_min from int_settings),
current_returns as (
    select contract_ref, measure_code, period, sum(value) as value
    from returns_clean
    where not superseded
    group by contract_ref, measure_code, period
),

spread_over_months as (
    select
        t.*,
        cast(unnest(generate_series(least(t.first_month, r.reporting_month), r.reporting_month, interval 1 month)) as date) as as_of
    from terms t
    cross join reporting r
),

attach_returns as (
    -- equality keys only in the join: a range condition here makes DuckDB
    -- fall back to a nested-loop join (minutes on a region); months outside
    -- the commitment are blanked after the join instead
    select
        s.*,
        case when s.as_of between s.first_month and s.last_month then cr.value end as month_value
    from spread_over_months s
    left join current_returns cr
        on cr.contract_ref = s.contract_ref
        and cr.measure_code = s.measure_code
        and cr.period = s.as_of
),

accumulate as (
    select
        *,
        as_of < first_month as not_started,
        least(datediff('month', first_month, as_of) + 1, months_monitored) as months_due,
        coalesce(sum(month_value) over w, 0) as delivered_sum,
        last_value(month_value ignore nulls) over w as delivered_latest
    from attach_returns
    window w as (partition by contract_ref, measure_code order by as_of rows between unbounded preceding and current row)
),

measure_delivery as (
    select
        *,
        case
            when not_started then 0
            when aggregation = 'latest' then target
            else target * months_due / months_total
        end as expected_to_date,
        case
            when not_started then 0
            when aggregation = 'latest' then delivered_latest
            else delivered_sum
        end as delivered_to_date
    from accumulate
),

rate as (
    select
        *,
        case
            when expected_to_date > 0 then round(coalesce(delivered_to_date, 0) / expected_to_date, 6)
        end as delivery_ratio
    from measure_delivery
),

final as (
    select
        r.as_of,
        r.contract_ref,
        r.supplier_name,
        r.trust_code,
        r.ics_code,
        r.region_code,
        r.measure_code,
        r.unit,
        r.target,
        r.expected_to_date,
        r.delivered_to_date,
        r.delivery_ratio,
        case
            when r.target is null or r.target = 0 or r.not_started or r.aggregation is null or r.months_monitored = 0
                or r.delivery_ratio is null then 'grey'
            when r.delivery_ratio >= t.rag_green_min then 'green'
            when r.delivery_ratio >= t.rag_amber_min then 'amber'
            else 'red'
        end as rag,
        r.model,
        r.trust_name,
        r.ics_name,
        r.region_name,
        r.measure_name,
        r.mission,
        r.mission_name,
        r.theme,
        r.outcome_code,
        r.aggregation,
        r.first_month,
        r.last_month
    from rate r
    cross join thresholds t
)
select * from final
