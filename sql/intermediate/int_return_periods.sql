-- int_return_periods: every reporting period of a contract whose due date
-- (period end + grace days) has passed on the reference date, and whether any
-- return arrived for it. A contract reports monthly if any of its
-- commitments is monthly (or it has none), else quarterly if any is
-- quarterly, else annually; periods count from the contract's first month,
-- and a return dated in any month of a period counts for it. Periods that
-- ended before monitoring began are not expected (the hub was not collecting).
-- supplier_name is the supplier holding the contract in the period's last
-- month (stg_contract_suppliers), who owed its return.
-- grain: one row per contract per due reporting period (period is its first
-- month)
-- clock: today
with stg_contracts as (select contract_ref, supplier_name, trust_code, start_month, end_month from stg_contracts),
stg_commitments as (select contract_ref, period_months from stg_commitments),
stg_organisations as (select trust_code, ics_code, region_code from stg_organisations),
settings as (select return_grace_days, today from int_settings),
suppliers as (select contract_ref, supplier_name, from_month, to_month from stg_contract_suppliers),
data_start as (select first_data_month from int_reporting_month),
-- distinct only for speed: one row per month before the join below, which
-- deduplicates again (so dropping it changes no result)
received as (select distinct contract_ref, period from returns_clean),

contract_frequency as (
    select
        c.*,
        coalesce((select min(m.period_months) from stg_commitments m where m.contract_ref = c.contract_ref), 1) as period_months
    from stg_contracts c
),

contract_periods as (
    select
        c.contract_ref,
        c.supplier_name,
        c.trust_code,
        c.period_months,
        c.end_month,
        cast(unnest(generate_series(c.start_month, c.end_month, to_months(c.period_months))) as date) as period
    from contract_frequency c
),

with_due_dates as (
    select
        p.*,
        least(cast(p.period + to_months(p.period_months - 1) as date), p.end_month) as period_end,
        s.return_grace_days,
        s.today
    from contract_periods p
    cross join settings s
),

judged as (
    select w.*, cast(last_day(w.period_end) + to_days(w.return_grace_days) as date) as due_date
    from with_due_dates w
    cross join data_start d
    where w.period_end >= d.first_data_month
),

returned as (
    -- a period is returned when any month inside it has a return: each
    -- return month maps to the first month of its period (an equality key,
    -- so the anti-join below stays a hash join at scale)
    select distinct
        r.contract_ref,
        cast(c.start_month + to_months(c.period_months * (datediff('month', c.start_month, r.period) // c.period_months)) as date) as period
    from received r
    join contract_frequency c on c.contract_ref = r.contract_ref
    where r.period >= c.start_month
),

final as (
    select
        j.contract_ref,
        coalesce(s.supplier_name, j.supplier_name) as supplier_name,
        j.period,
        j.due_date,
        datediff('day', j.due_date, j.today) as days_overdue,
        r.contract_ref is not null as received,
        j.trust_code,
        o.ics_code,
        o.region_code,
        j.period_end,
        case j.period_months when 1 then 'monthly' when 3 then 'quarterly' else 'annual' end as frequency
    from judged j
    -- every contract's trust is in organisations: ingest rejects a contract
    -- whose trust is unknown, and organisations are never deleted
    join stg_organisations o on o.trust_code = j.trust_code
    left join returned r on r.contract_ref = j.contract_ref and r.period = j.period
    -- a contract's spans do not overlap: one supplier per period
    left join suppliers s on s.contract_ref = j.contract_ref and j.period_end >= s.from_month and j.period_end < s.to_month
    where j.due_date < j.today
)
select * from final
