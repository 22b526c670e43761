-- priority_gaps: delivery at the reporting month against the hub's
-- priorities (input kind `priorities`: an ICS and a 2025 mission or an
-- outcome), for the ICS as a whole (level 'ics', local_area NULL) and for
-- each local area of its contracts (level 'local_area'), so next year's
-- specifications ask for what is needed where. gap: 'no commitments',
-- 'not yet judged', 'off track' (median delivery ratio below rag_amber_min),
-- 'behind' (below rag_green_min) or 'on track'.
-- grain: one row per priority per level (ICS, then each local area)
with stg_priorities as (select * from stg_priorities),
stg_missions as (select * from stg_missions),
stg_contracts as (select contract_ref, trust_code, local_area from stg_contracts),
stg_organisations as (select trust_code, ics_code, ics_name from stg_organisations),
ics_names as (select ics_code, min(ics_name) as ics_name from stg_organisations group by ics_code),
stg_outcomes as (select model, outcome_code, outcome_name from stg_outcomes),
commitment_status_latest as (select * from commitment_status_latest),
settings as (select rag_green_min, rag_amber_min from int_settings),

resolved as (
    select
        p.*,
        case
            when p.outcome_code is not null then null
            when regexp_matches(trim(p.mission), '^[Mm][0-9]+$') then upper(trim(p.mission))
            else mi.mission
        end as mission_code
    from stg_priorities p
    left join stg_missions mi on mi.name_key = regexp_replace(lower(p.mission), '[^a-z0-9]', '', 'g')
),

targets as (
    select
        r.ics_code,
        case when r.outcome_code is not null then 'outcome' else 'mission' end as target_kind,
        case when r.outcome_code is not null then r.model || '.' || r.outcome_code else coalesce(r.mission_code, r.mission) end as target_code,
        coalesce(o.outcome_name, mi.mission_name, r.mission) as target_name,
        r.model,
        r.outcome_code,
        r.mission_code,
        r.priority,
        r.priority_rank
    from resolved r
    left join stg_outcomes o on o.model = r.model and o.outcome_code = r.outcome_code
    left join stg_missions mi on mi.mission = r.mission_code
),

areas as (
    select distinct o.ics_code, k.local_area
    from stg_contracts k
    join stg_organisations o on o.trust_code = k.trust_code
),

scopes as (
    select t.*, 'ics' as level, cast(null as varchar) as local_area from targets t
    union all
    select t.*, 'local_area', a.local_area from targets t join areas a on a.ics_code = t.ics_code
),

matched as (
    select
        sc.ics_code, sc.target_kind, sc.target_code, sc.level, sc.local_area,
        s.contract_ref, s.rag, s.delivery_ratio, s.social_value_gbp
    from scopes sc
    join commitment_status_latest s
        on s.ics_code = sc.ics_code
        and (sc.local_area is null or s.local_area = sc.local_area)
        -- an outcome belongs to the measure's model, which can differ from
        -- the model its contract reports under
        and ((sc.target_kind = 'outcome' and s.measure_model = sc.model and s.outcome_code = sc.outcome_code)
             or (sc.target_kind = 'mission' and s.mission = sc.mission_code))
),

delivery as (
    select
        ics_code, target_kind, target_code, level, local_area,
        count(*) as commitments,
        count(distinct contract_ref) as contracts,
        count(*) filter (where rag = 'green') as green,
        count(*) filter (where rag = 'amber') as amber,
        count(*) filter (where rag = 'red') as red,
        count(*) filter (where rag = 'grey') as grey,
        median(delivery_ratio) as median_ratio,
        sum(social_value_gbp) as social_value_gbp
    from matched
    group by ics_code, target_kind, target_code, level, local_area
),

final as (
    select
        sc.ics_code,
        n.ics_name,
        sc.level,
        sc.local_area,
        sc.target_kind,
        sc.target_code,
        sc.target_name,
        sc.priority,
        sc.priority_rank,
        coalesce(d.commitments, 0) as commitments,
        coalesce(d.contracts, 0) as contracts,
        coalesce(d.green, 0) as green,
        coalesce(d.amber, 0) as amber,
        coalesce(d.red, 0) as red,
        coalesce(d.grey, 0) as grey,
        100.0 * d.green / nullif(d.commitments - d.grey, 0) as on_track_pct,
        d.median_ratio,
        d.social_value_gbp,
        case
            when d.commitments is null then 'no commitments'
            when d.median_ratio is null then 'not yet judged'
            when d.median_ratio < t.rag_amber_min then 'off track'
            when d.median_ratio < t.rag_green_min then 'behind'
            else 'on track'
        end as gap
    from scopes sc
    cross join settings t
    left join ics_names n on n.ics_code = sc.ics_code
    left join delivery d
        on d.ics_code = sc.ics_code and d.target_kind = sc.target_kind and d.target_code = sc.target_code
        and d.level = sc.level and d.local_area is not distinct from sc.local_area
)
select * from final
