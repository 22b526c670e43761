-- stg_contracts: the contract register as loaded, with the whole calendar
-- months it runs (start_month, end_month) and its value per year. The
-- procurement date (procured_on, else start_date) decides which dated rules
-- apply; carbon_plan is what the supplier has on record (crp, nzc or none),
-- from the carbon_plan column, else the older crp_published (yes: crp, no:
-- none), else NULL (nothing on record).
-- grain: one row per contract_ref
with contracts as (select * from contracts),
final as (
    select
        contract_ref,
        supplier_name,
        supplier_id,
        trust_code,
        title,
        coalesce(nullif(trim(category), ''), 'Uncategorised') as category,
        value_gbp,
        start_date,
        end_date,
        cast(date_trunc('month', start_date) as date) as start_month,
        cast(date_trunc('month', end_date) as date) as end_month,
        value_gbp / greatest(datediff('day', start_date, end_date) / 365.25, 1) as value_gbp_per_year,
        sv_weighting_pct,
        model,
        crp_published,
        coalesce(carbon_plan, case when crp_published then 'crp' when not crp_published then 'none' end) as carbon_plan,
        coalesce(framework, false) as framework,
        coalesce(procured_on, start_date) as procured_on,
        coalesce(nullif(trim(local_area), ''), 'Not given') as local_area,
        source_file, file_sha256, sheet, row_number
    from contracts
)
select * from final
