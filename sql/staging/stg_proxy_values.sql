-- stg_proxy_values: £ per unit of a measure from a named proxy table (the
-- demo's is illustrative); social_value_gbp multiplies delivered units by it.
-- grain: one row per measure_code
with proxy_values as (select * from proxy_values),
final as (
    select measure_code, gbp_per_unit, source, year, source_file, row_number
    from proxy_values
)
select * from final
