-- stg_priorities: the hub's priorities by ICS, each for a 2025 mission or an
-- outcome ("4" or "2025.4" is 2025 outcome 4, "2020.4" the 2020 one).
-- priority_rank: 1 high, 2 medium, 3 low, or the number given.
-- grain: one row per loaded priority row
with priorities as (select * from priorities),
final as (
    select
        ics_code,
        case
            when nullif(outcome_code, '') is null then null
            when outcome_code like '%.%' then split_part(outcome_code, '.', 1)
            else '2025'
        end as model,
        case
            when outcome_code like '%.%' then split_part(outcome_code, '.', 2)
            else nullif(outcome_code, '')
        end as outcome_code,
        nullif(mission, '') as mission,
        priority,
        coalesce(
            try_cast(priority as integer),
            case lower(trim(priority)) when 'high' then 1 when 'medium' then 2 when 'low' then 3 end,
            9) as priority_rank,
        source_file, row_number
    from priorities
)
select * from final
