-- missing_returns: contract-months with no return at all whose due date
-- (month end + grace days) has passed on the reference date. Months before
-- the hub's first month of data are not expected (the hub was not collecting).
-- grain: one row per contract per overdue month
with contracts as (select contract_ref, supplier_name, trust_code, start_date, end_date from contracts),
organisations as (select trust_code, ics_code, region_code from organisations),
settings as (select return_grace_days, today from int_settings),
data_start as (select first_data_month from int_reporting_month),
received as (select distinct contract_ref, period from returns_clean),

contract_months as (
    select
        c.contract_ref,
        c.supplier_name,
        c.trust_code,
        cast(unnest(generate_series(
            cast(date_trunc('month', c.start_date) as date),
            cast(date_trunc('month', c.end_date) as date),
            interval 1 month)) as date) as period
    from contracts c
),

with_due_dates as (
    select
        m.*,
        cast(last_day(m.period) + to_days(s.return_grace_days) as date) as due_date,
        s.today
    from contract_months m
    cross join settings s
    cross join data_start d
    where m.period >= d.first_data_month
),

final as (
    select
        w.contract_ref,
        w.supplier_name,
        w.period,
        w.due_date,
        datediff('day', w.due_date, w.today) as days_overdue,
        w.trust_code,
        o.ics_code,
        o.region_code
    from with_due_dates w
    left join organisations o on o.trust_code = w.trust_code
    anti join received r on r.contract_ref = w.contract_ref and r.period = w.period
    where w.due_date < w.today
)
select * from final
