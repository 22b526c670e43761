-- by_category: RAG by contract category, best on track first, in every view: the
-- counts and shares of every RAG breakdown (rag_counts).
-- grain: one row per scope and category
with live as (
    select * from commitment_status
    where as_of = $as_of and last_month >= $as_of and (true)
),
c as (from scoped(live, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select * from (
    select scope, coalesce(upper(left(k.category, 1)) || substr(k.category, 2), 'No category given') as label, coalesce(k.category, '') as code,
        unnest(rag_counts(rag))
    from c
    left join contract_summary k on k.contract_ref = c.contract_ref
    group by 1, 2, 3
) breakdown
order by scope, on_track_pct desc nulls last, label
