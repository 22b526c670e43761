-- period_totals: what each commitment was expected to deliver and
-- delivered inside a period ($from to $to, first days of months: a
-- financial year is April to March) and in the same months a year earlier,
-- for the financial-year view. A commitment's figure for a period is its
-- running total at the period's last month (or its last month before) less
-- its running total just before the period began, so a quarterly
-- commitment counts the quarters completed inside the period, and a year
-- boundary splits nothing twice. Only summed measures (counts, hours, £,
-- tonnes): a percentage has no total. months_covered counts the period's
-- months the hub has data for (from the monitoring start to the reporting
-- month), so a partial year says so.
-- grain: one row per summed commitment with any month in either period
-- params: $from, $to, $region, $ics, $trust
with bounds as (
    select
        cast($from as date) as p_from,
        cast($to as date) as p_to,
        cast(cast($from as date) - interval 12 month as date) as q_from,
        cast(cast($to as date) - interval 12 month as date) as q_to,
        monitoring_start,
        reporting_month
    from report_settings
),
status as (
    select c.contract_ref, c.measure_code, c.as_of, c.expected_to_date, coalesce(c.delivered_to_date, 0) as delivered_to_date,
        c.region_code, c.ics_code, c.trust_code, c.supplier_name, c.measure_name, c.unit
    from commitment_status c
    where c.aggregation = 'sum' and c.target is not null
        -- only the report's region, ICS or trust (the same in every month
        -- of a commitment, so a commitment is kept or left out whole): a
        -- regional report totalled every commitment in England. Not its
        -- supplier: a novated commitment's months have two.
        and in_report(c.region_code, c.ics_code, c.trust_code, c.supplier_name, $region, $ics, $trust, '')
),
details as (select contract_ref, measure_code, gbp_per_unit from commitment_details),
running as (
    select
        s.contract_ref, s.measure_code,
        any_value(s.region_code) as region_code, any_value(s.ics_code) as ics_code,
        any_value(s.trust_code) as trust_code, any_value(s.supplier_name) as supplier_name,
        any_value(s.measure_name) as measure_name, any_value(s.unit) as unit,
        arg_max(s.expected_to_date, s.as_of) filter (where s.as_of <= b.p_to) as expected_end,
        arg_max(s.expected_to_date, s.as_of) filter (where s.as_of < b.p_from) as expected_before,
        arg_max(s.delivered_to_date, s.as_of) filter (where s.as_of <= b.p_to) as delivered_end,
        arg_max(s.delivered_to_date, s.as_of) filter (where s.as_of < b.p_from) as delivered_before,
        arg_max(s.expected_to_date, s.as_of) filter (where s.as_of <= b.q_to) as prev_expected_end,
        arg_max(s.expected_to_date, s.as_of) filter (where s.as_of < b.q_from) as prev_expected_before,
        arg_max(s.delivered_to_date, s.as_of) filter (where s.as_of <= b.q_to) as prev_delivered_end,
        arg_max(s.delivered_to_date, s.as_of) filter (where s.as_of < b.q_from) as prev_delivered_before,
        count(*) filter (where s.as_of between b.p_from and b.p_to) > 0 as in_period,
        count(*) filter (where s.as_of between b.q_from and b.q_to) > 0 as in_prev
    from status s, bounds b
    -- months before monitoring began are not judged (a commitment that
    -- ended before it keeps one row there)
    where s.as_of >= b.monitoring_start
    group by s.contract_ref, s.measure_code
),
coverage as (
    select
        datediff('month', p_from, p_to) + 1 as months_in_period,
        greatest(datediff('month', greatest(p_from, monitoring_start), least(p_to, reporting_month)) + 1, 0) as months_covered,
        greatest(datediff('month', greatest(q_from, monitoring_start), least(q_to, reporting_month)) + 1, 0) as prev_months_covered
    from bounds
),
final as (
    select
        r.region_code, r.ics_code, r.trust_code, r.supplier_name,
        r.contract_ref, r.measure_code, r.measure_name, r.unit,
        r.in_period, r.in_prev,
        case when r.in_period then r.expected_end - coalesce(r.expected_before, 0) end as expected_in_period,
        case when r.in_period then r.delivered_end - coalesce(r.delivered_before, 0) end as delivered_in_period,
        case when r.in_prev then r.prev_expected_end - coalesce(r.prev_expected_before, 0) end as expected_prev,
        case when r.in_prev then r.prev_delivered_end - coalesce(r.prev_delivered_before, 0) end as delivered_prev,
        d.gbp_per_unit,
        v.months_in_period, v.months_covered, v.prev_months_covered
    from running r
    left join details d on d.contract_ref = r.contract_ref and d.measure_code = r.measure_code
    cross join coverage v
    where r.in_period or r.in_prev
)
select * from final
