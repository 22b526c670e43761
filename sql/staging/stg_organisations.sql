-- stg_organisations: trusts with their ICS and region, as loaded.
-- grain: one row per trust_code
with organisations as (select * from organisations),
final as (
    select trust_code, trust_name, ics_code, ics_name, region_code, region_name,
        source_file, file_sha256, sheet, row_number
    from organisations
)
select * from final
