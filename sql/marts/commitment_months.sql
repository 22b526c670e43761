-- commitment_months: the monthly figures of commitment_status, one narrow
-- row per commitment per month (commitment_id, the month and what changes
-- month to month; int_commitment_terms numbers the commitments); the
-- descriptive columns, the same for every month of a commitment, are in
-- commitment_details, and the commitment_status view joins the two. Writing
-- the 35-column row for every commitment-month cost most of the rebuild
-- (about 3 of its 4 s of CPU at 1/10 of England went to encoding the
-- descriptive text 585k times over).
-- What the figures mean (commitment_status):
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
    -- mart's build (commitment_details has them)
    select
        t.commitment_id,
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
    window w as (partition by commitment_id order by as_of)
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
        r.commitment_id,
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
        r.months_due,
        r.not_started
    from rate r
    cross join thresholds t
)
select * from final
