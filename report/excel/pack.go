package excel

import (
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/spec"
)

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

// Pack is the board pack: the dashboard's queries and Summary blocks, plus
// the breakdowns, exceptions, highlights and provenance a board paper needs.
// Each sheet is built by a function of its own (packSheets), which adds the
// queries and blocks it draws; the Data and About sheets' queries follow.
func Pack() (*spec.Spec, *Layout) {
	s := dashboard.Spec()
	s.Title = "Social value delivery: board pack"
	s.NoDrillDown = true // a workbook has no drill-down views
	l := &Layout{
		Data:            "xl_data",
		AboutSources:    "xl_sources",
		AboutSettings:   "xl_settings",
		AboutMonitoring: "xl_monitoring",
		AboutProxy:      "xl_proxy",
		AboutRules:      "xl_rules",
		AboutWording:    "xl_wording",
		AboutCrosswalk:  "xl_crosswalk",
		SkipEmpty:       map[string]bool{"xl_gbp_by_mission": true},
		DataMaxRows:     dataMaxRows,
		DataElsewhere:   fullData,
	}
	for _, sheet := range packSheets {
		l.Sheets = append(l.Sheets, sheet(s))
	}
	addData(s)
	s.Queries = append(s.Queries, aboutQueries...)
	prune(s, l)
	return s, l
}

// packSheets builds the board pack's sheets, in the order a reader meets
// them (the Data, Chart data and About sheets follow, added by the
// renderer). The Summary has no "how to read" text: the dashboard's speaks
// of clicks; the About sheet's says how the figures are worked out.
var packSheets = []func(*spec.Spec) Sheet{
	summarySheet,
	whatChangedSheet,
	icsTrustSheet,
	placeSheet,
	supplierSheet,
	taxonomySheet,
	financialYearSheet,
	topIssuesSheet,
	exceptionsSheet,
	actionsSheet, // issue 21: report/excel/hublog.go
	highlightsSheet,
	prioritiesSheet,
	rejectedRowsSheet,
	allExceptionsSheet,
}

// printRows is how many rows a list may have and still print: a board
// paper prints the ICSs, the exceptions and the highlights, not 1,389
// suppliers.
const printRows = 50

// whatChangedSheet shows the dashboard's list of changes since last month.
func whatChangedSheet(*spec.Spec) Sheet {
	return Sheet{Name: "What changed", Title: "What changed since last month",
		Intro:  "against the previous reporting month, each line naming its contract",
		Blocks: []string{"what_changed"}, PrintRows: printRows}
}

// financialYearSheet shows the dashboard's period totals.
func financialYearSheet(*spec.Spec) Sheet {
	return Sheet{Name: "Financial year", Title: "The financial year against the year before",
		Intro:  "delivered and expected inside the period, by measure, beside the same months a year earlier",
		Blocks: []string{"period_totals"}}
}

// prioritiesSheet shows the dashboard's ICS priority gaps.
func prioritiesSheet(*spec.Spec) Sheet {
	return Sheet{Name: "Priorities", Title: "The ICSs' priorities",
		Intro:  "how well the commitments in force cover what each ICS asked for",
		Blocks: []string{"priority_gaps"}, PrintRows: printRows}
}

// rejectedRowsSheet shows the dashboard's rejected rows: a sheet of its
// own, so the reasons get their own (wide, wrapping) column rather than the
// priorities table's.
func rejectedRowsSheet(*spec.Spec) Sheet {
	return Sheet{Name: "Rejected rows", Title: "Rows rejected at load",
		Intro:  "every row of a supplier's file that did not load, by supplier and reason",
		Blocks: []string{"rejections"}, PrintRows: printRows}
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
			keepQuery[b.Trend] = b.Trend != "" // a KPI block's months (the Summary's trends)
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
