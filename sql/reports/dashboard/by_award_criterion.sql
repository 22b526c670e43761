-- by_award_criterion: RAG by the award criterion each commitment was scored against at tender (a name that is svhub's paraphrase is marked), best on track first, in every view: the
-- counts and shares of every RAG breakdown (rag_counts).
-- grain: one row per scope and award_criterion
with live as (
    select * from commitment_status
    where as_of = $as_of and last_month >= $as_of and (award_criterion is not null)
),
c as (from scoped(live, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select * from (
    select scope, c.award_criterion_label || ' ' || c.award_criterion_name || case when a.wording_status = 'provisional' then ' (svhub wording)' else '' end as label, c.measure_model || ' ' || c.award_criterion as code,
        unnest(rag_counts(rag))
    from c
    left join award_criteria a on a.model = c.measure_model and a.award_criterion = c.award_criterion
    group by 1, 2, 3
) breakdown
order by scope, on_track_pct desc nulls last, label
