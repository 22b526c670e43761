-- report_settings: what every report must state: the reporting month, the
-- month monitoring began (and why), the reference date, the thresholds in
-- force and, when proxy values are loaded, their label ("illustrative proxy
-- values: SOURCE, YEAR" when the table calls itself illustrative, as the
-- demo's does). Reports print these instead of literals.
-- grain: exactly one row
-- clock: today
with settings as (select * from int_settings),
reporting as (select * from int_reporting_month),
stg_proxy_values as (select source, year from stg_proxy_values),
rules as (select rule, parameter, value, effective_from, effective_to from rules),

weighting_today as (
    -- the weighting minimum a procurement starting on the reference date
    -- must meet (older contracts are judged by the rule of their own date)
    select max(try_cast(r.value as double)) as sv_weighting_min_pct
    from rules r cross join settings s
    where r.rule = 'sv_weighting' and r.parameter = 'min_pct'
      and r.effective_from <= s.today and (r.effective_to is null or s.today <= r.effective_to)
),

proxy_sources as (
    -- one table is the normal case; more are named by the first and a count
    select
        min(source || ', ' || year) as first_source,
        count(distinct source || ', ' || year) as tables,
        max(case when lower(source) like '%illustrative%' then 1 else 0 end) = 1 as illustrative
    from stg_proxy_values
),

final as (
    select
        r.reporting_month,
        r.first_data_month as monitoring_start,
        r.monitoring_start_source,
        s.today,
        s.rag_green_min,
        s.rag_amber_min,
        s.return_grace_days,
        w.sv_weighting_min_pct,
        s.no_followthrough_months,
        s.ahead_of_plan_ratio,
        case
            when p.tables > 1 then p.first_source || ' and ' || (p.tables - 1) || ' other table(s)'
            else p.first_source
        end as proxy_sources,
        case
            when p.first_source is null then null
            when p.illustrative then 'illustrative proxy values: '
            else 'proxy values: '
        end || case
            when p.tables > 1 then p.first_source || ' and ' || (p.tables - 1) || ' other table(s)'
            else p.first_source
        end as proxy_label
    from settings s
    cross join reporting r
    cross join proxy_sources p
    cross join weighting_today w
)
select * from final
