-- report_settings: the settings a report was made with and the months it
-- covers, for its "about" section.
-- grain: exactly one row
-- clock: today
with settings as (select * from int_settings),
reporting as (select * from int_reporting_month),
final as (
    select
        s.rag_green_min,
        s.rag_amber_min,
        s.return_grace_days,
        s.sv_weighting_min_pct,
        s.no_followthrough_months,
        r.first_data_month as monitoring_start,
        r.reporting_month,
        s.today
    from settings s
    cross join reporting r
)
select * from final
