-- The metrics layer: each measure the reports show, defined once as a
-- DuckDB macro. Not a query: transform runs these statements with the views
-- (every command that writes; a database made by an older svhub is refused
-- until `svhub init`), so the dashboard, the board pack and `svhub query`
-- read the same definitions. The marts keep their own SQL: the export
-- renders them for Spark, which has no macros.
-- Grain: whatever the caller groups by (a scope, a supplier, a month).

-- share_pct: part ÷ whole on a 0–100 scale; null when the whole is empty,
-- never 0 (nothing to judge is not 0%).
create or replace macro share_pct(part, whole) as 100.0 * part / nullif(whole, 0);

-- on_track_pct: "% on track" = green ÷ commitments that can be judged (not
-- grey), as the method text states.
create or replace macro on_track_pct(green, judged) as share_pct(green, judged);

-- rag_counts: the counts and shares every RAG breakdown shows, as one
-- struct (unnest(rag_counts(rag)) gives its columns): commitments, each
-- colour, those that can be judged, and each colour's share of those.
create or replace macro rag_counts(rag) as struct_pack(
    commitments := count(*),
    green := count(*) filter (where rag = 'green'),
    amber := count(*) filter (where rag = 'amber'),
    red := count(*) filter (where rag = 'red'),
    grey := count(*) filter (where rag = 'grey'),
    judged := count(*) filter (where rag <> 'grey'),
    green_pct := share_pct(count(*) filter (where rag = 'green'), count(*) filter (where rag <> 'grey')),
    amber_pct := share_pct(count(*) filter (where rag = 'amber'), count(*) filter (where rag <> 'grey')),
    red_pct := share_pct(count(*) filter (where rag = 'red'), count(*) filter (where rag <> 'grey')),
    on_track_pct := on_track_pct(count(*) filter (where rag = 'green'), count(*) filter (where rag <> 'grey'))
);

-- median_delivery: the median delivered ÷ expected over the commitments
-- that can be judged (grey ones have no meaningful ratio).
create or replace macro median_delivery(delivery_ratio, rag) as median(delivery_ratio) filter (where rag <> 'grey');

-- returns_received_pct: returns received of those due.
create or replace macro returns_received_pct(received, due) as share_pct(received, due);

-- gbp_total: a sum of £ of social value, added as decimals so the total
-- does not depend on the order DuckDB's threads add the rows in.
create or replace macro gbp_total(gbp) as cast(sum(cast(gbp as decimal(38, 6))) as double);

-- in_report: a row inside the report's scope ('' for a level means all).
create or replace macro in_report(region_code, ics_code, trust_code, supplier_name, region, ics, trust, supplier) as
    (region = '' or region_code = region) and (ics = '' or ics_code = ics)
    and (trust = '' or trust_code = trust) and (supplier = '' or supplier_name = supplier);

-- scoped: the drill-down fan-out. Each row of rows (a table, view or CTE
-- with region_code, ics_code, trust_code and supplier_name) inside the
-- report's scope, repeated once for every view it belongs to: 'all', its
-- ICS, its trust and (when supplier_views) its supplier, so one run of a
-- query fills every view; the whole report's only when drill is false.
create or replace macro scoped(rows, region, ics, trust, supplier, drill, supplier_views) as table
select * from (
    select unnest(case when drill then ['all', 'ics:' || ics_code, 'trust:' || trust_code,
            case when supplier_views then 'supplier:' || supplier_name end] else ['all'] end) as scope, *
    from query_table(rows)
    where in_report(region_code, ics_code, trust_code, supplier_name, region, ics, trust, supplier)
) where scope is not null;

-- list_keeps: how many rows of a scope a capped list keeps: keep_all for
-- the whole report's view ("Show the first 100"), keep (the block's Limit)
-- for a drill-down view, which shows only that many, and every row of a
-- supplier's view when suppliers_in_full (its feedback page lists them all).
create or replace macro list_keeps(scope, scope_rows, keep, keep_all, suppliers_in_full) as
    case when suppliers_in_full and scope like 'supplier:%' then scope_rows
        when scope = 'all' then keep_all else keep end;
