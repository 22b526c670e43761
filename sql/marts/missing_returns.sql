-- missing_returns: reporting periods of a contract with no return at all,
-- whose due date (period end + grace days) has passed on the reference date.
-- A contract reports monthly if any of its commitments is monthly (or it
-- has none), else quarterly if any is quarterly, else annually; periods
-- count from the contract's first month, and a return dated in any month of
-- a period counts for it. Periods that ended before monitoring began are
-- not expected (the hub was not collecting).
-- grain: one row per contract per overdue reporting period (period is its
-- first month)
-- clock: today
with int_return_periods as (select * from int_return_periods),
final as (
    select contract_ref, supplier_name, period, due_date, days_overdue, trust_code, ics_code, region_code, period_end, frequency
    from int_return_periods
    where not received
)
select * from final
