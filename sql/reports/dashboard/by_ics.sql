-- by_ics: RAG by ICS, best on track first, in every view: the
-- counts and shares of every RAG breakdown (rag_counts).
-- grain: one row per scope and ics
with live as (
    select * from commitment_status
    where as_of = $as_of and last_month >= $as_of and (true)
),
c as (from scoped(live, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select * from (
    select scope, coalesce(ics_name, ics_code) as label, ics_code as code,
        unnest(rag_counts(rag))
    from c
    group by 1, 2, 3
) breakdown
order by scope, on_track_pct desc nulls last, label
