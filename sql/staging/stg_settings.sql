-- stg_settings: the settings table as loaded (key, value text); the typed,
-- configuration-aware row is int_settings.
-- grain: one row per setting key
with settings as (select * from settings),
final as (
    select key, value, description
    from settings
)
select * from final
