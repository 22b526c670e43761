-- tree_outcomes: the outcomes of `svhub taxonomy`'s tree, each with the 2020
-- theme or 2025 mission it sits under, in their numbered order (which keeps
-- each theme's and mission's outcomes together).
-- grain: one row per outcome
select o.model, o.outcome_code, o.outcome_name,
    case when o.model = '2020' then 'Theme: ' || coalesce(o.theme, 'none')
         else 'Mission ' || coalesce(o.mission || ' ' || mi.mission_name, o.mission, 'none') end
from tx_outcomes o
left join tx_missions mi on mi.mission = o.mission
order by o.model, try_cast(o.outcome_code as integer), o.outcome_code
