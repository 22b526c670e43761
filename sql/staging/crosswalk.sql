-- crosswalk: how 2020-model data reaches a 2025 mission. svhub's own mapping
-- (no official crosswalk was found), each row with why and how sure
-- (confidence high, medium or low); a row maps a whole 2020 outcome or one
-- measure, and the measure's row wins (see measures.mission_via). A hub
-- replaces it from a crosswalk.csv (taxonomy load).
-- grain: one row per 2020 outcome or measure mapped
with tx_crosswalk as (select * from tx_crosswalk),
final as (
    select
        outcome_code_2020,
        measure_code,
        mission,
        rationale,
        confidence
    from tx_crosswalk
)
select * from final
