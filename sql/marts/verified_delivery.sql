-- verified_delivery: each commitment's delivery in the reporting month two
-- ways: claimed (delivered_to_date, from every current return) and verified
-- (only the returns whose evidence the hub has seen: evidence_status), with
-- the verified ratio and RAG on the same thresholds, and the share of the
-- claim that is verified. For `latest` measures the latest return counts
-- when its evidence was seen.
-- grain: one row per commitment (as commitment_status_latest)
-- A table, rebuilt with the marts after every load (a hub log is a load):
-- as a view it ranked every return (returns_clean) for each report query.
with latest as (select * from commitment_status_latest),
evidence as (select contract_ref, measure_code, period, value, verified from evidence_status),
thresholds as (select rag_green_min, rag_amber_min from int_settings),
in_window as (
    select l.contract_ref, l.measure_code, e.period, e.value, e.verified
    from latest l
    join evidence e on e.contract_ref = l.contract_ref and e.measure_code = l.measure_code
    where e.period >= l.first_month and e.period <= l.as_of and e.period <= l.last_month
),
last_return as (
    select contract_ref, measure_code, value, verified,
        row_number() over (partition by contract_ref, measure_code order by period desc) as newest
    from in_window
),
sums as (
    select contract_ref, measure_code,
        count(*) as returns_claimed,
        count(*) filter (where verified) as returns_verified,
        sum(value) filter (where verified) as verified_sum
    from in_window
    group by contract_ref, measure_code
),
verified as (
    select
        l.*,
        coalesce(s.returns_claimed, 0) as returns_claimed,
        coalesce(s.returns_verified, 0) as returns_verified,
        case
            when l.aggregation = 'latest' then case when lr.verified then lr.value else 0 end
            else coalesce(s.verified_sum, 0)
        end as verified_to_date
    from latest l
    left join sums s on s.contract_ref = l.contract_ref and s.measure_code = l.measure_code
    left join last_return lr on lr.contract_ref = l.contract_ref and lr.measure_code = l.measure_code and lr.newest = 1
),
final as (
    select
        v.as_of, v.contract_ref, v.supplier_name, v.trust_code, v.ics_code, v.region_code, v.measure_code, v.unit, v.aggregation,
        v.target, v.expected_to_date,
        v.delivered_to_date as claimed_to_date,
        v.verified_to_date,
        case when v.delivered_to_date > 0 then round(100.0 * v.verified_to_date / v.delivered_to_date, 1) end as verified_share_pct,
        v.returns_claimed,
        v.returns_verified,
        v.delivery_ratio as claimed_ratio,
        case when v.expected_to_date > 0 then round(v.verified_to_date / v.expected_to_date, 6) end as verified_ratio,
        v.rag as claimed_rag,
        case
            when v.rag = 'grey' or not (v.expected_to_date > 0) then 'grey'
            when v.verified_to_date / v.expected_to_date >= t.rag_green_min then 'green'
            when v.verified_to_date / v.expected_to_date >= t.rag_amber_min then 'amber'
            else 'red'
        end as verified_rag
    from verified v
    cross join thresholds t
)
select * from final
