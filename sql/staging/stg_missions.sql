-- stg_missions: the five 2025 missions, with a match key that ignores case,
-- spaces and punctuation, so "Kick start economic growth" and "Kickstart
-- economic growth" (both in use) name the same mission on input.
-- grain: one row per mission
with tx_missions as (select * from tx_missions),
final as (
    select mission, mission_name, regexp_replace(lower(mission_name), '[^a-z0-9]', '', 'g') as name_key
    from tx_missions
)
select * from final
