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
-- the summed commitments with a target in the report's region, ICS or
-- trust (the same in every month of a commitment, so a commitment is kept
-- or left out whole): a regional report totalled every commitment in
-- England. Not its supplier: a novated commitment's months have two.
details as (
    select commitment_id, contract_ref, measure_code, region_code, ics_code, trust_code, supplier_name, measure_name, unit, gbp_per_unit
    from commitment_details
    where aggregation = 'sum' and target is not null
        and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, '')
),
suppliers as (select contract_ref, supplier_name, from_month, to_month from contract_supplier_spans),
-- each commitment's running totals at the periods' ends and just before
-- their starts, from the narrow monthly table by commitment number (the
-- commitment_status view joined every month to its forty columns first:
-- 3.2 s of CPU in each national report at England)
running as (
    select
        m.commitment_id,
        min(m.as_of) as first_as_of,
        arg_max(m.expected_to_date, m.as_of) filter (where m.as_of <= b.p_to) as expected_end,
        arg_max(m.expected_to_date, m.as_of) filter (where m.as_of < b.p_from) as expected_before,
        arg_max(coalesce(m.delivered_to_date, 0), m.as_of) filter (where m.as_of <= b.p_to) as delivered_end,
        arg_max(coalesce(m.delivered_to_date, 0), m.as_of) filter (where m.as_of < b.p_from) as delivered_before,
        arg_max(m.expected_to_date, m.as_of) filter (where m.as_of <= b.q_to) as prev_expected_end,
        arg_max(m.expected_to_date, m.as_of) filter (where m.as_of < b.q_from) as prev_expected_before,
        arg_max(coalesce(m.delivered_to_date, 0), m.as_of) filter (where m.as_of <= b.q_to) as prev_delivered_end,
        arg_max(coalesce(m.delivered_to_date, 0), m.as_of) filter (where m.as_of < b.q_from) as prev_delivered_before,
        count(*) filter (where m.as_of between b.p_from and b.p_to) > 0 as in_period,
        count(*) filter (where m.as_of between b.q_from and b.q_to) > 0 as in_prev
    from commitment_months m
    semi join details d on d.commitment_id = m.commitment_id
    cross join bounds b
    -- months before monitoring began are not judged (a commitment that
    -- ended before it keeps one row there)
    where m.as_of >= b.monitoring_start
    group by m.commitment_id
),
-- the supplier is the one holding the contract in the commitment's first
-- month counted (a novated contract's months have two)
named as (
    select d.region_code, d.ics_code, d.trust_code, coalesce(s.supplier_name, d.supplier_name) as supplier_name,
        d.contract_ref, d.measure_code, d.measure_name, d.unit, d.gbp_per_unit, r.* exclude (commitment_id, first_as_of)
    from running r
    join details d on d.commitment_id = r.commitment_id
    -- a contract's spans do not overlap, so this adds a column only
    left join suppliers s on s.contract_ref = d.contract_ref and r.first_as_of >= s.from_month and r.first_as_of < s.to_month
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
        r.gbp_per_unit,
        v.months_in_period, v.months_covered, v.prev_months_covered
    from named r
    cross join coverage v
    where r.in_period or r.in_prev
)
select * from final
