-- commitment_status: delivery against each commitment, month by month.
-- A commitment reports in periods (monthly, quarterly or annual, counted
-- from its first month). For `sum` measures expected_to_date is
-- target × months of the completed periods judged so far ÷ months in the
-- commitment, so a quarterly target steps up at each quarter end (the as_of
-- month counts when it ends a period); delivered_to_date is the running sum
-- of current returns from first_month, whatever month of a period they are
-- dated. For `latest` measures expected is the target once a period has
-- been due, and delivered is the latest value. Rows stop at the
-- commitment's last month: an ended commitment keeps its final status
-- there (see completed_commitments) and is not in the reporting month.
-- social_value_gbp = delivered × the proxy £ per unit (sum measures only).
-- grain: one row per commitment per month, from first_month to the earlier
-- of its last month and the reporting month (a commitment starting later has
-- one grey row at the reporting month)
with terms as (select * from int_commitment_terms),
reporting as (select reporting_month from int_reporting_month),
thresholds as (select rag_green_min, rag_amber_min from int_settings),
-- returns_clean has at most one current row per contract, measure and month
current_returns as (
    select contract_ref, measure_code, period, value
    from returns_clean
    where not superseded
),

spread_over_months as (
    -- only what the running totals need: the window below sorts these rows,
    -- and carrying every descriptive column through it cost most of the
    -- mart's build (they are joined back once, in final)
    select
        t.contract_ref,
        t.measure_code,
        t.aggregation,
        t.target,
        t.period_months,
        t.term_first_month,
        t.first_month,
        t.last_month,
        t.months_total,
        cast(unnest(generate_series(
            least(t.first_month, t.last_month, r.reporting_month),
            least(t.last_month, r.reporting_month),
            interval 1 month)) as date) as as_of
    from terms t
    cross join reporting r
),

attach_returns as (
    -- equality keys only in the join: a range condition here makes DuckDB
    -- fall back to a nested-loop join (minutes on a region); months before
    -- first_month are blanked after the join instead
    select
        s.*,
        case when s.as_of >= s.first_month then cr.value end as month_value
    from spread_over_months s
    left join current_returns cr
        on cr.contract_ref = s.contract_ref
        and cr.measure_code = s.measure_code
        and cr.period = s.as_of
),

count_due_months as (
    -- done_offset: months from term_first_month to the end of the last
    -- completed reporting period at as_of (-1: none yet)
    select
        *,
        as_of < first_month as not_started,
        case
            when as_of >= last_month then months_total - 1
            else ((datediff('month', term_first_month, as_of) + 1) // period_months) * period_months - 1
        end as done_offset
    from attach_returns
),

accumulate as (
    select
        *,
        greatest(done_offset - datediff('month', term_first_month, first_month) + 1, 0) as months_due,
        coalesce(sum(month_value) over w, 0) as delivered_sum,
        last_value(month_value ignore nulls) over w as delivered_latest
    from count_due_months
    -- the default frame (range up to the current row) is the running one:
    -- as_of is unique within a commitment, and DuckDB computes it as it
    -- streams, where an explicit rows frame costs twice as much
    window w as (partition by contract_ref, measure_code order by as_of)
),

measure_delivery as (
    select
        *,
        case
            when aggregation is null then null
            when not_started or months_due = 0 then 0
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
        d.supplier_name,
        d.trust_code,
        d.ics_code,
        d.region_code,
        r.measure_code,
        d.unit,
        r.target,
        r.expected_to_date,
        r.delivered_to_date,
        r.delivery_ratio,
        case
            -- no ratio: no numeric target, a zero target, an unknown
            -- measure, not started, or no period due yet
            when r.delivery_ratio is null then 'grey'
            when r.delivery_ratio >= t.rag_green_min then 'green'
            when r.delivery_ratio >= t.rag_amber_min then 'amber'
            else 'red'
        end as rag,
        case when r.aggregation = 'sum' then r.delivered_to_date * d.gbp_per_unit end as social_value_gbp,
        d.model,
        d.measure_model,
        d.trust_name,
        d.ics_name,
        d.region_name,
        d.measure_name,
        d.mission,
        d.mission_name,
        d.theme,
        d.outcome_code,
        d.outcome_name,
        r.aggregation,
        d.frequency,
        d.category,
        d.local_area,
        d.contract_value_gbp,
        r.first_month,
        r.last_month,
        r.months_due,
        r.as_of = r.last_month as is_final,
        r.not_started
    from rate r
    -- one row per commitment in terms (its grain), so this adds columns only
    join terms d on d.contract_ref = r.contract_ref and d.measure_code = r.measure_code
    cross join thresholds t
)
select * from final
