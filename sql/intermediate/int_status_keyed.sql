-- int_status_keyed: commitment_status once per rollup level, keyed by the
-- group each commitment belongs to at that level: the whole database, region,
-- ICS, trust, supplier, contract, contract category, local area, and (for
-- both models) mission, theme, outcome and model; a measure outside the
-- taxonomy is keyed 'unknown'. Rollups aggregate this.
-- grain: one row per commitment per month per level
with commitment_status as (select * from commitment_status),

keyed as (
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
    -- the model a contract reports under (its measures' model can differ)
    select 'model', model, model || ' model', * from commitment_status
),

final as (
    select * from keyed
)
select * from final
