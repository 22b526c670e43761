-- int_settings: every setting as one typed row, plus the reference date
-- ("today") from the injected clock. A setting comes from the configuration
-- (svhub sets the session variable svhub_<key> on every connection when a
-- flag, SVHUB_* variable or svhub.toml sets it), else the settings table,
-- else the default written here (the same as internal/config's). The NHS
-- and PPN rules (weighting minimum, carbon-plan tiers) are not settings but
-- dated rules, in the rules view.
-- grain: exactly one row
with stg_settings as (select key, value from stg_settings),
tbl as (
    select
        max(case when key = 'rag_green_min' then try_cast(value as double) end) as rag_green_min,
        max(case when key = 'rag_amber_min' then try_cast(value as double) end) as rag_amber_min,
        max(case when key = 'return_grace_days' then try_cast(value as integer) end) as return_grace_days,
        max(case when key = 'no_followthrough_months' then try_cast(value as integer) end) as no_followthrough_months,
        max(case when key = 'monitoring_start' and value <> '' then value end) as monitoring_start,
        max(case when key = 'ahead_of_plan_ratio' then try_cast(value as double) end) as ahead_of_plan_ratio,
        max(case when key = 'generic_phrases' then value end) as generic_phrases,
        max(case when key = 'chase_escalate_after' then try_cast(value as integer) end) as chase_escalate_after
    from stg_settings
),
final as (
    select
        coalesce(try_cast(getvariable('svhub_rag_green_min') as double), t.rag_green_min, 0.95) as rag_green_min,
        coalesce(try_cast(getvariable('svhub_rag_amber_min') as double), t.rag_amber_min, 0.75) as rag_amber_min,
        coalesce(try_cast(getvariable('svhub_return_grace_days') as integer), t.return_grace_days, 30) as return_grace_days,
        coalesce(try_cast(getvariable('svhub_no_followthrough_months') as integer), t.no_followthrough_months, 3) as no_followthrough_months,
        try_cast(coalesce(nullif(cast(getvariable('svhub_monitoring_start') as varchar), ''), t.monitoring_start) || '-01' as date) as monitoring_start,
        coalesce(try_cast(getvariable('svhub_ahead_of_plan_ratio') as double), t.ahead_of_plan_ratio, 1.2) as ahead_of_plan_ratio,
        coalesce(
            cast(getvariable('svhub_generic_phrases') as varchar[]),
            string_split(t.generic_phrases, ';'),
            ['we always', 'where possible', 'committed to', 'as appropriate', 'where appropriate', 'as and when', 'best endeavours', 'where feasible']
        ) as generic_phrases,
        coalesce(try_cast(getvariable('svhub_today') as date), current_date) as today,
        coalesce(try_cast(getvariable('svhub_chase_escalate_after') as integer), t.chase_escalate_after, 3) as chase_escalate_after
    from tbl t
)
select * from final
