-- priority_gaps: delivery against each ICS's own priorities (a 2025
-- mission or outcome), least covered first (gap_rank), for the whole
-- report and each ICS's view, with the places off track or with no
-- commitments. priority_gaps is built for the reporting month only.
-- grain: one row per scope, ICS and priority
with g as (
    select unnest(['all', 'ics:' || ics_code]) as scope, *
    from priority_gaps
    where level = 'ics'
      and $as_of = (select reporting_month from report_settings)
      and ics_code in (
          select ics_code from contract_summary
          where in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier))
),
places as (
    select ics_code, target_kind, target_code,
        string_agg(local_area, ', ' order by local_area) filter (where gap = 'off track') as places_off_track,
        string_agg(local_area, ', ' order by local_area) filter (where gap = 'no commitments') as places_none
    from priority_gaps
    where level = 'local_area'
    group by all
)
select g.scope, coalesce(g.ics_name, g.ics_code) as ics, g.priority, g.target_name, g.target_code, g.gap,
    g.commitments, g.contracts, g.on_track_pct, g.median_ratio,
    coalesce(p.places_off_track, '') as places_off_track, coalesce(p.places_none, '') as places_none,
    coalesce(concat_ws('. ', 'Off track: ' || p.places_off_track, 'No commitments: ' || p.places_none), '') as places
from g
left join places p on p.ics_code = g.ics_code and p.target_kind = g.target_kind and p.target_code = g.target_code
order by g.scope, gap_rank(g.gap), g.priority_rank, ics, g.target_code
