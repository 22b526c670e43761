-- int_commitment_terms: each commitment with its contract, geography,
-- measure and the whole calendar months it runs (its own period, else the
-- contract's start and end). Delivery is judged from first_month: the
-- commitment's first month, or the month the hub started monitoring if
-- later, so a contract let years before svhub is judged on the months the
-- hub has returns for (pro rata over its whole term, months_total).
-- grain: one row per commitment (contract_ref, measure_code)
with commitments as (select * from commitments),
contracts as (select * from contracts),
organisations as (select * from organisations),
monitoring as (select first_data_month from int_reporting_month),
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
        cast(date_trunc('month', coalesce(c.period_from, k.start_date)) as date) as term_first_month,
        cast(date_trunc('month', coalesce(c.period_to, k.end_date)) as date) as last_month
    from commitments c
    join contracts k on k.contract_ref = c.contract_ref
    left join organisations o on o.trust_code = k.trust_code
    left join measures m on m.measure_code = c.measure_code
),

monitored as (
    select j.*, greatest(j.term_first_month, mo.first_data_month) as first_month
    from joined j
    cross join monitoring mo
),

final as (
    select
        *,
        greatest(datediff('month', term_first_month, last_month) + 1, 1) as months_total,
        greatest(datediff('month', first_month, last_month) + 1, 0) as months_monitored
    from monitored
)
select * from final
