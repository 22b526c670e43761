-- commitment_status_latest: commitment_status at the reporting month only;
-- KPIs and "% on track" (green ÷ commitments that are not grey) use this.
-- grain: one row per commitment
with commitment_status as (select * from commitment_status),
reporting as (select reporting_month from int_reporting_month),
final as (
    select s.*
    from commitment_status s
    join reporting r on s.as_of = r.reporting_month
)
select * from final
