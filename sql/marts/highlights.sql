-- highlights: success to celebrate, at the reporting month. Two kinds:
-- 'ahead_of_plan': a live commitment delivering at or above
--   ahead_of_plan_ratio (setting, default 1.2) of what is expected, with the
--   evidence and notes of its latest return that gave any;
-- 'most_improved': a supplier whose % on track rose over the last three
--   months (reporting month against three months earlier), with the points
--   gained.
-- grain: one row per highlighted commitment, or per improved supplier
-- The commitments ahead of plan come from commitment_status_latest (a
-- table: the view's join with the reporting month read every month's
-- 35-column row first). commitment_status is read directly for the
-- suppliers' % on track at two months, three of its columns only.
-- The returns are read as stored, not through returns_clean: its window
-- ranks every return, and a merge rebuilds this mart whole, so a
-- 2,000-row correction paid for ranking all of them. Only the returns of
-- the commitments ahead of plan are ranked here, the same way (the latest
-- load of a key, then the latest row, is its current return).
with returns as (select contract_ref, period, measure_code, evidence, notes, load_seq, row_number from returns),
reporting as (select reporting_month from int_reporting_month),
settings as (select ahead_of_plan_ratio from int_settings),

ahead as (
    select s.*
    from commitment_status_latest s
    cross join settings t
    where s.delivery_ratio >= t.ahead_of_plan_ratio
),

current_returns as (
    -- the current return of each month of the commitments ahead of plan
    -- (one row each, so the join only keeps rows), as returns_clean ranks
    select contract_ref, measure_code, period, evidence, notes
    from (
        select
            r.contract_ref, r.measure_code, r.period, r.evidence, r.notes,
            row_number() over (
                partition by r.contract_ref, r.period, r.measure_code
                order by r.load_seq desc, r.row_number desc
            ) as recency
        from returns r
        join ahead a on a.contract_ref = r.contract_ref and a.measure_code = r.measure_code
    )
    where recency = 1
),

latest_words as (
    -- the most recent current return of each commitment that says anything
    select contract_ref, measure_code, evidence, notes
    from (
        select
            w.contract_ref, w.measure_code, w.evidence, w.notes,
            -- current returns are one per month, so period alone orders them
            row_number() over (partition by w.contract_ref, w.measure_code order by w.period desc) as recency
        from current_returns w
        where coalesce(trim(w.evidence), '') <> '' or coalesce(trim(w.notes), '') <> ''
    )
    where recency = 1
),

ahead_rows as (
    select
        'ahead_of_plan' as kind,
        a.as_of,
        a.supplier_name,
        a.contract_ref,
        a.measure_code,
        a.measure_name,
        a.unit,
        a.expected_to_date,
        a.delivered_to_date,
        a.delivery_ratio,
        cast(null as double) as on_track_pct_before,
        cast(null as double) as on_track_pct_now,
        cast(null as double) as improvement_pct_points,
        w.evidence,
        w.notes,
        a.trust_code,
        a.ics_code,
        a.region_code
    from ahead a
    left join latest_words w on w.contract_ref = a.contract_ref and w.measure_code = a.measure_code
),

supplier_on_track as (
    -- rollup_status's supplier level, at the two months compared only (the
    -- view groups every commitment-month at twelve levels)
    select
        s.as_of,
        s.supplier_name as key,
        100.0 * count(*) filter (where s.rag = 'green')
            / nullif(count(*) - count(*) filter (where s.rag = 'grey'), 0) as on_track_pct
    from commitment_status s
    cross join reporting r
    where s.as_of in (r.reporting_month, cast(r.reporting_month - interval 3 month as date))
    group by s.as_of, s.supplier_name
),

improved_rows as (
    select
        'most_improved' as kind,
        n.as_of,
        n.key as supplier_name,
        cast(null as varchar) as contract_ref,
        cast(null as varchar) as measure_code,
        cast(null as varchar) as measure_name,
        cast(null as varchar) as unit,
        cast(null as double) as expected_to_date,
        cast(null as double) as delivered_to_date,
        cast(null as double) as delivery_ratio,
        b.on_track_pct as on_track_pct_before,
        n.on_track_pct as on_track_pct_now,
        n.on_track_pct - b.on_track_pct as improvement_pct_points,
        cast(null as varchar) as evidence,
        cast(null as varchar) as notes,
        cast(null as varchar) as trust_code,
        cast(null as varchar) as ics_code,
        cast(null as varchar) as region_code
    from supplier_on_track n
    cross join reporting r
    join supplier_on_track b
        on b.key = n.key
        and b.as_of = cast(r.reporting_month - interval 3 month as date)
    where n.as_of = r.reporting_month
      and n.on_track_pct > b.on_track_pct
),

final as (
    select * from ahead_rows
    union all
    select * from improved_rows
)
select * from final
