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

-- rag_tally: the counts and shares every RAG breakdown shows, as one
-- struct (unnest(rag_tally(rag, n)) gives its columns), from rows that
-- each count n commitments of one colour (a mart's pre-counted rows, such
-- as rag_breakdowns): commitments, each colour, those that can be judged,
-- and each colour's share of those. Counts are bigint, 0 for a colour with
-- no rows, as count(*) gives them, so a breakdown is the same whether it
-- counts commitments or adds up counts.
create or replace macro rag_tally(rag, n) as struct_pack(
    commitments := coalesce(cast(sum(n) as bigint), 0),
    green := coalesce(cast(sum(n) filter (where rag = 'green') as bigint), 0),
    amber := coalesce(cast(sum(n) filter (where rag = 'amber') as bigint), 0),
    red := coalesce(cast(sum(n) filter (where rag = 'red') as bigint), 0),
    grey := coalesce(cast(sum(n) filter (where rag = 'grey') as bigint), 0),
    judged := coalesce(cast(sum(n) filter (where rag <> 'grey') as bigint), 0),
    green_pct := share_pct(coalesce(cast(sum(n) filter (where rag = 'green') as bigint), 0), coalesce(cast(sum(n) filter (where rag <> 'grey') as bigint), 0)),
    amber_pct := share_pct(coalesce(cast(sum(n) filter (where rag = 'amber') as bigint), 0), coalesce(cast(sum(n) filter (where rag <> 'grey') as bigint), 0)),
    red_pct := share_pct(coalesce(cast(sum(n) filter (where rag = 'red') as bigint), 0), coalesce(cast(sum(n) filter (where rag <> 'grey') as bigint), 0)),
    on_track_pct := on_track_pct(coalesce(cast(sum(n) filter (where rag = 'green') as bigint), 0), coalesce(cast(sum(n) filter (where rag <> 'grey') as bigint), 0))
);

-- rag_counts: rag_tally over rows that are one commitment each.
create or replace macro rag_counts(rag) as rag_tally(rag, 1);

-- rag_breakdown: the rows of one RAG breakdown (kind, as in
-- commitment_groups) in a month, pre-counted per contract and group: the
-- reporting month's (reporting, the report's $reporting_month) from the
-- table rag_breakdowns_latest, another month's from the view
-- rag_breakdowns, which counts that month's commitments. Only one of the
-- two parts reads anything: the month is compared with a parameter, not
-- with a table, so DuckDB leaves out the part that has no rows. The marts
-- are named in parameters (query_table), not in the body: these macros are
-- made before the marts, and a table named in a macro's body must exist
-- when the macro is made.
create or replace macro rag_breakdown(breakdown, in_month, reporting,
    latest := 'rag_breakdowns_latest', every_month := 'rag_breakdowns') as table
select * from query_table(latest) where kind = breakdown and as_of = in_month and in_month is not distinct from reporting
union all
select * from query_table(every_month) where kind = breakdown and as_of = in_month and in_month is distinct from reporting;

-- median_delivery: the median delivered ÷ expected over the commitments
-- that can be judged (grey ones have no meaningful ratio).
create or replace macro median_delivery(delivery_ratio, rag) as median(delivery_ratio) filter (where rag <> 'grey');

-- returns_received_pct: returns received of those due.
create or replace macro returns_received_pct(received, due) as share_pct(received, due);

-- gbp_total: a sum of £ of social value, added as decimals so the total
-- does not depend on the order DuckDB's threads add the rows in.
create or replace macro gbp_total(gbp) as cast(sum(cast(gbp as decimal(38, 6))) as double);

-- is_vague: a flag that makes a commitment vague: no number, no plan.
create or replace macro is_vague(flag) as flag in ('no_target', 'zero_target', 'no_delivery_plan', 'generic_plan');

-- commitments_counted: how many commitments (contract and measure) the rows
-- name, however many rows (flags) each has.
create or replace macro commitments_counted(contract_ref, measure_code) as
    count(distinct contract_ref || '|' || coalesce(measure_code, ''));

-- worded_name: a measure's name as reports show it, marked "svhub
-- wording" where it is svhub's paraphrase and the published text was not
-- verified (a hub's official text, loaded with taxonomy load, replaces it).
create or replace macro worded_name(measure_name, wording_status) as
    measure_name || case when wording_status = 'provisional' then ' (svhub wording)' else '' end;

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

-- flag_rank: the order quality flags are listed in, the hub's own failure
-- modes first: vague commitments, then no follow-through.
create or replace macro flag_rank(flag) as
    case flag when 'no_target' then 1 when 'zero_target' then 2 when 'generic_plan' then 3 when 'no_delivery_plan' then 4
    when 'no_followthrough' then 5 when 'unknown_measure' then 6 when 'low_sv_weighting' then 7 when 'no_carbon_reduction_plan' then 8
    when 'no_net_zero_commitment' then 9 when 'no_climate_commitment' then 10 when 'uncommitted_returns' then 11 else 12 end;

-- gap_rank: the order an ICS's priorities are listed in, those the hub has
-- least to show for first: none of its contracts commit to them, then
-- delivery off track, then behind.
create or replace macro gap_rank(gap) as
    case gap when 'no commitments' then 1 when 'off track' then 2 when 'behind' then 3 when 'not yet judged' then 4 else 5 end;
