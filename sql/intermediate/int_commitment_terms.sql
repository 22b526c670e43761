-- int_commitment_terms: each commitment with its contract, geography,
-- measure, reporting frequency and the whole calendar months it runs (its
-- own period, else the contract's start and end). A commitment reports in
-- periods of period_months (1 monthly, 3 quarterly, 12 annual) counted from
-- its first month. It is judged from judged_from: the start of the period
-- that holds the month monitoring began (or its first month, if later), so
-- a contract let years before svhub is judged on the periods the hub has
-- returns for, pro rata over its whole term (months_total).
-- commitment_id numbers the commitments in key order, so the marts split
-- from one another (commitment_months, commitment_details) join on one
-- integer rather than two strings; (contract_ref, measure_code) is the
-- commitments table's primary key, so the numbering is the same at every
-- evaluation of the same data.
-- grain: one row per commitment (contract_ref, measure_code)
with stg_commitments as (select * from stg_commitments),
stg_contracts as (select * from stg_contracts),
stg_organisations as (select * from stg_organisations),
monitoring as (select first_data_month from int_reporting_month),
measures as (select * from measures),
stg_proxy_values as (select measure_code, gbp_per_unit from stg_proxy_values),

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
        k.category,
        k.local_area,
        k.value_gbp as contract_value_gbp,
        k.model,
        m.model as measure_model,
        coalesce(m.unit, c.unit) as unit,
        m.aggregation,
        m.measure_name,
        m.mission,
        m.mission_name,
        m.theme,
        m.outcome_code,
        m.outcome_name,
        m.award_criterion,
        m.award_criterion_label,
        m.award_criterion_name,
        m.wording_status,
        m.mission_via,
        m.crosswalk_confidence,
        c.target,
        c.frequency,
        c.period_months,
        case when m.aggregation = 'sum' then p.gbp_per_unit end as gbp_per_unit,
        cast(date_trunc('month', coalesce(c.period_from, k.start_date)) as date) as term_first_month,
        cast(date_trunc('month', coalesce(c.period_to, k.end_date)) as date) as last_month
    from stg_commitments c
    join stg_contracts k on k.contract_ref = c.contract_ref
    -- every contract's trust is in organisations (ingest rejects an unknown
    -- trust; organisations are never deleted)
    join stg_organisations o on o.trust_code = k.trust_code
    left join measures m on m.measure_code = c.measure_code
    left join stg_proxy_values p on p.measure_code = c.measure_code
),

monitored as (
    -- the start of the period holding the monitoring-start month, or the
    -- term's first month when the term starts later (months before it: 0)
    select
        j.*,
        cast(j.term_first_month + to_months(j.period_months *
            (greatest(datediff('month', j.term_first_month, mo.first_data_month), 0) // j.period_months)) as date) as first_month
    from joined j
    cross join monitoring mo
),

numbered as (
    -- commitment_id over the keys alone, of the same rows as joined: the
    -- window sorts the rows it carries, and carrying the thirty descriptive
    -- columns through it cost most of the model (4 s of CPU at England)
    select
        c.contract_ref,
        c.measure_code,
        row_number() over (order by c.contract_ref, c.measure_code) as commitment_id
    from stg_commitments c
    join stg_contracts k on k.contract_ref = c.contract_ref
    join stg_organisations o on o.trust_code = k.trust_code
),

final as (
    select
        m.*,
        greatest(datediff('month', m.term_first_month, m.last_month) + 1, 1) as months_total,
        n.commitment_id
    from monitored m
    -- one row per key on each side: this adds the number only
    join numbered n on n.contract_ref = m.contract_ref and n.measure_code = m.measure_code
)
select * from final
