-- off_track: the live red commitments of the reporting month ($as_of), with
-- what makes each matter: the contract's value a year and, where the
-- measure has a proxy £ per unit (a proxy_values table is loaded), the £ of
-- social value behind plan, (expected − delivered) × £ per unit. Lists rank
-- them by materiality (materiality_order: £ behind plan, then the
-- contract's value a year), with delivered ÷ expected as a column, so half
-- an FTE short no longer leads £226,000 of SME spend short.
-- grain: one row per red commitment
-- params: $as_of
with red as (
    select * from commitment_status
    where as_of = cast($as_of as date) and last_month >= cast($as_of as date) and rag = 'red'
),
details as (select contract_ref, measure_code, gbp_per_unit from commitment_details),
contracts as (select contract_ref, value_gbp_per_year from contract_summary),
final as (
    select
        r.region_code, r.ics_code, r.trust_code, r.supplier_name,
        r.contract_ref, r.measure_code, r.measure_name, r.wording_status, r.unit,
        coalesce(r.trust_name, r.trust_code) as trust,
        r.target, r.expected_to_date,
        coalesce(r.delivered_to_date, 0) as delivered_to_date,
        coalesce(r.delivery_ratio, 0) as delivery_ratio,
        r.rag,
        k.value_gbp_per_year,
        case when d.gbp_per_unit is not null
            then greatest(r.expected_to_date - coalesce(r.delivered_to_date, 0), 0) * d.gbp_per_unit end as gbp_at_risk
    from red r
    left join details d on d.contract_ref = r.contract_ref and d.measure_code = r.measure_code
    left join contracts k on k.contract_ref = r.contract_ref
)
select * from final
