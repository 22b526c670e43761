-- returns_due: every contract-month a return was due for (month end plus
-- grace days passed on the reference date), from the month the hub began
-- collecting returns, and whether any return arrived: "returns received vs
-- due" and the chase list read this.
-- grain: one row per contract per due month
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

due as (
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
        d.contract_ref,
        d.supplier_name,
        d.period,
        d.due_date,
        r.contract_ref is not null as received,
        case when r.contract_ref is null then datediff('day', d.due_date, d.today) end as days_overdue,
        d.trust_code,
        o.ics_code,
        o.region_code
    from due d
    left join organisations o on o.trust_code = d.trust_code
    left join received r on r.contract_ref = d.contract_ref and r.period = d.period
    where d.due_date < d.today
)
select * from final
