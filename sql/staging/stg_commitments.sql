-- stg_commitments: commitments as loaded, with the reporting frequency
-- normalised (monthly, quarterly or annual; blank or unknown: monthly) and
-- the number of months in each of its reporting periods.
-- grain: one row per commitment (contract_ref, measure_code)
with commitments as (select * from commitments),
normalised as (
    select
        *,
        case
            when regexp_matches(lower(coalesce(frequency, '')), '^\s*(quarter|qtr|q$)') then 'quarterly'
            when regexp_matches(lower(coalesce(frequency, '')), '^\s*(annual|year|yearly|per annum|p\.?a\.?$)') then 'annual'
            else 'monthly'
        end as frequency_norm
    from commitments
),
final as (
    select
        contract_ref,
        measure_code,
        target,
        unit,
        frequency_norm as frequency,
        case frequency_norm when 'quarterly' then 3 when 'annual' then 12 else 1 end as period_months,
        period_from,
        period_to,
        delivery_plan,
        location,
        source_file, file_sha256, sheet, row_number
    from normalised
)
select * from final
