-- completed_contracts: contracts that ended before the reporting month, with
-- the final result of their commitments: RAG counts, % on track (green ÷
-- commitments that are not grey), median delivery ratio and £ social value.
-- grain: one row per ended contract
with stg_contracts as (select * from stg_contracts),
stg_organisations as (select * from stg_organisations),
reporting as (select reporting_month from int_reporting_month),
completed as (select * from completed_commitments),

ended as (
    select k.*
    from stg_contracts k
    cross join reporting r
    where k.end_month < r.reporting_month
),

final_status as (
    select
        contract_ref,
        count(*) as commitments,
        count(*) filter (where rag = 'green') as green,
        count(*) filter (where rag = 'amber') as amber,
        count(*) filter (where rag = 'red') as red,
        count(*) filter (where rag = 'grey') as grey,
        median(delivery_ratio) as median_ratio,
        cast(sum(cast(social_value_gbp as decimal(38, 6))) as double) as social_value_gbp  -- exact, whatever the order (rollup_status)
    from completed
    group by contract_ref
),

final as (
    select
        e.contract_ref,
        e.supplier_name,
        e.trust_code,
        o.ics_code,
        o.region_code,
        e.category,
        e.local_area,
        e.value_gbp,
        e.start_date,
        e.end_date,
        coalesce(f.commitments, 0) as commitments,
        coalesce(f.green, 0) as green,
        coalesce(f.amber, 0) as amber,
        coalesce(f.red, 0) as red,
        coalesce(f.grey, 0) as grey,
        100.0 * f.green / nullif(f.commitments - f.grey, 0) as on_track_pct,
        f.median_ratio,
        f.social_value_gbp
    from ended e
    -- every contract's trust is in organisations (ingest rejects an unknown trust)
    join stg_organisations o on o.trust_code = e.trust_code
    left join final_status f on f.contract_ref = e.contract_ref
)
select * from final
