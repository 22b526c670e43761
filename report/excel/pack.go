package excel

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Sheet is one sheet of a workbook: a heading and its blocks in reading
// order. The Summary sheet draws KPI, text and chart blocks; other sheets
// stack table blocks, each under its own title.
type Sheet struct {
	Name   string
	Title  string // row-1 heading; default Name
	Intro  string // one line under the heading
	Blocks []string
	// ScreenOnly marks a sheet for use on screen: a printout shows its
	// first rows only (as the Data sheet's), so full lists do not swell the
	// printed pack.
	ScreenOnly bool
	// PrintRows makes the sheet ScreenOnly when its tables hold more rows
	// than this (0: no limit): 1,389 suppliers or 212 trusts are a list to
	// filter on screen, not pages of a board paper, while a region's 40
	// print. A sheet of several tables then prints its first whole (the
	// 42 ICSs) and says the rest is for the screen.
	PrintRows int
}

// screenOnly reports whether a sheet of r is for the screen only, and how
// many rows its tables hold.
func (sh Sheet) screenOnly(r *spec.Report) (bool, int) {
	n := 0
	for _, id := range sh.Blocks {
		if b, ok := block(r.Spec, id); ok && b.Kind == spec.Table {
			if res := r.Data[b.Query]; res != nil {
				n += res.Count()
			}
		}
	}
	return sh.ScreenOnly || (sh.PrintRows > 0 && n > sh.PrintRows), n
}

// Layout says which blocks go on which sheet. The Data, Chart data and
// About sheets are added by the renderer.
type Layout struct {
	Sheets []Sheet
	// Data names a table block whose query fills the Data sheet (labels and
	// formats from the block); "" uses the spec's DataQuery as it comes.
	Data string
	// AboutTitle heads the About sheet (default "About this board pack").
	AboutTitle string
	// Generator names the program and version that made the workbook
	// ("svhub v1.2"), for the About sheet.
	Generator string
	// About names the queries behind the About sheet ("" leaves them out).
	AboutSources, AboutSettings, AboutMonitoring, AboutProxy string
	// AboutWording names a query counting the names that are svhub's
	// wording (provisional), and AboutCrosswalk one listing the crosswalk's
	// low-confidence rows ("" leaves them out).
	AboutWording, AboutCrosswalk string
	// AboutRules names the query listing the dated NHS and PPN rules the
	// flags apply, with their sources ("" leaves them out).
	AboutRules string
	// SkipEmpty names blocks left out when their query returns no rows (the
	// £ chart when no proxy values are loaded).
	SkipEmpty map[string]bool
}

// defaultLayout puts KPIs, text and charts on the Summary and each table on
// its own sheet: how any spec without a layout of its own is drawn.
func defaultLayout(s *spec.Spec) *Layout {
	l := &Layout{}
	sum := Sheet{Name: SheetSummary}
	var tables []Sheet
	for _, b := range s.Blocks {
		if b.Kind == spec.Table {
			tables = append(tables, Sheet{Name: b.Title, Blocks: []string{b.ID}})
			continue
		}
		sum.Blocks = append(sum.Blocks, b.ID)
	}
	l.Sheets = append([]Sheet{sum}, tables...)
	return l
}

// scopeOf is scope with the columns qualified by a table alias.
func scopeOf(t string) string {
	return `cast($as_of as date) is not null and ($region = '' or ` + t + `.region_code = $region) and ($ics = '' or ` + t + `.ics_code = $ics) and ($trust = '' or ` + t + `.trust_code = $trust) and ($supplier = '' or ` + t + `.supplier_name = $supplier)`
}

// scope is the filter every board-pack query shares, as in the dashboard:
// $as_of the reporting month, then region, ICS, trust and supplier (” = all).
const scope = `cast($as_of as date) is not null and ($region = '' or region_code = $region) and ($ics = '' or ics_code = $ics) and ($trust = '' or trust_code = $trust) and ($supplier = '' or supplier_name = $supplier)`

const (
	ragCounts = `count(*) filter (where rag = 'green') as green,
    count(*) filter (where rag = 'amber') as amber,
    count(*) filter (where rag = 'red') as red,
    count(*) filter (where rag = 'grey') as grey`
	onTrack = `case when count(*) filter (where rag <> 'grey') > 0
         then 100.0 * count(*) filter (where rag = 'green') / count(*) filter (where rag <> 'grey') end as on_track_pct,
    median(delivery_ratio) filter (where rag <> 'grey') as median_ratio`
	// exceptionRows caps each exceptions list, so the pack stays a board
	// paper; the full lists are a filter away on the Data sheet.
	exceptionRows = "25"
	// topIssues is how many rows the first exceptions page lists: one A4
	// page with room for the analyst's action against each (the demo's
	// twelve, with long measure names, took two pages).
	topIssues = "8"
	// chartAllTrusts is the most trusts the Summary's trust chart names
	// one by one; above it, the chart shows the chartTrusts lowest.
	chartAllTrusts = "30"
	chartTrusts    = "20"
	// ragLabel is the RAG word as a board reads it: "Red", "Amber" ...
	ragLabel = `upper(substr(rag, 1, 1)) || substr(rag, 2)`
)

// measureUnit is a measure's name with its unit in plain words:
// "Apprentices (number)", "Real Living Wage (%)".
var measureUnit = `coalesce(measure_name, measure_code) || coalesce(' (' || ` + sqlCase("unit", dashboard.UnitNames) + ` || ')', '')`

// rollupColumns are the columns of every RAG breakdown table.
var rollupColumns = []spec.Column{
	{Name: "contracts", Label: "Contracts", Format: spec.FormatInt},
	{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
	{Name: "green", Label: "Green", Format: spec.FormatInt},
	{Name: "amber", Label: "Amber", Format: spec.FormatInt},
	{Name: "red", Label: "Red", Format: spec.FormatInt},
	{Name: "grey", Label: "Grey", Format: spec.FormatInt},
	{Name: "on_track_pct", Label: "On track", Format: spec.FormatPct},
	{Name: "median_ratio", Label: "Median delivered ÷ expected", Format: spec.FormatRatio},
}

func rollup(first ...spec.Column) []spec.Column {
	return append(append([]spec.Column{}, first...), rollupColumns...)
}

func text(name, label string) spec.Column {
	return spec.Column{Name: name, Label: label, Format: spec.FormatText}
}

// flagColumns show a flag in plain words and what it means, with its code
// in a column of its own for filtering.
func flagColumns() []spec.Column {
	return []spec.Column{
		{Name: "flag", Label: "Flag", Format: spec.FormatText, Labels: dashboard.FlagNames},
		{Name: "flag", Label: "What it means", Format: spec.FormatText, Labels: dashboard.FlagMeanings},
	}
}

// sqlCase is a CASE expression mapping codes in col to plain words (codes
// with no entry stay as they are), in code order so the SQL is the same
// on every run.
func sqlCase(col string, words map[string]string) string {
	codes := make([]string, 0, len(words))
	for c := range words {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var b strings.Builder
	b.WriteString("case " + col)
	for _, c := range codes {
		b.WriteString(" when '" + strings.ReplaceAll(c, "'", "''") + "' then '" + strings.ReplaceAll(words[c], "'", "''") + "'")
	}
	b.WriteString(" else " + col + " end")
	return b.String()
}

// sheetAllExceptions holds the exception lists in full.
const sheetAllExceptions = "All exceptions"

// The exception lists: the Exceptions sheet shows the first exceptionRows
// of each, the All exceptions sheet every row.
var (
	// Most material first (dashboard.MaterialityOrder), from the same
	// report query as the dashboard's list.
	offTrackSQL = `
select contract_ref, supplier_name, trust, ` + measureUnit + ` as measure,
       target, expected_to_date, delivered_to_date, delivery_ratio, ` + ragLabel + ` as rag,
       value_gbp_per_year, gbp_at_risk, '' as action, unit, coalesce(measure_name, measure_code) as measure_name,
       count(*) over () as total_rows
from (` + sqlfiles.Report("off_track") + `) o
where ` + scope + `
order by ` + dashboard.MaterialityOrder
	chaseSQL = `
select m.contract_ref, m.supplier_name, coalesce(any_value(o.trust_name), m.trust_code) as trust,
       count(*) as months_missing,
       string_agg(strftime(m.period, '%b %Y'), ', ' order by m.period) as months,
       max(m.days_overdue) as most_days_overdue,
       case when max(m.times_chased) = 0 then 'not chased'
            else 'chased ' || max(m.times_chased) || ' times, last ' || strftime(max(m.last_chased), '%-d %B %Y')
                 || case when bool_or(m.escalate) then '; escalate' else '' end end as chased,
       count(*) over () as total_rows
from chase_status m
left join organisations o on o.trust_code = m.trust_code
where m.period <= $as_of and ` + scopeOf("m") + `
group by m.contract_ref, m.supplier_name, m.trust_code
order by most_days_overdue desc, m.contract_ref`
	endedShortSQL = `
select contract_ref, supplier_name, coalesce(trust_name, trust_code) as trust, ` + measureUnit + ` as measure,
       target, expected_to_date, delivered_to_date, delivery_ratio, ` + ragLabel + ` as rag, last_month as ended, unit,
       count(*) over () as total_rows
from commitment_status
where is_final and last_month < $as_of and rag in ('red', 'amber') and ` + scope + `
order by delivery_ratio, contract_ref, measure_code`
)

// Pack is the board pack: the dashboard's queries and Summary blocks, plus
// the breakdowns, exceptions, highlights and provenance a board paper needs.
func Pack() (*spec.Spec, *Layout) {
	s := dashboard.Spec()
	s.Title = "Social value delivery: board pack"
	s.NoDrillDown = true // a workbook has no drill-down views
	s.Queries = append(s.Queries,
		spec.Query{Name: "xl_rag_by_ics", SQL: `
select coalesce(ics_name, ics_code) as ics, ` + ragCounts + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by ics_code, ics_name
order by 1`},
		spec.Query{Name: "xl_gbp_by_mission", SQL: `
select coalesce(mission || ' ' || mission_name, 'Not in the taxonomy') as mission, sum(social_value_gbp) as gbp
from commitment_status
where as_of = $as_of and social_value_gbp is not null and ` + scope + `
group by 1
order by 1`},
		spec.Query{Name: "xl_proxy", SQL: `
select source, year, count(*) as measures
from proxy_values
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
group by 1, 2
order by 2 desc, 1`},
		spec.Query{Name: "xl_by_ics", SQL: `
select coalesce(ics_name, ics_code) as ics, 'All ' || count(distinct trust_code) || ' trusts' as trusts,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by ics_code, ics_name
order by 1`},
		spec.Query{Name: "xl_by_trust", SQL: `
select coalesce(ics_name, ics_code) as ics, coalesce(trust_name, trust_code) as trust,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by ics_code, ics_name, trust_code, trust_name
order by 1, 2`},
		spec.Query{Name: "xl_by_place", SQL: `
select coalesce(ics_name, ics_code) as ics, coalesce(local_area, 'No place given') as place,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by ics_code, ics_name, local_area
order by 1, 2`},
		// The Summary's trust chart: every trust when a chart can name
		// them all, else the chartTrusts with the lowest share on track
		// (212 bars in a chart a page high are unreadable).
		spec.Query{Name: "xl_trust_chart", SQL: `
with t as (
    select coalesce(trust_name, trust_code) as label, trust_code as code, count(*) as commitments,
        ` + ragCounts + `,
        count(*) filter (where rag <> 'grey') as judged,
        100.0 * count(*) filter (where rag = 'green') / nullif(count(*) filter (where rag <> 'grey'), 0) as green_pct,
        100.0 * count(*) filter (where rag = 'amber') / nullif(count(*) filter (where rag <> 'grey'), 0) as amber_pct,
        100.0 * count(*) filter (where rag = 'red') / nullif(count(*) filter (where rag <> 'grey'), 0) as red_pct,
        100.0 * count(*) filter (where rag = 'green') / nullif(count(*) filter (where rag <> 'grey'), 0) as on_track_pct
    from commitment_status
    where as_of = $as_of and last_month >= $as_of and ` + scope + `
    group by trust_code, trust_name
),
n as (select count(*) as trusts from t)
select t.*, n.trusts
from t, n
qualify n.trusts <= ` + chartAllTrusts + ` or row_number() over (order by t.on_track_pct asc nulls last, t.label) <= ` + chartTrusts + `
order by case when n.trusts > ` + chartAllTrusts + ` then t.on_track_pct end asc nulls last, t.on_track_pct desc nulls last, t.label`},
		spec.Query{Name: "xl_by_supplier", SQL: `
select supplier_name, count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by supplier_name
order by lower(supplier_name), supplier_name`},
		spec.Query{Name: "xl_by_mission", SQL: `
select 'Both' as model, coalesce(mission || ' ' || mission_name, 'Not in the taxonomy') as mission,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `,
    count(*) filter (where mission_via = 'crosswalk') as crosswalked,
    coalesce(string_agg(distinct case when crosswalk_confidence = 'low' then measure_code end, ', '), '') as low_confidence
from commitment_status
where as_of = $as_of and ` + scope + `
group by 2
order by 2`},
		spec.Query{Name: "xl_by_theme", SQL: `
select model, coalesce(theme, 'Not in the taxonomy') as theme,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by 1, 2
order by 1, 2`},
		spec.Query{Name: "xl_by_outcome", SQL: `
select cs.model, coalesce(cs.outcome_code || ' ' || o.outcome_name, cs.outcome_code, 'Not in the taxonomy') as outcome, any_value(cs.outcome_code) as outcome_code,
    count(distinct cs.contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status cs
left join tx_outcomes o on o.model = cs.model and o.outcome_code = cs.outcome_code
where cs.as_of = $as_of and ` + scopeOf("cs") + `
group by 1, 2
order by 1, outcome_code`},
		// The award criterion a commitment's measure reports against; a
		// criterion whose published wording was not verified is marked.
		spec.Query{Name: "xl_by_award_criterion", SQL: `
select cs.measure_model as model,
    coalesce(cs.award_criterion_label || ' ' || cs.award_criterion_name
        || case when a.wording_status = 'provisional' then ' (svhub wording)' else '' end, 'No award criterion recorded') as award_criterion,
    count(distinct cs.contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status cs
left join award_criteria a on a.model = cs.measure_model and a.award_criterion = cs.award_criterion
where cs.as_of = $as_of and ` + scopeOf("cs") + `
group by 1, 2
order by 1 nulls last, any_value(cs.award_criterion) nulls last, 2`},
		spec.Query{Name: "xl_off_track", SQL: offTrackSQL + " limit " + exceptionRows},
		spec.Query{Name: "xl_top_issues", SQL: offTrackSQL + " limit " + topIssues},
		spec.Query{Name: "xl_chase", SQL: chaseSQL + " limit " + exceptionRows},
		spec.Query{Name: "xl_off_track_all", SQL: offTrackSQL},
		spec.Query{Name: "xl_chase_all", SQL: chaseSQL},
		spec.Query{Name: "xl_ended_short_all", SQL: endedShortSQL},
		spec.Query{Name: "xl_flags", SQL: `
select flag, count(*) as flagged, count(distinct contract_ref) as contracts,
       array_to_string(list_slice(list(distinct contract_ref order by contract_ref), 1, 12), ', ')
           || case when count(distinct contract_ref) > 12 then ' and ' || (count(distinct contract_ref) - 12) || ' more' else '' end as contract_refs
from commitment_flags_open
where ` + scope + `
group by flag
order by flagged desc, 1`},
		spec.Query{Name: "xl_ended_short", SQL: endedShortSQL + " limit " + exceptionRows},
		spec.Query{Name: "xl_best_suppliers", SQL: `
select supplier_name, count(distinct contract_ref) as contracts, count(*) filter (where rag <> 'grey') as judged,
       median(delivery_ratio) filter (where rag <> 'grey') as median_ratio
from commitment_status
where as_of = $as_of and ` + scope + `
group by supplier_name
having count(*) filter (where rag <> 'grey') >= 2 and count(*) filter (where rag in ('red', 'amber')) = 0
order by median_ratio desc, supplier_name
limit 15`},
		spec.Query{Name: "xl_best_commitments", SQL: `
select contract_ref, supplier_name, coalesce(trust_name, trust_code) as trust, ` + measureUnit + ` as measure,
       target, expected_to_date, delivered_to_date, delivery_ratio, ` + ragLabel + ` as rag, social_value_gbp, unit
from commitment_status
where as_of = $as_of and rag = 'green' and expected_to_date >= 1 and ` + scope + `
order by ` + dashboard.HighlightOrder + `
limit 15`},
		spec.Query{Name: "xl_data", SQL: `
select as_of, contract_ref, supplier_name, trust_code, coalesce(trust_name, trust_code) as trust_name, ics_code, region_code,
       model, mission, mission_name, measure_code, measure_name, unit, target, expected_to_date, delivered_to_date, delivery_ratio, ` + ragLabel + ` as rag
from commitment_status
where as_of = $as_of and ` + scope + `
order by contract_ref, measure_code`,
			// Every commitment (half a million at England): streamed from
			// the database onto the Data sheet, never held.
			Stream: true},
		spec.Query{Name: "xl_sources", SQL: `
select source_file, file_sha256, format, ingested_at, rows_loaded, rows_rejected
from ingest_files
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
order by source_file, file_sha256`}, // by name: load order follows file times, which differ between runs
		// The settings table holds what svhub settings stored; a flag,
		// SVHUB_* variable or svhub.toml can override it for one run, and
		// report_settings has the values in force for the four the
		// report's figures depend on most: those are shown.
		spec.Query{Name: "xl_settings", SQL: `
select s.key,
    case s.key
        when 'rag_green_min' then cast(r.rag_green_min as varchar)
        when 'rag_amber_min' then cast(r.rag_amber_min as varchar)
        when 'return_grace_days' then cast(r.return_grace_days as varchar)
        else s.value end as value,
    coalesce(s.description, '') as description
from settings s, report_settings r
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
order by s.key`},
		// Every rule, past ones too: a contract is judged by the rule in
		// force when it was procured, so a 2023 contract's flag cites a
		// rule that has since changed.
		spec.Query{Name: "xl_rules", SQL: `
select rule || '.' || parameter as rule, value, effective_from, effective_to, coalesce(meaning, '') as meaning,
    source || coalesce(', ' || section, '') as source
from rules
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
order by rule, parameter, effective_from`},
		spec.Query{Name: "xl_wording", SQL: `
select (select count(*) filter (where wording_status = 'provisional') from measures) as measures_provisional,
    (select count(*) from measures) as measures,
    (select count(*) filter (where wording_status = 'provisional') from award_criteria) as criteria_provisional,
    (select count(*) from award_criteria) as criteria
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null`},
		spec.Query{Name: "xl_crosswalk", SQL: `
select coalesce(measure_code, '2020 outcome ' || outcome_code_2020) || ' -> ' || mission as row_mapped, coalesce(rationale, '') as rationale
from crosswalk
where confidence = 'low' and cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
order by 1`},
		spec.Query{Name: "xl_monitoring", SQL: `
select monitoring_start, reporting_month as latest_month
from report_settings
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null`},
	)
	s.DataQuery = "xl_data"

	rag := text("rag", "RAG")
	delivery := []spec.Column{
		{Name: "target", Label: "Target", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
		rag,
	}
	with := func(first []spec.Column, rest []spec.Column) []spec.Column {
		return append(append([]spec.Column{}, first...), rest...)
	}
	// Tables that share a sheet share its columns: the same leading
	// columns keep every table's widths sensible.
	who := []spec.Column{text("contract_ref", "Contract"), text("supplier_name", "Supplier"), text("measure", "Measure")}
	s.Blocks = append(s.Blocks,
		spec.Block{ID: "xl_rag_by_ics", Kind: spec.Bar, Query: "xl_rag_by_ics", X: "ics", Y: ragColumns, Colors: ragColours, Stack: true, Horizontal: true,
			Title: "Delivery by integrated care system", Subtitle: "Commitments by RAG status and ICS", YAxisName: "commitments"},
		spec.Block{ID: "xl_gbp_by_mission", Kind: spec.Bar, Query: "xl_gbp_by_mission", X: "mission", Horizontal: true,
			Y:      []spec.Column{{Name: "gbp", Label: "Social value delivered (£)", Format: spec.FormatGBP}},
			Colors: map[string]string{"gbp": "#005EB8"},
			Title:  "Social value delivered to date, £", Subtitle: "Delivered units × proxy £ per unit, by mission (source and year on the About sheet)", YAxisName: "£"},
		spec.Block{ID: "xl_by_ics", Kind: spec.Table, Query: "xl_by_ics", Title: "By integrated care system",
			Columns: rollup(text("ics", "ICS"), text("trusts", "Trust"))},
		spec.Block{ID: "xl_by_trust", Kind: spec.Table, Query: "xl_by_trust", Title: "By trust",
			Columns: rollup(text("ics", "ICS"), text("trust", "Trust"))},
		spec.Block{ID: "xl_by_place", Kind: spec.Table, Query: "xl_by_place", Title: "By place",
			Subtitle: "The local area (place) each contract serves, within its ICS",
			Columns:  rollup(text("ics", "ICS"), text("place", "Place"))},
		spec.Block{ID: "xl_by_supplier", Kind: spec.Table, Query: "xl_by_supplier", Title: "By supplier",
			Subtitle: "Every supplier with a commitment in scope, A to Z",
			Columns:  rollup(text("supplier_name", "Supplier"))},
		spec.Block{ID: "xl_by_mission", Kind: spec.Table, Query: "xl_by_mission", Title: "By national mission",
			Subtitle: "2020-model commitments reach a 2025 mission through the hub's crosswalk (svhub's own mapping, not an official one): how many, and the measures mapped with low confidence",
			Columns: append(rollup(text("model", "Model"), text("mission", "Mission")),
				spec.Column{Name: "crosswalked", Label: "Of which via the 2020 crosswalk", Format: spec.FormatInt},
				text("low_confidence", "Low-confidence crosswalk (measures)"))},
		spec.Block{ID: "xl_by_theme", Kind: spec.Table, Query: "xl_by_theme", Title: "By theme",
			Columns: rollup(text("model", "Model"), text("theme", "Theme"))},
		spec.Block{ID: "xl_by_outcome", Kind: spec.Table, Query: "xl_by_outcome", Title: "By outcome",
			Columns: rollup(text("model", "Model"), text("outcome", "Outcome"))},
		spec.Block{ID: "xl_by_award_criterion", Kind: spec.Table, Query: "xl_by_award_criterion", Title: "By award criterion",
			Subtitle: "The criterion each commitment was scored against at tender (2020: MAC 1.1 ...; 2025: 1a ...); \"svhub wording\": a paraphrase, the published text not verified",
			Columns:  rollup(text("model", "Model"), text("award_criterion", "Award criterion"))},
		spec.Block{ID: "xl_top_issues", Kind: spec.Table, Query: "xl_top_issues", Title: "The top issues, most material first",
			Subtitle: "Red commitments ranked by the £ of social value behind plan (where proxy values are loaded), then the contract's value a year",
			Text:     "The {shown} most material of {total} off-track commitments: the rest are on the sheets Exceptions and " + sheetAllExceptions + ".",
			Columns: []spec.Column{text("contract_ref", "Contract"), text("supplier_name", "Supplier"), text("measure_name", "Measure"),
				{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
				{Name: "value_gbp_per_year", Label: "Contract value a year", Format: spec.FormatGBP},
				{Name: "gbp_at_risk", Label: "£ behind plan", Format: spec.FormatGBP},
				text("action", "What the hub will do")}},
		spec.Block{ID: "xl_off_track", Kind: spec.Table, Query: "xl_off_track", Title: "Off-track commitments",
			Subtitle: "Live commitments delivering under {amber_min_pct} of what was expected by now, most material first (£ behind plan, then contract value a year)",
			Text:     "Showing the {shown} most material of {total}: all {total} are on the sheet " + sheetAllExceptions + ".",
			Columns: with(with(who, delivery), []spec.Column{
				{Name: "value_gbp_per_year", Label: "Contract value a year", Format: spec.FormatGBP},
				{Name: "gbp_at_risk", Label: "£ behind plan", Format: spec.FormatGBP}})},
		spec.Block{ID: "xl_chase", Kind: spec.Table, Query: "xl_chase", Title: "Chase list: overdue returns",
			Subtitle: "Contracts with months that have no return at all, past the due date (month end + grace days)",
			Text: "Showing the {shown} longest overdue of {total} contracts: all {total} are on the sheet " + sheetAllExceptions +
				", and each supplier's feedback workbook lists theirs.",
			Columns: []spec.Column{text("contract_ref", "Contract"), text("supplier_name", "Supplier"),
				text("months", "Months with no return"), {Name: "months_missing", Label: "Months missing", Format: spec.FormatInt},
				{Name: "most_days_overdue", Label: "Most days overdue", Format: spec.FormatInt}, text("chased", "Chased (hub log)"), text("trust", "Trust")}},
		spec.Block{ID: "xl_flags", Kind: spec.Table, Query: "xl_flags", Title: "Commitment quality flags",
			Subtitle: "Vague or generic commitments, no follow-through, low weighting, no Carbon Reduction Plan",
			Columns: append(flagColumns(), text("contract_refs", "Contracts"),
				spec.Column{Name: "flagged", Label: "Commitments or contracts flagged", Format: spec.FormatInt},
				spec.Column{Name: "contracts", Label: "Contracts", Format: spec.FormatInt})},
		spec.Block{ID: "xl_ended_short", Kind: spec.Table, Query: "xl_ended_short", Title: "Completed commitments that ended short",
			Subtitle: "Commitments whose term ended before this month, with their final status amber or red",
			Text:     "Showing the {shown} furthest short of {total}: all {total} are on the sheet " + sheetAllExceptions + ".",
			Columns:  with(with(who, delivery), []spec.Column{{Name: "ended", Label: "Ended", Format: spec.FormatMonth}})},
		spec.Block{ID: "xl_best_suppliers", Kind: spec.Table, Query: "xl_best_suppliers", Title: "Suppliers with every commitment on track",
			Subtitle: "At least two commitments that can be judged, all green; highest median delivery first (up to 15)",
			Columns: []spec.Column{text("supplier_name", "Supplier"), {Name: "contracts", Label: "Contracts", Format: spec.FormatInt},
				{Name: "judged", Label: "Commitments judged", Format: spec.FormatInt},
				{Name: "median_ratio", Label: "Median delivered ÷ expected", Format: spec.FormatRatio}}},
		spec.Block{ID: "xl_best_commitments", Kind: spec.Table, Query: "xl_best_commitments", Title: "Commitments that delivered most",
			Subtitle: "Green commitments that delivered most (£ of social value where proxy values are loaded, then the amount), expected to deliver at least one unit by now (up to 15)",
			Columns:  with(who, delivery)},
		spec.Block{ID: "xl_data", Kind: spec.Table, Query: "xl_data", Title: "Data", Columns: []spec.Column{
			{Name: "as_of", Label: "Month", Format: spec.FormatMonth}, text("contract_ref", "Contract"), text("supplier_name", "Supplier"),
			text("trust_code", "Trust code"), text("trust_name", "Trust"), text("ics_code", "ICS"), text("region_code", "Region"),
			text("model", "Model"), text("mission", "Mission code"), text("mission_name", "Mission"), text("measure_code", "Measure code"), text("measure_name", "Measure"),
			{Name: "unit", Label: "Unit", Format: spec.FormatText, Labels: dashboard.UnitNames}, {Name: "target", Label: "Target", Format: spec.FormatNum, UnitFrom: "unit"},
			{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum, UnitFrom: "unit"},
			{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
			{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio}, rag}},
	)

	// The full exception lists: the same tables, every row.
	for _, x := range []struct{ id, title string }{
		{"xl_off_track", "Every off-track commitment"},
		{"xl_chase", "Every contract with overdue returns"},
		{"xl_ended_short", "Every completed commitment that ended short"},
	} {
		b, _ := block(s, x.id)
		b.ID, b.Query, b.Title, b.Text = x.id+"_all", x.id+"_all", x.title, ""
		s.Blocks = append(s.Blocks, b)
	}

	// The Summary's trust chart: the dashboard's, over xl_trust_chart. Its
	// headline is the dashboard's when every trust is drawn; when only the
	// lowest are, it says so (a "highest on track" among them would mislead).
	tc, _ := block(s, "by_trust")
	full := tc.Headline
	tc.ID, tc.Query = "xl_trust_chart", "xl_trust_chart"
	tc.Subtitle = "On-track share by trust, best first; with over " + chartAllTrusts + " trusts, the " + chartTrusts +
		" lowest, lowest first (every trust: sheet By ICS and trust)"
	tc.Headline = func(res *spec.Result, asOf time.Time) string {
		if i := res.Col("trusts"); i >= 0 && len(res.Rows) > 0 {
			if n, ok := number(res.Rows[0][i]); ok && int(n) > len(res.Rows) {
				return fmt.Sprintf("The %d trusts with the lowest share of commitments on track, of %s", len(res.Rows), format.GroupDigits(n, 0))
			}
		}
		if full == nil {
			return ""
		}
		return full(res, asOf)
	}
	s.Blocks = append(s.Blocks, tc)

	// Lists longer than printRows are for the screen: a board paper prints
	// the ICSs, the exceptions and the highlights, not 1,389 suppliers.
	// (The Summary has no "how to read" text: the dashboard's speaks of
	// clicks; the About sheet's says how the figures are worked out.)
	const printRows = 50
	l := &Layout{
		Sheets: []Sheet{
			{Name: SheetSummary, Blocks: []string{"kpis", "by_mission", "xl_rag_by_ics", "xl_trust_chart", "trend", "xl_gbp_by_mission"}},
			{Name: "What changed", Title: "What changed since last month",
				Intro:  "against the previous reporting month, each line naming its contract",
				Blocks: []string{"what_changed"}, PrintRows: printRows},
			{Name: "By ICS and trust", Title: "Delivery by integrated care system and trust", Blocks: []string{"xl_by_ics", "xl_by_trust"}, PrintRows: printRows},
			{Name: "By place", Title: "Delivery by place", Intro: "the local area each contract serves", Blocks: []string{"xl_by_place"}, PrintRows: printRows},
			{Name: "By supplier", Title: "Delivery by supplier", Blocks: []string{"xl_by_supplier"}, PrintRows: printRows},
			{Name: "By theme, outcome, mission", Title: "Delivery by national mission, theme and outcome", Blocks: []string{"xl_by_mission", "xl_by_theme", "xl_by_outcome", "xl_by_award_criterion"}},
			{Name: "Financial year", Title: "The financial year against the year before",
				Intro:  "delivered and expected inside the period, by measure, beside the same months a year earlier",
				Blocks: []string{"period_totals"}},
			{Name: "Top issues", Title: "Top issues: what needs the board's attention",
				Intro:  "the most material off-track commitments, with what the hub will do about each (fill in the last column)",
				Blocks: []string{"xl_top_issues"}},
			{Name: "Exceptions", Title: "Exceptions: what needs the board's attention", Blocks: []string{"xl_off_track", "xl_chase", "xl_flags", "xl_ended_short"}},
			{Name: "Highlights", Title: "Highlights: what is going well", Blocks: []string{"xl_best_suppliers", "xl_best_commitments"}},
			{Name: "Priorities", Title: "The ICSs' priorities",
				Intro:  "how well the commitments in force cover what each ICS asked for",
				Blocks: []string{"priority_gaps"}, PrintRows: printRows},
			// A sheet of its own, so the reasons get their own (wide,
			// wrapping) column rather than the priorities table's.
			{Name: "Rejected rows", Title: "Rows rejected at load",
				Intro:  "every row of a supplier's file that did not load, by supplier and reason",
				Blocks: []string{"rejections"}, PrintRows: printRows},
			{Name: sheetAllExceptions, Title: "Exceptions: the full lists", ScreenOnly: true,
				Intro:  "every row of the lists the Exceptions sheet shortens; for use on screen (a printout shows the first rows only)",
				Blocks: []string{"xl_off_track_all", "xl_chase_all", "xl_ended_short_all"}},
		},
		Data:            "xl_data",
		AboutSources:    "xl_sources",
		AboutSettings:   "xl_settings",
		AboutMonitoring: "xl_monitoring",
		AboutProxy:      "xl_proxy",
		AboutRules:      "xl_rules",
		AboutWording:    "xl_wording",
		AboutCrosswalk:  "xl_crosswalk",
		SkipEmpty:       map[string]bool{"xl_gbp_by_mission": true},
	}
	addHubLog(s, l) // issue 21: report/excel/hublog.go
	prune(s, l)
	return s, l
}

// prune drops the dashboard's blocks and queries that no sheet of l draws
// (the dashboard's data download, its drill-down tables): each one would
// be a query over the marts whose result the workbook throws away.
func prune(s *spec.Spec, l *Layout) {
	keepBlock := map[string]bool{l.Data: true}
	for _, sh := range l.Sheets {
		for _, id := range sh.Blocks {
			keepBlock[id] = true
		}
	}
	keepQuery := map[string]bool{s.DataQuery: true, s.TextQuery: true, l.AboutSources: true, l.AboutSettings: true, l.AboutMonitoring: true, l.AboutProxy: true, l.AboutRules: true,
		l.AboutWording: true, l.AboutCrosswalk: true}
	var blocks []spec.Block
	for _, b := range s.Blocks {
		if keepBlock[b.ID] {
			blocks = append(blocks, b)
			keepQuery[b.Query] = true
		}
	}
	var queries []spec.Query
	for _, q := range s.Queries {
		keep := keepQuery[q.Name]
		for _, p := range q.Parts {
			keep = keep || keepQuery[p]
		}
		if keep {
			queries = append(queries, q)
		}
	}
	s.Blocks, s.Queries = blocks, queries
}

var ragColours = map[string]string{"green": "#009639", "amber": "#FFB81C", "red": "#DA291C", "grey": "#768692"}

var ragColumns = []spec.Column{
	{Name: "green", Label: "On track (green)", Format: spec.FormatInt},
	{Name: "amber", Label: "Slipping (amber)", Format: spec.FormatInt},
	{Name: "red", Label: "Off track (red)", Format: spec.FormatInt},
	{Name: "grey", Label: "Cannot judge (grey)", Format: spec.FormatInt},
}
