-- trend: the share of judgeable commitments on track and the median
-- delivered ÷ expected, by month, over the 12 months to the reporting
-- month, in every view.
with months as (
    select * from commitment_status
    where as_of <= $as_of and as_of > $as_of - interval 12 month and last_month >= as_of
),
c as (from scoped(months, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select scope, as_of as month,
    round(rag_counts(rag).on_track_pct, 1) as on_track_pct,
    round(100.0 * median_delivery(delivery_ratio, rag), 1) as median_delivery_pct,
    rag_counts(rag).judged as judged
from c
group by scope, as_of
order by scope, as_of
