-- measures: the taxonomy of both Social Value Models (and any hub-defined
-- measures), with the 2025 mission each measure serves. 2020 measures reach
-- a mission through the crosswalk (sql/seed/crosswalk.csv, or a hub's own
-- file): a measure-level row wins over its outcome's row.
-- grain: one row per measure_code
with tx_measures as (select * from tx_measures),
tx_outcomes as (select * from tx_outcomes),
tx_crosswalk as (select * from tx_crosswalk),
stg_missions as (select * from stg_missions),

joined as (
    select
        m.model,
        coalesce(o.mission, xm.mission, xo.mission) as mission,
        o.theme,
        m.outcome_code,
        coalesce(o.outcome_name, 'Outcome ' || m.outcome_code) as outcome_name,
        m.measure_code,
        m.measure_name,
        m.unit,
        m.aggregation
    from tx_measures m
    -- every measure's outcome is in tx_outcomes: the taxonomy load refuses
    -- one that is not, in the same transaction (checkTaxonomy)
    join tx_outcomes o on o.model = m.model and o.outcome_code = m.outcome_code
    left join tx_crosswalk xm on xm.measure_code = m.measure_code
    left join tx_crosswalk xo on m.model = '2020' and xo.outcome_code_2020 = m.outcome_code
),

final as (
    select j.*, mi.mission_name
    from joined j
    left join stg_missions mi on mi.mission = j.mission
)
select model, mission, theme, outcome_code, measure_code, measure_name, unit, aggregation, outcome_name, mission_name
from final
