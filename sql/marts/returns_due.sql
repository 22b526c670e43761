-- returns_due: every reporting period a return was due for (see
-- int_return_periods: frequency-aware, from the monitoring start), whether
-- one arrived, and how overdue it is if not: "returns received vs due" and
-- the chase list read this.
-- grain: one row per contract per due reporting period
-- clock: today
with int_return_periods as (select * from int_return_periods),
final as (
    select contract_ref, supplier_name, period, period_end, frequency, due_date, received,
        case when not received then days_overdue end as days_overdue,
        trust_code, ics_code, region_code
    from int_return_periods
)
select * from final
