-- trend: the share of judgeable commitments on track and the median
-- delivered ÷ expected, by month, over the 12 months to the reporting
-- month, in every view. The counts add up each contract's pre-counted
-- colours (contract_rag_months, as the tiles do); the medians of the
-- report's area, its ICSs and its trusts are delivery_medians' (a median
-- cannot be added up), and only a supplier's view, or a report of one
-- supplier, takes its median from the commitments themselves.
with months as (
    select * from contract_rag_months
    where as_of <= $as_of and as_of > $as_of - interval 12 month
),
c as (from scoped(months, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
counted as (select scope, as_of, unnest(rag_tally(rag, commitments)) from c group by scope, as_of),
-- the report's own area: the finest of the region, ICS and trust it names
area as (
    select case when $trust <> '' then 'trust' when $ics <> '' then 'ics' when $region <> '' then 'region' else 'all' end as level
),
geo as (
    select m.as_of, m.level, m.ics_code, m.trust_code, m.median_ratio, m.level = a.level as is_area
    from delivery_medians m, area a
    where $supplier = '' and m.as_of <= $as_of and m.as_of > $as_of - interval 12 month
        and in_report(m.region_code, m.ics_code, m.trust_code, '', $region, $ics, $trust, '')
),
-- each view's median: the area's is the whole report's, and an ICS view
-- of a report of one ICS or trust holds the same commitments as the report
geo_scoped as (
    select 'all' as scope, as_of, median_ratio from geo where is_area
    union all
    select 'ics:' || ics_code, as_of, median_ratio from geo
    where $drill and ((level = 'ics' and $ics = '' and $trust = '') or (is_area and level in ('ics', 'trust')))
    union all
    select 'trust:' || trust_code, as_of, median_ratio from geo where $drill and level = 'trust'
),
-- a supplier's views, and every view of a report of one supplier
by_supplier as (
    select * from commitment_status
    where ($supplier <> '' or $supplier_views)
        and as_of <= $as_of and as_of > $as_of - interval 12 month and last_month >= as_of
),
s as (from scoped(by_supplier, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
supplier_scoped as (
    select scope, as_of, median_delivery(delivery_ratio, rag) as median_ratio
    from s where $supplier <> '' or scope like 'supplier:%'
    group by scope, as_of
),
medians as (from geo_scoped union all from supplier_scoped)
select k.scope, k.as_of as month,
    round(k.on_track_pct, 1) as on_track_pct,
    round(100.0 * m.median_ratio, 1) as median_delivery_pct,
    k.judged as judged
from counted k
left join medians m on m.scope = k.scope and m.as_of = k.as_of
order by k.scope, k.as_of
