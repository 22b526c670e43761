-- trust_chart (the board pack's Summary chart): each trust's live
-- commitments by RAG and its share on track. Every trust when there are at
-- most $all_trusts (best first), else the $lowest_trusts with the lowest
-- share on track, lowest first: 212 bars in a chart a page high are
-- unreadable. trusts counts them all, for the headline.
-- grain: one row per trust drawn
-- params: $as_of, $region, $ics, $trust, $supplier, $all_trusts, $lowest_trusts
with live as (
    select * from commitment_status
    where as_of = $as_of and last_month >= $as_of
        and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
),
t as (
    select coalesce(trust_name, trust_code) as label, trust_code as code, unnest(rag_counts(rag))
    from live
    group by trust_code, trust_name
),
n as (select count(*) as trusts from t)
select t.*, n.trusts
from t, n
qualify n.trusts <= $all_trusts or row_number() over (order by t.on_track_pct asc nulls last, t.label) <= $lowest_trusts
order by case when n.trusts > $all_trusts then t.on_track_pct end asc nulls last, t.on_track_pct desc nulls last, t.label
