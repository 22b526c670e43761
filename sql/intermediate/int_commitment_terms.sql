-- int_commitment_terms: each commitment with its contract, geography,
-- measure and the whole calendar months it runs (its own period, else the
-- contract's start and end).
-- grain: one row per commitment (contract_ref, measure_code)
with commitments as (select * from commitments),
contracts as (select * from contracts),
organisations as (select * from organisations),
measures as (select * from measures),

joined as (
    select
        c.contract_ref,
        c.measure_code,
        k.supplier_name,
        k.trust_code,
        o.trust_name,
        o.ics_code,
        o.ics_name,
        o.region_code,
        o.region_name,
        k.model,
        coalesce(m.unit, c.unit) as unit,
        m.aggregation,
        m.measure_name,
        m.mission,
        m.mission_name,
        m.theme,
        m.outcome_code,
        c.target,
        cast(date_trunc('month', coalesce(c.period_from, k.start_date)) as date) as first_month,
        cast(date_trunc('month', coalesce(c.period_to, k.end_date)) as date) as last_month
    from commitments c
    join contracts k on k.contract_ref = c.contract_ref
    left join organisations o on o.trust_code = k.trust_code
    left join measures m on m.measure_code = c.measure_code
),

final as (
    select
        *,
        greatest(datediff('month', first_month, last_month) + 1, 1) as months_total
    from joined
)
select * from final
