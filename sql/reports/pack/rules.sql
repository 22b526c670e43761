-- rules (the board pack's About sheet): every dated NHS and PPN rule the
-- flags apply, past ones too (a contract is judged by the rule in force
-- when it was procured, so a 2023 contract's flag cites a rule that has
-- since changed), with its source.
-- grain: one row per rule, parameter and start date
select rule || '.' || parameter as rule, value, effective_from, effective_to, coalesce(meaning, '') as meaning,
    source || coalesce(', ' || section, '') as source
from rules
order by rule, parameter, effective_from
