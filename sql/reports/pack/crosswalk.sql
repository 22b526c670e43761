-- crosswalk (the board pack's About sheet): the rows of the 2020 → 2025
-- crosswalk marked low confidence, with why.
-- grain: one row per low-confidence crosswalk row
select coalesce(measure_code, '2020 outcome ' || outcome_code_2020) || ' -> ' || mission as row_mapped, coalesce(rationale, '') as rationale
from crosswalk
where confidence = 'low'
order by 1
