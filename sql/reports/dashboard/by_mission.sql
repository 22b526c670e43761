-- by_mission: RAG by 2025 mission, best on track first, in every view: the
-- counts and shares of every RAG breakdown (rag_tally), added up from
-- the counts of its groups in rag_breakdowns (commitment_groups says
-- which group each commitment falls in).
-- grain: one row per scope and mission
with live as (from rag_breakdown('mission', $as_of, $reporting_month)),
c as (from scoped(live, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select * from (
    select scope, label, code, unnest(rag_tally(rag, commitments))
    from c
    group by 1, 2, 3
) breakdown
order by scope, on_track_pct desc nulls last, label
