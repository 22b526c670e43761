-- verified: delivery claimed and verified (issue 21), in every view: the
-- share on track by the suppliers' claims, and counting only the returns
-- whose evidence the hub has seen (the hub log; verified_delivery).
-- grain: one row per scope
with month as (select * from verified_delivery where as_of = $as_of),
v as (from scoped(month, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select scope,
    on_track_pct(count(*) filter (where claimed_rag = 'green'), count(*) filter (where claimed_rag <> 'grey')) as on_track_claimed_pct,
    on_track_pct(count(*) filter (where verified_rag = 'green'), count(*) filter (where verified_rag <> 'grey')) as on_track_verified_pct,
    coalesce(sum(returns_claimed), 0) as returns_claimed,
    coalesce(sum(returns_verified), 0) as returns_verified,
    share_pct(sum(returns_verified), sum(returns_claimed)) as returns_verified_pct
from v
group by scope
order by scope
