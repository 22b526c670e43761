-- verified (the board pack's Actions sheet): one row: the share on track on
-- the suppliers' claims and on what the hub verified (returns whose
-- evidence it has seen), and how many returns in the commitments' windows
-- were verified.
-- grain: exactly one row
-- params: $as_of, $region, $ics, $trust, $supplier
with in_scope as (
    select * from verified_delivery
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
)
select
    on_track_pct(count(*) filter (where claimed_rag = 'green'), count(*) filter (where claimed_rag <> 'grey')) as on_track_claimed_pct,
    on_track_pct(count(*) filter (where verified_rag = 'green'), count(*) filter (where verified_rag <> 'grey')) as on_track_verified_pct,
    coalesce(sum(returns_claimed), 0) as returns_claimed,
    coalesce(sum(returns_verified), 0) as returns_verified,
    share_pct(sum(returns_verified), sum(returns_claimed)) as returns_verified_pct
from in_scope
