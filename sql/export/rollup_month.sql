-- export/rollup_month: the columns of commitment_status that rollup_keyed
-- and rollup_status read. The export stages one month of them as a
-- temporary table named commitment_status, which hides the view while it
-- writes that month of rollup_status a level at a time: the join behind
-- the view (commitment_months, commitment_details, the supplier spans)
-- then runs once for the month instead of once for each of the thirteen
-- levels (issue 24: at England that was half of rollup_status's CPU).
-- grain: one row per commitment per month (the caller picks the month)
select
    as_of, contract_ref, supplier_name, contract_value_gbp, rag, delivery_ratio, social_value_gbp,
    region_code, region_name, ics_code, ics_name, trust_code, trust_name,
    category, local_area, model,
    measure_model, mission, mission_name, theme, outcome_code, outcome_name,
    award_criterion, award_criterion_label, award_criterion_name
from main.commitment_status
