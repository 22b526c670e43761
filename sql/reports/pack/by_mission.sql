-- by_mission (the board pack's breakdown): the rollup of by_ics, by
-- national mission (both models: 2020-model commitments reach a mission
-- through the hub's crosswalk), with how many came through the crosswalk
-- and the measures it maps with low confidence.
-- grain: one row per mission
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select 'Both' as model, coalesce(mission || ' ' || mission_name, 'Not in the taxonomy') as mission,
    count(distinct contract_ref) as contracts, unnest(rag_counts(rag)), median_delivery(delivery_ratio, rag) as median_ratio,
    count(*) filter (where mission_via = 'crosswalk') as crosswalked,
    coalesce(string_agg(distinct case when crosswalk_confidence = 'low' then measure_code end, ', '), '') as low_confidence
from in_scope
group by 2
order by 2
