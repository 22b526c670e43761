-- int_settings: the settings table as one typed row, plus the reference date
-- ("today") from the injected clock: svhub sets the session variable
-- svhub_today on every connection, so tests and demos are reproducible.
-- grain: exactly one row
with settings as (select * from settings),
final as (
    select
        coalesce(max(case when key = 'rag_green_min' then try_cast(value as double) end), 0.95) as rag_green_min,
        coalesce(max(case when key = 'rag_amber_min' then try_cast(value as double) end), 0.75) as rag_amber_min,
        coalesce(max(case when key = 'return_grace_days' then try_cast(value as integer) end), 30) as return_grace_days,
        coalesce(max(case when key = 'sv_weighting_min_pct' then try_cast(value as double) end), 10) as sv_weighting_min_pct,
        coalesce(max(case when key = 'no_followthrough_months' then try_cast(value as integer) end), 3) as no_followthrough_months,
        try_cast(max(case when key = 'monitoring_start' and value <> '' then value || '-01' end) as date) as monitoring_start,
        coalesce(try_cast(getvariable('svhub_today') as date), current_date) as today
    from settings
)
select * from final
