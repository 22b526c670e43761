-- supplier_commitments: each supplier's live commitments for its feedback
-- page, in its supplier view only. A contract that has sent no return at
-- all says so, rather than "delivered 0, red".
-- grain: one row per supplier view and commitment
-- Only a report with supplier views reads the month's commitments: the
-- others (a national dashboard has none) have no row to show.
with live as (select * from commitment_status where as_of = $as_of and last_month >= $as_of and $drill and $supplier_views),
c as (from scoped(live, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
k as (
    select c.*, coalesce(r.returned_to_date, true) as returned
    from c left join contract_reporting r on r.contract_ref = c.contract_ref and r.as_of = $as_of
    where c.scope like 'supplier:%'
)
select scope, contract_ref, coalesce(trust_name, trust_code) as trust, measure_code, worded_name(measure_name, wording_status) as measure_name, unit, target,
    expected_to_date,
    case when returned then coalesce(delivered_to_date, 0) end as delivered_to_date,
    case when returned then delivery_ratio end as delivery_ratio,
    case when returned then rag else 'no_return' end as rag
from k
order by scope, case when not returned then 0 when rag = 'red' then 1 when rag = 'amber' then 2 when rag = 'green' then 3 else 4 end, delivery_ratio, contract_ref, measure_code
