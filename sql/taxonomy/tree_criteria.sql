-- tree_criteria: the award criteria of `svhub taxonomy`'s tree.
-- grain: one row per award criterion
select model, outcome_code, award_criterion, label, name, wording_status
from award_criteria
order by model, outcome_code, award_criterion
