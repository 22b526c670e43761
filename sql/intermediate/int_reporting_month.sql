-- int_reporting_month: the month reports are for by default: the latest
-- month with any current return; before any return has loaded, the month
-- of the reference date. Also the month monitoring began: the
-- monitoring_start setting, else the earliest month with any return (so a
-- hub sets it once it has returns from before it started collecting).
-- grain: exactly one row
-- It reads the returns table, not returns_clean: every key (contract,
-- period, measure) loaded has exactly one current row there, so the months
-- of the current returns are the months of all the returns, and a merge
-- need not rank every return (returns_clean's window) for two numbers.
with loaded as (select period from returns),
int_settings as (select today, monitoring_start from int_settings),
final as (
    select
        coalesce((select max(period) from loaded), cast(date_trunc('month', s.today) as date)) as reporting_month,
        cast(date_trunc('month', coalesce(s.monitoring_start, (select min(period) from loaded), s.today)) as date) as first_data_month,
        case when s.monitoring_start is not null then 'setting monitoring_start' else 'earliest return' end as monitoring_start_source
    from int_settings s
)
select * from final
