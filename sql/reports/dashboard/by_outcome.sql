-- by_outcome: RAG by 2020 outcome, best on track first, in every view: the
-- counts and shares of every RAG breakdown (rag_counts).
-- grain: one row per scope and outcome
with live as (
    select * from commitment_status
    where as_of = $as_of and last_month >= $as_of and (model = '2020')
),
c as (from scoped(live, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select * from (
    select scope, coalesce(m.outcome_name, 'Outcome ' || c.outcome_code) as label, coalesce(c.outcome_code, '') as code,
        unnest(rag_counts(rag))
    from c
    left join (select distinct model, outcome_code, outcome_name from measures) m on m.model = c.model and m.outcome_code = c.outcome_code
    group by 1, 2, 3
) breakdown
order by scope, on_track_pct desc nulls last, label
