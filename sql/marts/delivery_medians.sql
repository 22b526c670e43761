-- delivery_medians: the median delivered ÷ expected of the live commitments
-- that can be judged (rag not grey), month by month, for England, each
-- region, each ICS and each trust: the Trend's median line (trend.sql)
-- reads these instead of taking the median of every commitment of twelve
-- months again in each view of each report. A median cannot be added up
-- from smaller groups, so each level is its own group (grouping sets); a
-- view of a supplier, whose commitments these groups do not separate, is
-- still taken from commitment_status in the report. The rows are
-- commitment_status's live commitments (last_month >= as_of), read from its
-- two tables: the supplier is not needed here.
-- grain: one row per month (as_of) per level ('all', 'region', 'ics',
-- 'trust') and its codes (null above the level)
with months as (select commitment_id, as_of, delivery_ratio from commitment_months where rag <> 'grey'),
details as (select commitment_id, region_code, ics_code, trust_code, last_month from commitment_details),
live as (
    select m.as_of, d.region_code, d.ics_code, d.trust_code, m.delivery_ratio
    from months m
    join details d on d.commitment_id = m.commitment_id
    where d.last_month >= m.as_of
),
grouped as (
    select
        as_of, region_code, ics_code, trust_code,
        -- 1 where the group leaves the code out
        grouping(region_code) as all_regions, grouping(ics_code) as all_ics, grouping(trust_code) as all_trusts,
        count(*) as judged,
        median(delivery_ratio) as median_ratio
    from live
    group by grouping sets ((as_of), (as_of, region_code), (as_of, region_code, ics_code), (as_of, region_code, ics_code, trust_code))
),
final as (
    select
        as_of,
        case when all_regions = 1 then 'all' when all_ics = 1 then 'region' when all_trusts = 1 then 'ics' else 'trust' end as level,
        region_code, ics_code, trust_code, judged, median_ratio
    from grouped
)
select * from final
