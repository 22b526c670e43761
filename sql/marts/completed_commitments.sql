-- completed_commitments: commitments whose term ended before the reporting
-- month, with their final status (at their last month). They are kept out
-- of the reporting month's "% on track" and reported here instead.
-- grain: one row per ended commitment
with commitment_status as (select * from commitment_status),
reporting as (select reporting_month from int_reporting_month),
final as (
    select s.*
    from commitment_status s
    cross join reporting r
    where s.is_final and s.last_month < r.reporting_month
)
select * from final
