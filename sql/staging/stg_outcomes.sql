-- stg_outcomes: the policy outcomes of both models (and any hub-defined
-- ones), with their theme and, for 2025 outcomes, their mission.
-- grain: one row per model and outcome_code
with tx_outcomes as (select * from tx_outcomes),
final as (
    select model, outcome_code, theme, outcome_name, mission
    from tx_outcomes
)
select * from final
