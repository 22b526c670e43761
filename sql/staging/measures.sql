-- measures: the taxonomy of both Social Value Models, with the 2025 mission
-- each measure serves (2020 outcomes reach a mission through the crosswalk,
-- which is data in sql/seed/crosswalk.csv, not code).
-- grain: one row per measure_code
with tx_measures as (select * from tx_measures),
tx_outcomes as (select * from tx_outcomes),
tx_crosswalk as (select * from tx_crosswalk),
tx_missions as (select * from tx_missions),

joined as (
    select
        m.model,
        coalesce(o.mission, x.mission) as mission,
        o.theme,
        m.outcome_code,
        o.outcome_name,
        m.measure_code,
        m.measure_name,
        m.unit,
        m.aggregation
    from tx_measures m
    left join tx_outcomes o on o.model = m.model and o.outcome_code = m.outcome_code
    left join tx_crosswalk x on m.model = '2020' and x.outcome_code_2020 = m.outcome_code
),

final as (
    select j.*, mi.mission_name
    from joined j
    left join tx_missions mi on mi.mission = j.mission
)
select model, mission, theme, outcome_code, measure_code, measure_name, unit, aggregation, outcome_name, mission_name
from final
