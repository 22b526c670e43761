-- commitment_flags: the hub's known failure modes, made visible: vague
-- commitments (no number, no plan, or only generic policy language), measures
-- outside the taxonomy, no follow-through after award, social-value weighting
-- below the NHS minimum, no Carbon Reduction Plan, no commitment under the
-- climate theme the NHS requires in every tender, and returns for measures
-- the contract never committed to (data quality, not delivery). Each flag
-- carries a severity (1 most serious), a plain-English explanation and what
-- the hub should ask the supplier for; `svhub lint` prints them.
-- grain: one row per commitment (or contract, measure_code NULL) per flag
-- clock: today
with stg_commitments as (select * from stg_commitments),
stg_contracts as (select * from stg_contracts),
stg_organisations as (select trust_code, ics_code, region_code from stg_organisations),
measures as (select measure_code, model, outcome_code, mission from measures),
settings as (select * from int_settings),
returns_clean as (select * from returns_clean),

vague_target as (
    select contract_ref, measure_code, 'no_target' as flag,
        'no numeric target: nothing to measure delivery against' as detail
    from stg_commitments where target is null
    union all
    select contract_ref, measure_code, 'zero_target', 'target is zero'
    from stg_commitments where target = 0
),

unknown_measure as (
    select c.contract_ref, c.measure_code, 'unknown_measure' as flag,
        'measure ' || c.measure_code || ' is not in the taxonomy' as detail
    from stg_commitments c anti join measures m on m.measure_code = c.measure_code
),

generic_phrases as (
    select lower(trim(phrase)) as phrase
    from (select unnest(generic_phrases) as phrase from settings)
    where trim(phrase) <> ''
),

weak_plan as (
    select contract_ref, measure_code, 'no_delivery_plan' as flag, 'no delivery plan' as detail
    from stg_commitments where coalesce(trim(delivery_plan), '') = ''
    union all
    select c.contract_ref, c.measure_code, 'generic_plan',
        'delivery plan is generic policy language: "' || left(c.delivery_plan, 80) || '"'
    from stg_commitments c
    where exists (select 1 from generic_phrases g where lower(c.delivery_plan) like '%' || g.phrase || '%')
),

no_followthrough as (
    select k.contract_ref, null as measure_code, 'no_followthrough' as flag,
        'no return at all ' || s.no_followthrough_months || ' months after the contract started' as detail
    from stg_contracts k
    cross join settings s
    anti join returns_clean r on r.contract_ref = k.contract_ref
    where k.start_month + to_months(s.no_followthrough_months) <= s.today
),

low_weighting as (
    select k.contract_ref, null as measure_code, 'low_sv_weighting' as flag,
        'social value is ' || k.sv_weighting_pct || '% of the evaluation weight; the NHS minimum is ' || s.sv_weighting_min_pct || '%' as detail
    from stg_contracts k cross join settings s
    where k.sv_weighting_pct < s.sv_weighting_min_pct
),

no_crp as (
    -- NHS Net Zero Supplier Roadmap: every new procurement from April 2024
    -- (crp_all_from), and contracts over £5m a year (crp_threshold_gbp)
    -- since April 2023
    select k.contract_ref, null as measure_code, 'no_carbon_reduction_plan' as flag,
        'no published Carbon Reduction Plan' as detail
    from stg_contracts k cross join settings s
    where k.crp_published is not true
      and (k.start_date >= s.crp_all_from
           or (k.start_date >= date '2023-04-01' and k.value_gbp_per_year > s.crp_threshold_gbp))
),

climate_commitments as (
    -- the fighting-climate-change theme: 2020 outcome 4, or 2025 mission 2
    select c.contract_ref
    from stg_commitments c
    join measures m on m.measure_code = c.measure_code
    where (m.model = '2020' and m.outcome_code = '4') or (m.model = '2025' and m.mission = 'M2')
),

no_climate as (
    select k.contract_ref, null as measure_code, 'no_climate_commitment' as flag,
        'no commitment under the climate theme (2020 outcome 4 / 2025 mission M2), which the NHS requires in every tender' as detail
    from stg_contracts k
    anti join climate_commitments c on c.contract_ref = k.contract_ref
),

uncommitted as (
    select contract_ref, measure_code, 'uncommitted_returns' as flag,
        count(*) || ' return(s) for ' || measure_code || ', which the contract did not commit to (' ||
            substr(cast(min(period) as varchar), 1, 7) || ' to ' || substr(cast(max(period) as varchar), 1, 7) || ')' as detail
    from returns_clean
    where not committed and not superseded
    group by contract_ref, measure_code
),

flagged as (
    select * from vague_target
    union all select * from unknown_measure
    union all select * from weak_plan
    union all select * from no_followthrough
    union all select * from low_weighting
    union all select * from no_crp
    union all select * from no_climate
    union all select * from uncommitted
),

explained as (
    select 'no_followthrough' as flag, 1 as severity, 'delivery' as category,
        'The supplier has sent no social-value return at all since the contract started, so none of its commitments can be checked.' as explanation,
        'Ask for the overdue returns for every month since the start, using the svhub return template, and a named contact for social value.' as ask_supplier
    union all
    select 'no_target', 1, 'commitment quality',
        'The commitment has no number, so delivery cannot be measured against it.',
        'Ask the supplier to agree a numeric target and a period for this commitment, as offered at tender.'
    union all
    select 'unknown_measure', 1, 'commitment quality',
        'The commitment uses a measure that is not in the Social Value Model taxonomy, so it cannot be rolled up or compared.',
        'Ask which Social Value Model measure this commitment corresponds to, and correct the code in the register.'
    union all
    select 'no_carbon_reduction_plan', 1, 'compliance',
        'The contract needs a published Carbon Reduction Plan (NHS Net Zero Supplier Roadmap) and none is recorded.',
        'Ask for the link to the supplier''s published Carbon Reduction Plan, signed off at board level.'
    union all
    select 'low_sv_weighting', 1, 'compliance',
        'Social value carried less of the evaluation weight than the NHS minimum when the contract was awarded.',
        'No supplier action: note it for the procurement team, and weight social value at least at the minimum next time.'
    union all
    select 'no_climate_commitment', 1, 'commitment quality',
        'The contract has no commitment under the fighting-climate-change theme, which the NHS requires in every tender.',
        'Ask the supplier to add a measurable climate commitment (for example emissions avoided or waste diverted) at the next contract review.'
    union all
    select 'zero_target', 2, 'commitment quality',
        'The target is zero, so the commitment promises nothing measurable.',
        'Ask the supplier to confirm the intended target; if it really is zero, remove the commitment.'
    union all
    select 'no_delivery_plan', 2, 'commitment quality',
        'There is no delivery plan: nothing says how, where or when the commitment will be met.',
        'Ask for a delivery plan with named activities, partners, locations and milestones.'
    union all
    select 'generic_plan', 2, 'commitment quality',
        'The delivery plan is generic policy language rather than a plan for this contract.',
        'Ask what specifically will be done on this contract: numbers, partners, locations and dates.'
    union all
    select 'uncommitted_returns', 3, 'data quality',
        'The supplier reports a measure the contract never committed to; it counts for nothing in delivery and may be corporate activity claimed for the contract.',
        'Ask whether the activity belongs to this contract; if so, agree a commitment for it, otherwise ask them to stop reporting it here.'
),

final as (
    select
        f.contract_ref,
        f.measure_code,
        f.flag,
        f.detail,
        k.supplier_name,
        k.trust_code,
        o.ics_code,
        o.region_code,
        e.severity,
        e.category,
        e.explanation,
        e.ask_supplier
    from flagged f
    -- every flagged contract is in the register (ingest rejects commitments
    -- and returns for an unknown contract) and its trust in organisations
    join stg_contracts k on k.contract_ref = f.contract_ref
    join stg_organisations o on o.trust_code = k.trust_code
    -- every flag above has its text in explained; left join so that a new
    -- flag without one still shows (with a NULL severity)
    left join explained e on e.flag = f.flag
)
select * from final
