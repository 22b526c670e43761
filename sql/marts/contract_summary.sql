-- contract_summary: the contract register as reports show it: supplier,
-- trust, ICS and region names, category and local area, and whether the
-- contract is live, completed or not yet started in the reporting month.
-- grain: one row per contract
with contracts as (select * from stg_contracts),
organisations as (select * from stg_organisations),
reporting as (select reporting_month from int_reporting_month),

final as (
    select
        c.contract_ref,
        c.title,
        c.supplier_name,
        c.supplier_id,
        c.category,
        c.local_area,
        c.value_gbp,
        c.value_gbp_per_year,
        c.start_date,
        c.end_date,
        c.sv_weighting_pct,
        c.model,
        c.crp_published,
        c.trust_code,
        coalesce(o.trust_name, c.trust_code) as trust_name,
        o.ics_code,
        coalesce(o.ics_name, o.ics_code) as ics_name,
        o.region_code,
        coalesce(o.region_name, o.region_code) as region_name,
        case
            when c.end_date < r.reporting_month then 'completed'
            when c.start_date > last_day(r.reporting_month) then 'not started'
            else 'live'
        end as status
    from contracts c
    -- every contract's trust is in organisations (ingest rejects an unknown
    -- trust; organisations are never deleted)
    join organisations o on o.trust_code = c.trust_code
    cross join reporting r
)
select * from final
