-- rollup_status: RAG counts, % on track, median delivery ratio and £ social
-- value at every level analysts report on (level: all, region, ics, trust,
-- supplier, contract, category, local_area, mission, theme, outcome, model),
-- month by month, so a trend is this view over as_of. Units are never added
-- together: cross-measure rollups count commitments; £ social value adds
-- only proxy-valued sum measures (NULL where none has a proxy), and
-- gbp_per_contract_gbp divides it by the value of the contracts in the group.
-- Only commitments live in the month are counted (ended ones stop at their
-- last month; see completed_contracts).
-- grain: one row per month (as_of) per level per key
-- materialise: no (no report reads it; a table would cost every ingest
-- about as much as commitment_status itself)
-- keyed is read twice, so it is materialised: only the columns used, not
-- the forty of commitment_status thirteen times over (issue 24: the export
-- reads a month at a time, and each month's copy was most of its memory)
with keyed as (
    select as_of, level, key, label, rag, delivery_ratio, social_value_gbp, contract_ref, contract_value_gbp
    from rollup_keyed
),

counted as (
    select
        as_of, level, key, any_value(label) as label,
        count(*) as commitments,
        count(*) filter (where rag = 'green') as green,
        count(*) filter (where rag = 'amber') as amber,
        count(*) filter (where rag = 'red') as red,
        count(*) filter (where rag = 'grey') as grey,
        median(delivery_ratio) as median_ratio,
        -- summed as exact decimals (to the millionth of a pound): a float
        -- sum's last bits depend on the order threads add it in, and this
        -- reaches the export, which two runs must write the same
        cast(sum(cast(social_value_gbp as decimal(38, 6))) as double) as social_value_gbp
    from keyed
    group by as_of, level, key
),

contract_counts as (
    -- each contract's value once per group, however many commitments it
    -- has; the contracts are counted here, among the group's distinct
    -- contracts, not by a distinct count beside the median over every
    -- commitment (issue 24: that aggregate was the export's dearest)
    select
        as_of, level, key,
        count(distinct contract_ref) as contracts,
        cast(sum(cast(contract_value_gbp as decimal(38, 6))) as double) as contract_value_gbp
    from (
        select distinct as_of, level, key, contract_ref, contract_value_gbp
        from keyed
    )
    group by as_of, level, key
),

final as (
    select
        c.as_of, c.level, c.key, c.label,
        c.commitments, c.green, c.amber, c.red, c.grey,
        100.0 * c.green / nullif(c.commitments - c.grey, 0) as on_track_pct,
        c.median_ratio,
        c.social_value_gbp,
        v.contracts,
        v.contract_value_gbp,
        c.social_value_gbp / nullif(v.contract_value_gbp, 0) as gbp_per_contract_gbp
    from counted c
    join contract_counts v on v.as_of = c.as_of and v.level = c.level and v.key is not distinct from c.key
)
select * from final
