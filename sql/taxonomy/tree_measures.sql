-- tree_measures: the measures of `svhub taxonomy`'s tree, with the 2025
-- mission the crosswalk gives a 2020 measure and how sure that mapping is.
-- grain: one row per measure
select model, outcome_code, coalesce(award_criterion, ''), measure_code, measure_name, unit, aggregation,
    wording_status, coalesce(mission, ''), coalesce(mission_via, ''), coalesce(crosswalk_confidence, '')
from measures
order by model, outcome_code, measure_code
