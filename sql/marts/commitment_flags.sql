-- commitment_flags: the hub's known failure modes, made visible: vague
-- commitments (no number, no plan, or only generic policy language), measures
-- outside the taxonomy, no follow-through after award, social-value weighting
-- below the NHS minimum, and no Carbon Reduction Plan.
-- grain: one row per commitment (or contract) per flag
-- clock: today
with commitments as (select * from commitments),
organisations as (select trust_code, ics_code, region_code from organisations),
contracts as (select * from contracts),
measures as (select measure_code from measures),
settings as (select * from int_settings),
returns_clean as (select contract_ref, min(period) as first_return from returns_clean group by contract_ref),

vague_target as (
    select contract_ref, measure_code, 'no_target' as flag,
        'no numeric target: nothing to measure delivery against' as detail
    from commitments where target is null
    union all
    select contract_ref, measure_code, 'zero_target', 'target is zero'
    from commitments where target = 0
),

unknown_measure as (
    select c.contract_ref, c.measure_code, 'unknown_measure' as flag,
        'measure ' || c.measure_code || ' is not in the taxonomy' as detail
    from commitments c anti join measures m on m.measure_code = c.measure_code
),

weak_plan as (
    select contract_ref, measure_code, 'no_delivery_plan' as flag, 'no delivery plan' as detail
    from commitments where coalesce(trim(delivery_plan), '') = ''
    union all
    select contract_ref, measure_code, 'generic_plan',
        'delivery plan is generic policy language: "' || left(delivery_plan, 80) || '"'
    from commitments
    where regexp_matches(lower(delivery_plan), '(we always|where possible|committed to|as appropriate|where appropriate|as and when|best endeavours)')
),

no_followthrough as (
    select k.contract_ref, null as measure_code, 'no_followthrough' as flag,
        'no return at all ' || s.no_followthrough_months || ' months after the contract started' as detail
    from contracts k
    cross join settings s
    left join returns_clean r on r.contract_ref = k.contract_ref
    where r.first_return is null
      and cast(date_trunc('month', k.start_date) as date) + to_months(s.no_followthrough_months) <= s.today
),

low_weighting as (
    select k.contract_ref, null as measure_code, 'low_sv_weighting' as flag,
        'social value is ' || k.sv_weighting_pct || '% of the evaluation weight; the NHS minimum is ' || s.sv_weighting_min_pct || '%' as detail
    from contracts k cross join settings s
    where k.sv_weighting_pct < s.sv_weighting_min_pct
),

no_crp as (
    -- NHS Net Zero Supplier Roadmap: every new procurement from April 2024,
    -- and contracts over £5m a year since April 2023
    select contract_ref, null as measure_code, 'no_carbon_reduction_plan' as flag,
        'no published Carbon Reduction Plan' as detail
    from contracts
    where crp_published is not true
      and (start_date >= date '2024-04-01'
           or (start_date >= date '2023-04-01'
               and value_gbp / greatest(datediff('day', start_date, end_date) / 365.25, 1) > 5000000))
),

final as (
    select * from vague_target
    union all select * from unknown_measure
    union all select * from weak_plan
    union all select * from no_followthrough
    union all select * from low_weighting
    union all select * from no_crp
)
select f.contract_ref, f.measure_code, f.flag, f.detail, k.supplier_name, k.trust_code, o.ics_code, o.region_code
from final f
left join contracts k on k.contract_ref = f.contract_ref
left join organisations o on o.trust_code = k.trust_code
