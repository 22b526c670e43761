-- commitment_flags: the hub's known failure modes, made visible: vague
-- commitments (no number, no plan, or only generic policy language), measures
-- outside the taxonomy, no follow-through after award, and returns for
-- measures the contract never committed to (data quality, not delivery);
-- and the NHS rules: social-value weighting below the minimum, no Carbon
-- Reduction Plan or Net Zero Commitment where the contract needs one, no
-- commitment under the climate theme (a check, not a breach). Each flag
-- carries a severity (1 most serious), a plain-English explanation and what
-- the hub should ask the supplier for; `svhub lint` prints them.
--
-- The rule-based flags apply the rules (the `rules` view, held as data) in
-- force on the contract's procurement date (procured_on, else start_date),
-- and name the rule and its source (rule, rule_source). £ comparisons are
-- "and above" (>=), on the value a year (excluding VAT, as the register
-- holds it); the public-contracts threshold is compared with the whole
-- contract value. No date or £ figure of a rule is written here.
-- grain: one row per commitment (or contract, measure_code NULL) per flag
-- clock: today
with stg_commitments as (select * from stg_commitments),
stg_contracts as (select * from stg_contracts),
stg_organisations as (select trust_code, ics_code, region_code from stg_organisations),
measures as (select measure_code, model, outcome_code, mission from measures),
settings as (select * from int_settings),
returns_clean as (select * from returns_clean),
rules as (select rule, parameter, value, effective_from, effective_to, source, section from rules),

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

rules_in_force as (
    -- every rule in force on each contract's procurement date
    select
        k.contract_ref,
        r.rule,
        r.parameter,
        r.value,
        r.rule || '.' || r.parameter || ' = ' || r.value || ', in force from ' || cast(r.effective_from as varchar)
            || coalesce(' to ' || cast(r.effective_to as varchar), '') as rule_text,
        r.source || coalesce(', ' || r.section, '') as rule_source
    from stg_contracts k
    join rules r on r.effective_from <= k.procured_on and (r.effective_to is null or k.procured_on <= r.effective_to)
),

contract_rules as (
    -- one row per contract: the value of each rule parameter it is judged by
    -- (NULL where none is in force on its procurement date)
    select
        k.contract_ref,
        k.procured_on,
        k.value_gbp,
        k.value_gbp_per_year,
        k.framework,
        k.carbon_plan,
        k.sv_weighting_pct,
        try_cast(w.value as double) as weighting_min_pct,
        w.rule_text as weighting_rule,
        w.rule_source as weighting_source,
        cl.value = 'yes' as climate_required,
        cl.rule_text as climate_rule,
        cl.rule_source as climate_source,
        try_cast(cv.value as double) as crp_min_gbp,
        cv.rule_text as crp_value_rule,
        cv.rule_source as crp_value_source,
        cf.value = 'yes' as crp_frameworks,
        cf.rule_text as crp_framework_rule,
        cf.rule_source as crp_framework_source,
        try_cast(nv.value as double) as nzc_min_gbp,
        nv.rule_text as nzc_rule,
        nv.rule_source as nzc_source,
        nt.value = 'yes' as nzc_threshold_only,
        nt.rule_text as nzc_threshold_rule,
        try_cast(pt.value as double) as threshold_gbp,
        pt.rule_text as threshold_rule,
        pt.rule_source as threshold_source
    from stg_contracts k
    left join rules_in_force w on w.contract_ref = k.contract_ref and w.rule = 'sv_weighting' and w.parameter = 'min_pct'
    left join rules_in_force cl on cl.contract_ref = k.contract_ref and cl.rule = 'climate_theme' and cl.parameter = 'required'
    left join rules_in_force cv on cv.contract_ref = k.contract_ref and cv.rule = 'crp' and cv.parameter = 'min_gbp_per_year'
    left join rules_in_force cf on cf.contract_ref = k.contract_ref and cf.rule = 'crp' and cf.parameter = 'frameworks'
    left join rules_in_force nv on nv.contract_ref = k.contract_ref and nv.rule = 'nzc' and nv.parameter = 'min_gbp_per_year'
    left join rules_in_force nt on nt.contract_ref = k.contract_ref and nt.rule = 'nzc' and nt.parameter = 'above_threshold_only'
    left join rules_in_force pt on pt.contract_ref = k.contract_ref and pt.rule = 'public_contracts_threshold' and pt.parameter = 'gbp'
),

carbon_needs as (
    -- what each contract needs: a CRP by its value a year or because it is
    -- a framework; else an NZC from the NZC minimum a year (until the
    -- extension, only at or above the public-contracts threshold)
    select
        c.*,
        coalesce(c.value_gbp_per_year >= c.crp_min_gbp, false) as crp_by_value,
        coalesce(c.framework and c.crp_frameworks, false) as crp_by_framework,
        coalesce(c.value_gbp_per_year >= c.nzc_min_gbp, false)
            and (not coalesce(c.nzc_threshold_only, false) or coalesce(c.value_gbp >= c.threshold_gbp, false)) as nzc_needed
    from contract_rules c
),

low_weighting as (
    select contract_ref, null as measure_code, 'low_sv_weighting' as flag,
        'social value is ' || sv_weighting_pct || '% of the evaluation weight; the NHS minimum for a procurement started on '
            || cast(procured_on as varchar) || ' is ' || weighting_min_pct || '%' as detail,
        weighting_rule as rule, weighting_source as rule_source
    from contract_rules
    where sv_weighting_pct < weighting_min_pct
),

no_crp as (
    select contract_ref, null as measure_code, 'no_carbon_reduction_plan' as flag,
        'no Carbon Reduction Plan on record (carbon plan: ' || coalesce(carbon_plan, 'not given') || '); '
            || case when crp_by_value
                then 'procured on ' || cast(procured_on as varchar) || ' at £' || cast(cast(round(value_gbp_per_year) as bigint) as varchar)
                    || ' a year, at or above the £' || cast(cast(crp_min_gbp as bigint) as varchar) || ' a year that needs one'
                else 'a framework agreement procured on ' || cast(procured_on as varchar) || ', and every new NHS framework needs one'
            end as detail,
        case when crp_by_value then crp_value_rule else crp_framework_rule end as rule,
        case when crp_by_value then crp_value_source else crp_framework_source end as rule_source
    from carbon_needs
    where (crp_by_value or crp_by_framework)
      and coalesce(carbon_plan, 'none') <> 'crp'
),

no_nzc as (
    -- a CRP also serves as a Net Zero Commitment
    select contract_ref, null as measure_code, 'no_net_zero_commitment' as flag,
        'no Net Zero Commitment or Carbon Reduction Plan on record (carbon plan: ' || coalesce(carbon_plan, 'not given') || '); procured on '
            || cast(procured_on as varchar) || ' at £' || cast(cast(round(value_gbp_per_year) as bigint) as varchar)
            || ' a year, at or above the £' || cast(cast(nzc_min_gbp as bigint) as varchar) || ' a year that needs one'
            || case when nzc_threshold_only
                then ', with a whole value of £' || cast(cast(round(value_gbp) as bigint) as varchar)
                    || ', at or above the public-contracts threshold of £' || cast(cast(threshold_gbp as bigint) as varchar)
                else '' end as detail,
        nzc_rule || case when nzc_threshold_only then '; ' || nzc_threshold_rule || '; ' || threshold_rule else '' end as rule,
        nzc_source || case when nzc_threshold_only then '; ' || threshold_source else '' end as rule_source
    from carbon_needs
    where nzc_needed
      and not (crp_by_value or crp_by_framework)
      and coalesce(carbon_plan, 'none') not in ('crp', 'nzc')
),

climate_commitments as (
    -- the fighting-climate-change theme: 2020 outcome 4, or 2025 mission 2
    select c.contract_ref
    from stg_commitments c
    join measures m on m.measure_code = c.measure_code
    where (m.model = '2020' and m.outcome_code = '4') or (m.model = '2025' and m.mission = 'M2')
),

no_climate as (
    -- a check, not a breach: the theme may be in the specification and KPIs
    -- rather than a scored commitment
    select k.contract_ref, null as measure_code, 'no_climate_commitment' as flag,
        'no commitment under the climate theme (2020 outcome 4 / 2025 mission M2); procured on ' || cast(k.procured_on as varchar)
            || ', when the NHS asks for the theme in every tender: ask whether climate was scored or written into the specification' as detail,
        k.climate_rule as rule, k.climate_source as rule_source
    from contract_rules k
    anti join climate_commitments c on c.contract_ref = k.contract_ref
    where k.climate_required
),

uncommitted as (
    select contract_ref, measure_code, 'uncommitted_returns' as flag,
        count(*) || ' return(s) for ' || measure_code || ', which the contract did not commit to (' ||
            substr(cast(min(period) as varchar), 1, 7) || ' to ' || substr(cast(max(period) as varchar), 1, 7) || ')' as detail
    from returns_clean
    where not committed and not superseded
    group by contract_ref, measure_code
),

rule_free as (
    select * from vague_target
    union all select * from unknown_measure
    union all select * from weak_plan
    union all select * from no_followthrough
    union all select * from uncommitted
),

flagged as (
    select contract_ref, measure_code, flag, detail, null as rule, null as rule_source from rule_free
    union all select contract_ref, measure_code, flag, detail, rule, rule_source from low_weighting
    union all select contract_ref, measure_code, flag, detail, rule, rule_source from no_crp
    union all select contract_ref, measure_code, flag, detail, rule, rule_source from no_nzc
    union all select contract_ref, measure_code, flag, detail, rule, rule_source from no_climate
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
        'By the NHS rule in force when it was procured (its value a year, or a new NHS framework), the contract needs a published Carbon Reduction Plan, and none is recorded. A Net Zero Commitment does not serve here.',
        'Ask for the link to the supplier''s published Carbon Reduction Plan (on its website, signed off by a director or the board, covering Scope 1, 2 and some Scope 3 emissions), then record carbon_plan = crp in the register.'
    union all
    select 'no_net_zero_commitment', 1, 'compliance',
        'By the NHS rule in force when it was procured, a contract of this value a year needs a Net Zero Commitment (a board-signed public commitment to net zero by 2050 at the latest) or a Carbon Reduction Plan, and neither is recorded.',
        'Ask for the link to the supplier''s published Net Zero Commitment signed off at board level (or its Carbon Reduction Plan), then record carbon_plan = nzc (or crp) in the register.'
    union all
    select 'low_sv_weighting', 1, 'compliance',
        'Social value carried less of the evaluation weight than the NHS minimum in force when the contract was procured.',
        'No supplier action: note it for the procurement team, and weight social value at least at the minimum next time.'
    union all
    select 'no_climate_commitment', 2, 'check',
        'The contract has no commitment under the fighting-climate-change theme. NHS guidance puts the theme in every tender procured since the rule began, but a contract may carry it in the specification and KPIs rather than as a scored commitment: this is a question, not a breach.',
        'Ask the procurement team whether climate was scored or written into the specification; if neither, ask the supplier for a measurable climate commitment at the next contract review.'
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
        e.ask_supplier,
        f.rule,
        f.rule_source
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
