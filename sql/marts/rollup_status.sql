-- rollup_status: RAG counts, % on track and median delivery ratio by every
-- level analysts report on, for both models (2020 themes and outcomes, 2025
-- outcomes, and missions for both through the crosswalk). Units are never
-- added together, so rollups count commitments, they do not sum values.
-- grain: one row per month (as_of) per level per key
-- materialise: no (no report reads it; a table would cost every ingest
-- about as much as commitment_status itself)
with commitment_status as (select * from commitment_status),

keyed as (
    select as_of, 'region' as level, region_code as key, region_name as label, rag, delivery_ratio from commitment_status
    union all
    select as_of, 'ics', ics_code, ics_name, rag, delivery_ratio from commitment_status
    union all
    select as_of, 'trust', trust_code, trust_name, rag, delivery_ratio from commitment_status
    union all
    select as_of, 'supplier', supplier_name, supplier_name, rag, delivery_ratio from commitment_status
    union all
    select as_of, 'contract', contract_ref, supplier_name, rag, delivery_ratio from commitment_status
    union all
    select as_of, 'mission', mission, mission_name, rag, delivery_ratio from commitment_status
    union all
    select as_of, 'theme', model || ' ' || theme, theme || ' (' || model || ' model)', rag, delivery_ratio from commitment_status
    union all
    select as_of, 'outcome', model || '.' || outcome_code, 'Outcome ' || outcome_code || ' (' || model || ' model)', rag, delivery_ratio from commitment_status
    union all
    select as_of, 'model', model, model || ' model', rag, delivery_ratio from commitment_status
),

counted as (
    select
        as_of, level, key, any_value(label) as label,
        count(*) as commitments,
        count(*) filter (where rag = 'green') as green,
        count(*) filter (where rag = 'amber') as amber,
        count(*) filter (where rag = 'red') as red,
        count(*) filter (where rag = 'grey') as grey,
        median(delivery_ratio) filter (where rag <> 'grey') as median_ratio
    from keyed
    group by as_of, level, key
),

final as (
    select
        *,
        case when commitments - grey > 0 then 100.0 * green / (commitments - grey) end as on_track_pct
    from counted
)
select * from final
