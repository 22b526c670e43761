-- suppliers: the suppliers furthest behind and furthest ahead, in every
-- view: one aggregate (a median delivered ÷ expected per supplier and view)
-- ranked twice, each part ($keep_behind, $keep_ahead) keeping the rows its
-- block shows (list_keeps).
-- grain: one row per part, scope and supplier kept
with live as (select * from commitment_status where as_of = $as_of and last_month >= $as_of),
c as (from scoped(live, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
body as materialized (
    select scope, supplier_name,
        count(distinct contract_ref) as contracts,
        unnest(rag_counts(rag)),
        median_delivery(delivery_ratio, rag) as median_ratio
    from c
    group by scope, supplier_name
    having count(*) filter (where rag <> 'grey') > 0
),
ranked as (
    select 'suppliers_behind' as part, *, count(*) over (partition by scope) as scope_rows,
        row_number() over (partition by scope order by median_ratio asc nulls last, red desc, supplier_name) as scope_rank,
        list_keeps(scope, null, $keep_behind, $keep_all_behind, false) as scope_keep
    from body
    union all
    select 'suppliers_ahead' as part, *, count(*) over (partition by scope) as scope_rows,
        row_number() over (partition by scope order by median_ratio desc nulls last, green desc, supplier_name) as scope_rank,
        list_keeps(scope, null, $keep_ahead, $keep_all_ahead, false) as scope_keep
    from body
)
select * exclude (scope_rank, scope_keep)
from ranked
where scope_rank <= scope_keep
order by part, scope, scope_rank
