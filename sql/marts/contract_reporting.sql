-- contract_reporting: each contract, month by month, with whether it is
-- live, has commitments, sent a return for the month, and has ever sent one
-- by then. The dashboard's "contracts reporting" headline counts live
-- contracts with commitments that sent any return (never_returned counts
-- the rest), not every contract with commitments.
-- grain: one row per contract per month, from the later of its first month
-- and monitoring start to the earlier of its last month and the reporting month
with stg_contracts as (select * from stg_contracts),
stg_organisations as (select trust_code, ics_code, region_code from stg_organisations),
stg_commitments as (select distinct contract_ref from stg_commitments),
reporting as (select reporting_month, first_data_month from int_reporting_month),
-- superseded rows need no filter: a superseded return always has its
-- current replacement for the same contract, month and measure
received as (select distinct contract_ref, period from returns_clean),

months as (
    select
        k.contract_ref, k.supplier_name, k.trust_code, k.start_month, k.end_month,
        cast(unnest(generate_series(
            greatest(k.start_month, r.first_data_month),
            least(k.end_month, r.reporting_month),
            interval 1 month)) as date) as as_of
    from stg_contracts k
    cross join reporting r
),

marked as (
    select
        m.*,
        c.contract_ref is not null as has_commitments,
        rc.contract_ref is not null as returned_in_month
    from months m
    left join stg_commitments c on c.contract_ref = m.contract_ref
    left join received rc on rc.contract_ref = m.contract_ref and rc.period = m.as_of
),

final as (
    select
        m.as_of,
        m.contract_ref,
        m.supplier_name,
        m.trust_code,
        o.ics_code,
        o.region_code,
        m.has_commitments,
        m.returned_in_month,
        -- the default frame runs to the current row (as_of is unique within a
        -- contract), and costs half of an explicit rows frame
        max(case when m.returned_in_month then 1 else 0 end) over (partition by m.contract_ref order by m.as_of) = 1 as returned_to_date,
        m.as_of = m.end_month as is_last_month
    from marked m
    -- every contract's trust is in organisations (ingest rejects an unknown trust)
    join stg_organisations o on o.trust_code = m.trust_code
)
select * from final
