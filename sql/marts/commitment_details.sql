-- commitment_details: what describes a commitment and does not change from
-- month to month (contract, geography, measure, target, term), kept once
-- per commitment for the commitment_status view to join to its monthly
-- figures (commitment_months). Sorted by region, ICS and trust, so a
-- regional report reads only its region's row groups.
-- commitment_id (int_commitment_terms) is the key commitment_months joins on.
-- grain: one row per commitment (contract_ref, measure_code)
with terms as (select * from int_commitment_terms),
final as (
    select
        commitment_id,
        contract_ref,
        measure_code,
        supplier_name,
        trust_code,
        ics_code,
        region_code,
        unit,
        target,
        gbp_per_unit,
        model,
        measure_model,
        trust_name,
        ics_name,
        region_name,
        measure_name,
        mission,
        mission_name,
        theme,
        outcome_code,
        outcome_name,
        award_criterion,
        award_criterion_label,
        award_criterion_name,
        wording_status,
        mission_via,
        crosswalk_confidence,
        aggregation,
        frequency,
        category,
        local_area,
        contract_value_gbp,
        first_month,
        last_month
    from terms
)
select * from final
