-- rollup_keyed: each commitment-month of commitment_status once per rollup
-- level (all, region, ics, trust, supplier, contract, category, local_area,
-- mission, theme, outcome, award criterion, model), with the key and label of its group at
-- that level: the one grouping that rollup_status and rollup_measures both
-- aggregate, so their levels and keys cannot drift apart.
-- grain: one row per month (as_of) per commitment per level
-- materialise: no (twelve copies of commitment_status; the rollups read it
-- once each)
-- commitment_status is read thirteen times below, directly: an import CTE
-- read more than once is materialised, every month of it, so a query for
-- one month (the export writes one file per month) built all of them each
-- time (issue 24: the export ran England out of memory)
with keyed as (
    select 'all' as level, 'all' as key, 'All contracts' as label, * from commitment_status
    union all
    select 'region', region_code, coalesce(region_name, region_code), * from commitment_status
    union all
    select 'ics', ics_code, coalesce(ics_name, ics_code), * from commitment_status
    union all
    select 'trust', trust_code, coalesce(trust_name, trust_code), * from commitment_status
    union all
    select 'supplier', supplier_name, supplier_name, * from commitment_status
    union all
    select 'contract', contract_ref, contract_ref || ' (' || supplier_name || ')', * from commitment_status
    union all
    select 'category', category, category, * from commitment_status
    union all
    select 'local_area', local_area, local_area, * from commitment_status
    union all
    select 'mission', coalesce(mission, 'unknown'), coalesce(mission || ' ' || mission_name, 'Measure not in the taxonomy'), * from commitment_status
    union all
    select 'theme', coalesce(measure_model || ' ' || theme, 'unknown'), coalesce(theme || ' (' || measure_model || ' model)', 'Measure not in the taxonomy'), * from commitment_status
    union all
    select 'outcome', coalesce(measure_model || '.' || outcome_code, 'unknown'),
        coalesce(measure_model || ' outcome ' || outcome_code || ': ' || outcome_name, 'Measure not in the taxonomy'), * from commitment_status
    union all
    -- the level tenders are scored at (MAC 1.1 ... for 2020, 1a ... for 2025)
    select 'award_criterion', coalesce(measure_model || ' ' || award_criterion, 'none'),
        coalesce(award_criterion_label || ' ' || award_criterion_name || ' (' || measure_model || ' model)', 'No award criterion recorded'), * from commitment_status
    union all
    -- the model a contract reports under (its measures' model can differ)
    select 'model', model, model || ' model', * from commitment_status
)
select * from keyed
