-- kpis: the Overview's figures at the reporting month and the month before
-- it (computed from $as_of, never stored), for each tile's change, in every
-- view. A month's overdue returns are those due before its reference date:
-- today for the reporting month, a month earlier for the month before
-- (returns_due as of the reporting month's today, shifted).
-- grain: one row per scope
with ref as (
    select today - to_months(datediff('month', cast($as_of as date), reporting_month)) as now_date,
        today - to_months(datediff('month', cast($as_of as date), reporting_month) + 1) as prev_date
    from report_settings
),
-- each contract's live commitments of the two months, pre-counted by RAG
-- colour (contract_rag_months): rag_tally adds the counts up as
-- rag_counts counts commitments
months as (
    select * from contract_rag_months
    where as_of in ($as_of, $as_of - interval 1 month)
),
c as (from scoped(months, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
due as (select * from returns_due where period <= $as_of),
d as (from scoped(due, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
vague as (select * from commitment_flags where is_vague(flag)),
f as (from scoped(vague, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
k as (
    select scope, as_of = $as_of as this_month, count(distinct contract_ref) as contracts, unnest(rag_tally(rag, commitments)),
        gbp_total(social_value_gbp) as social_value_gbp
    from c group by scope, as_of
),
r as (
    select scope,
        count(*) filter (where due_date < ref.now_date) as returns_due,
        count(*) filter (where due_date < ref.now_date and received) as returns_received,
        count(*) filter (where due_date < ref.now_date and not received) as missing_returns,
        count(*) filter (where period < $as_of and due_date < ref.prev_date) as returns_due_prev,
        count(*) filter (where period < $as_of and due_date < ref.prev_date and received) as returns_received_prev,
        count(*) filter (where period < $as_of and due_date < ref.prev_date and not received) as missing_returns_prev
    from d, ref group by scope
),
v as (select scope, commitments_counted(contract_ref, measure_code) as vague_commitments from f group by scope)
select k.* exclude (this_month),
    coalesce(r.returns_due, 0) as returns_due,
    coalesce(r.returns_received, 0) as returns_received,
    returns_received_pct(r.returns_received, r.returns_due) as returns_received_pct,
    coalesce(r.missing_returns, 0) as missing_returns,
    coalesce(v.vague_commitments, 0) as vague_commitments,
    (select string_agg(distinct source || ' ' || year, '; ') from stg_proxy_values) as proxy_source,
    p.on_track_pct as on_track_pct_prev, p.contracts as contracts_prev, p.commitments as commitments_prev,
    p.red as red_prev, p.social_value_gbp as social_value_gbp_prev,
    case when p.scope is not null then returns_received_pct(r.returns_received_prev, r.returns_due_prev) end as returns_received_pct_prev,
    case when p.scope is not null then coalesce(r.missing_returns_prev, 0) end as missing_returns_prev
from k
left join r using (scope)
left join v using (scope)
left join (select * from k where not this_month) p using (scope)
where k.this_month
order by scope
