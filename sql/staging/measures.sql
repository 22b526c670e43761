-- measures: the taxonomy of both Social Value Models (and any hub-defined
-- measures), with the 2025 mission each measure serves. 2020 measures reach
-- a mission through the crosswalk (sql/seed/crosswalk.csv, or a hub's own
-- file): a measure-level row wins over its outcome's row; mission_via says
-- which (model, or crosswalk with the row's confidence and rationale), so
-- every output built on crosswalked 2020 data can say so.
-- Each measure names its award criterion where known (award_criteria), and
-- its wording: measure_name is the official text where a published text was
-- verified (wording_status verified), else svhub's paraphrase (provisional,
-- shown "svhub wording").
-- grain: one row per measure_code
with tx_measures as (select * from tx_measures),
tx_outcomes as (select * from tx_outcomes),
tx_crosswalk as (select * from tx_crosswalk),
stg_missions as (select * from stg_missions),
award_criteria as (select model, award_criterion, label, name from award_criteria),

joined as (
    select
        m.model,
        coalesce(o.mission, xm.mission, xo.mission) as mission,
        o.theme,
        m.outcome_code,
        coalesce(o.outcome_name, 'Outcome ' || m.outcome_code) as outcome_name,
        m.measure_code,
        coalesce(m.official_text, m.measure_name) as measure_name,
        m.unit,
        m.aggregation,
        m.award_criterion,
        m.official_text,
        m.wording_status,
        m.source,
        case when o.mission is not null then 'model' when coalesce(xm.mission, xo.mission) is not null then 'crosswalk' end as mission_via,
        case when o.mission is null then coalesce(xm.confidence, xo.confidence) end as crosswalk_confidence,
        case when o.mission is null then coalesce(xm.rationale, xo.rationale) end as crosswalk_rationale
    from tx_measures m
    -- every measure's outcome is in tx_outcomes: the taxonomy load refuses
    -- one that is not, in the same transaction (checkTaxonomy)
    join tx_outcomes o on o.model = m.model and o.outcome_code = m.outcome_code
    left join tx_crosswalk xm on xm.measure_code = m.measure_code
    left join tx_crosswalk xo on m.model = '2020' and xo.outcome_code_2020 = m.outcome_code
),

final as (
    select j.*, mi.mission_name, a.label as award_criterion_label, a.name as award_criterion_name
    from joined j
    left join stg_missions mi on mi.mission = j.mission
    -- the taxonomy load refuses a measure naming a criterion not there
    left join award_criteria a on a.model = j.model and a.award_criterion = j.award_criterion
)
select model, mission, theme, outcome_code, measure_code, measure_name, unit, aggregation, outcome_name, mission_name,
    award_criterion, award_criterion_label, award_criterion_name, official_text, wording_status, source,
    mission_via, crosswalk_confidence, crosswalk_rationale
from final
