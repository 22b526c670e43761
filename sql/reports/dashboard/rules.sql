-- rules: the NHS rules the flags apply, each with the dates it is in force
-- and its source (the whole report's only).
-- grain: one row per rule parameter and date
select 'all' as scope, rule || '.' || parameter as rule, value, effective_from, effective_to,
    coalesce(meaning, '') as meaning, source || coalesce(', ' || section, '') as source
from rules
order by rule, parameter, effective_from
