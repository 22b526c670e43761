// Package dashboard defines the monthly delivery report — its queries over
// the marts, the blocks that present them and the headlines that state each
// block's message — and fills it with data for a reporting month and scope,
// with every ICS, trust and supplier inside that scope as a drill-down view.
// The same report drives the HTML dashboard and the Excel board pack.
package dashboard

import (
	"slices"
	"strings"

	"github.com/nhs-hubs/svhub/report/spec"
)

// RAG colours: there is no official NHS RAG palette. Marks need 3:1 against
// white (WCAG 2.2 1.4.11): NHS Warm Yellow #FFB81C has 1.7:1, so amber marks
// use a darker amber, and every RAG mark also carries a label or pattern.
var ragColors = map[string]string{
	"green":     "#007F3B",
	"amber":     "#A05E00",
	"red":       "#DA291C",
	"grey":      "#768692",
	"green_pct": "#007F3B",
	"amber_pct": "#A05E00",
	"red_pct":   "#DA291C",
}

// ragShares are the stacked bars of every RAG breakdown: shares of the
// commitments that can be judged, so groups of different sizes compare.
var ragShares = []spec.Column{
	{Name: "green_pct", Label: "On track (green)", Format: spec.FormatPct},
	{Name: "amber_pct", Label: "Slipping (amber)", Format: spec.FormatPct},
	{Name: "red_pct", Label: "Off track (red)", Format: spec.FormatPct},
}

// params are the report's named parameters: the reporting month and the
// file's scope (” means all).
var params = []spec.Param{
	{Name: "as_of", Doc: "reporting month (first day)"},
	{Name: "reporting_month", Doc: "the month the marts' *_latest tables hold (first day; NULL when none)"},
	{Name: "region", Doc: "NHS region code, or '' for all"},
	{Name: "ics", Doc: "ICS code, or '' for all"},
	{Name: "trust", Doc: "trust ODS code, or '' for all"},
	{Name: "supplier", Doc: "supplier name, or '' for all"},
	{Name: "drill", Doc: "true: also fill the drill-down views (ICS, trust, supplier); false: the whole file only"},
	{Name: "supplier_views", Doc: "true: the drill-down views include one per supplier"},
	{Name: "from", Doc: "first month of the period totalled (first day): a financial year starts in April"},
	{Name: "to", Doc: "last month of the period totalled (first day)"},
}

// ragTable is the data behind every RAG chart, with codes in a column of their own.
func ragTable(label string) []spec.Column {
	return []spec.Column{
		{Name: "label", Label: label, Format: spec.FormatText},
		{Name: "code", Label: "Code", Format: spec.FormatText},
		{Name: "on_track_pct", Label: "On track", Format: spec.FormatPct},
		{Name: "green", Label: "Green", Format: spec.FormatInt},
		{Name: "amber", Label: "Amber", Format: spec.FormatInt},
		{Name: "red", Label: "Red", Format: spec.FormatInt},
		{Name: "grey", Label: "Cannot judge", Format: spec.FormatInt},
		{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
	}
}

// FlagNames and FlagMeanings say what each commitment-quality flag means,
// in the dashboard and the Excel workbooks alike (the code stays beside
// them for filtering).
var FlagNames = map[string]string{
	"no_target":                "No numeric target",
	"zero_target":              "Target of zero",
	"generic_plan":             "Only generic policy language",
	"no_delivery_plan":         "No delivery plan",
	"no_followthrough":         "No returns since award",
	"unknown_measure":          "Measure not in the taxonomy",
	"low_sv_weighting":         "Social value weighting below the NHS minimum",
	"no_carbon_reduction_plan": "No Carbon Reduction Plan",
	"no_net_zero_commitment":   "No Net Zero Commitment",
	"no_climate_commitment":    "Check: no climate commitment",
	"uncommitted_returns":      "Returns for a measure not committed to",
}

var FlagMeanings = map[string]string{
	"no_target":                "The commitment has no number, so delivery cannot be measured. Agree a numeric target with the supplier.",
	"zero_target":              "The target is zero: nothing was promised. Check the tender response.",
	"generic_plan":             "The delivery plan only restates policy (\"we always…\", \"where possible\"). Ask for who, what and when.",
	"no_delivery_plan":         "No plan says how the commitment will be delivered.",
	"no_followthrough":         "No return at all in the months since the contract started: the commitment may have been forgotten after award.",
	"unknown_measure":          "The measure code is not in either Social Value Model, so it cannot be rolled up.",
	"low_sv_weighting":         "Social value was weighted below the NHS minimum in force when the contract was procured (the detail gives both figures; the rules and their sources are listed with the settings).",
	"no_carbon_reduction_plan": "By the NHS rule in force when it was procured (its value a year, or a new NHS framework), the contract needs a Carbon Reduction Plan and none is recorded. Ask for the link to the published plan, signed off at board level.",
	"no_net_zero_commitment":   "By the NHS rule in force when it was procured (its value a year), the contract needs a Net Zero Commitment or a Carbon Reduction Plan and neither is recorded. Ask for the link to the board-signed commitment.",
	"no_climate_commitment":    "A check, not a breach: no commitment under the climate theme (2020 outcome 4, 2025 mission M2), which NHS guidance puts in every tender procured since the rule began. Ask whether climate was scored or written into the specification.",
	"uncommitted_returns":      "The supplier sends returns for a measure the contract did not commit to: agree it as a commitment, or correct the measure code.",
}

// gapNames say where a priority stands in plain words.
var gapNames = map[string]string{
	"no commitments": "No commitments",
	"off track":      "Off track",
	"behind":         "Behind plan",
	"not yet judged": "Not yet judged",
	"on track":       "On track",
}

var priorityNames = map[string]string{"high": "High", "medium": "Medium", "low": "Low"}

// MaterialityOrder ranks off-track commitments by what is at stake: the £
// of social value behind plan where a proxy value exists, then the
// contract's value a year; delivered ÷ expected only breaks ties.
const MaterialityOrder = "gbp_at_risk desc nulls last, value_gbp_per_year desc nulls last, delivery_ratio, contract_ref, measure_code"

// HighlightOrder ranks highlights by what was delivered, not by the ratio
// (600% of a target of one is half an apprentice): the £ of social value
// where a proxy value exists, then the amount delivered. The list leaves
// out commitments expected to deliver less than one unit by now.
const HighlightOrder = "social_value_gbp desc nulls last, delivered_to_date desc, contract_ref, measure_code"

// changeKinds are the kinds of what_changed, in its order.
var changeKinds = []string{"newly_red", "recovered", "newly_overdue", "received_late", "corrected", "new_flag", "resolved_flag", "started", "ended"}

// ChangeNames say each kind of change in plain words.
var ChangeNames = map[string]string{
	"newly_red":     "Newly red",
	"recovered":     "Recovered from red",
	"newly_overdue": "Return newly overdue",
	"received_late": "Return received late",
	"corrected":     "Correction changed a figure",
	"new_flag":      "New quality flag",
	"resolved_flag": "Quality flag resolved",
	"started":       "Contract started",
	"ended":         "Contract ended",
}

// itemNames show a flag code in the "what" column in plain words; a
// measure's name or a return's month stays as it is.
var itemNames = FlagNames

// RAGNames are the RAG codes as a reader says them.
var RAGNames = map[string]string{"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey", "no_return": "No return received"}

// Spec is the monthly social-value delivery report.
func Spec() *spec.Spec {
	bs := withVerified(blocks()) // issue 21: report/dashboard/hublog.go
	// A list query keeps as many rows per view as its block shows.
	limits := map[string]int{}
	for _, b := range bs {
		if b.Kind == spec.Table {
			limits[b.Query] = b.Limit
		}
	}
	return &spec.Spec{
		Title:     "Social value delivery",
		Subtitle:  "Delivery against the commitments suppliers made when they won their contracts",
		DataQuery: "commitments",
		TextQuery: "settings",
		Params:    params,
		Queries:   append(queries(limits), verifiedQuery),
		Blocks:    bs,
	}
}

// queries are the report's queries, each in its file under
// sql/reports/dashboard (the shared ones read reports/NAME.sql as a CTE of
// that name: spec.Query.With). A list's Args say how many rows of each view
// it keeps (capped).
func queries(limit map[string]int) []spec.Query {
	file := func(name string) spec.Query { return spec.Query{Name: name, File: "dashboard/" + name} }
	list := func(name string) spec.Query {
		q := file(name)
		q.Args = capped(limit[name])
		return q
	}
	shared := func(q spec.Query) spec.Query { q.With = []string{q.Name}; return q }
	suppliers := file("suppliers")
	suppliers.Parts = []string{"suppliers_behind", "suppliers_ahead"}
	suppliers.Args = map[string]any{}
	for _, part := range []string{"behind", "ahead"} {
		for n, v := range capped(limit["suppliers_"+part]) {
			suppliers.Args[n+"_"+part] = v
		}
	}
	commitments := file("commitments")
	commitments.Args = map[string]any{"max_rows": spec.MaxDownloadRows}
	// the highlights and their stories leave out the same commitments
	highlights := list("highlights")
	highlights.With = []string{"highlight_floor"}
	stories := list("stories")
	stories.With = StoriesWith
	stories.Args["story_chars"] = StoryChars
	return []spec.Query{
		file("kpis"), file("tile_history"), shared(list("what_changed")), shared(file("period_totals")),
		file("by_mission"), file("by_theme"), file("by_outcome"), file("by_award_criterion"),
		file("by_ics"), file("by_trust"), file("by_category"), file("trend"),
		suppliers, highlights, stories, shared(list("off_track")), list("chase"),
		file("flag_summary"), list("flags"), list("completed"), file("by_place"), file("priority_gaps"),
		file("rejections"), file("sources"), file("rules"), file("settings"),
		file("supplier_commitments"), file("supplier_rejections"), commitments,
	}
}

// capped are a list's Args: how many of a scope's rows it keeps, in the
// list's order (list_keeps in sql/reports/metrics.sql): $keep_all for the
// whole report's view ("Show the first 100", spec.MaxTableRows), $keep
// (the block's Limit) for a drill-down view, which shows only that many.
// Each list's scope_rows (spec.ScopeRows) counts every row of its scope,
// for "Showing 15 of 234" and the headlines: at national scale the lists
// held half a million rows in Go to show a hundred.
func capped(limit int) map[string]any {
	if limit <= 0 {
		panic("capped: a list with no limit shows every row; do not cap it")
	}
	return map[string]any{"keep": limit, "keep_all": max(spec.MaxTableRows, limit)}
}

func ragChart(id, query, nav, subtitle, label string) spec.Block {
	return spec.Block{ID: id, Kind: spec.Bar, Query: query, Nav: nav, X: "label", Y: ragShares, Colors: ragColors,
		Stack: true, Horizontal: true, ValueLabels: true, YAxisName: "% of commitments that can be judged",
		Title: nav, Subtitle: subtitle, Columns: ragTable(label), Headline: shareHeadline(strings.ToLower(label))}
}

func supplierColumns() []spec.Column {
	return []spec.Column{
		{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
		{Name: "median_ratio", Label: "Median delivered ÷ expected", Format: spec.FormatRatio},
		{Name: "on_track_pct", Label: "On track", Format: spec.FormatPct},
		{Name: "judged", Label: "Commitments judged", Format: spec.FormatInt},
		{Name: "red", Label: "Red", Format: spec.FormatInt},
		{Name: "contracts", Label: "Contracts", Format: spec.FormatInt},
	}
}

// blocks are the page, section by section, in reading order.
func blocks() []spec.Block {
	return slices.Concat(overviewBlocks(), breakdownBlocks(), listBlocks(), qualityBlocks(), aboutBlocks())
}

// overviewBlocks are the page's opening: the KPIs, what changed since last
// month and the financial year.
func overviewBlocks() []spec.Block {
	return []spec.Block{
		{ID: "kpis", Kind: spec.KPI, Query: "kpis", Trend: "tile_history", Nav: "Overview", Title: "Overview", Headline: kpiHeadline,
			Subtitle: "Live contracts in the reporting month; completed contracts are reported separately below",
			Columns: []spec.Column{
				{Name: "on_track_pct", Label: "Commitments on track", Format: spec.FormatPct, Previous: "on_track_pct_prev"},
				{Name: "contracts", Label: "Live contracts", Format: spec.FormatInt, Previous: "contracts_prev"},
				{Name: "commitments", Label: "Commitments", Format: spec.FormatInt, Previous: "commitments_prev"},
				{Name: "red", Label: "Off track (red)", Format: spec.FormatInt, Previous: "red_prev"},
				{Name: "returns_received_pct", Label: "Returns received, of those due", Format: spec.FormatPct, Previous: "returns_received_pct_prev"},
				{Name: "missing_returns", Label: "Overdue returns", Format: spec.FormatInt, Previous: "missing_returns_prev"},
				{Name: "vague_commitments", Label: "Vague commitments", Format: spec.FormatInt},
				{Name: "social_value_gbp", Label: "Social value delivered (£, from proxy values)", Format: spec.FormatGBP, Previous: "social_value_gbp_prev"},
				{Name: "proxy_source", Label: "£ proxy values: source and year", Format: spec.FormatText},
			}},
		{ID: "what_changed", Kind: spec.Table, Query: "what_changed", Nav: "What changed", Title: "What changed since last month", Limit: 25, GroupBy: "change", Headline: changedHeadline,
			Subtitle: "Against the previous reporting month: commitments newly red and recovered, returns newly overdue and received late, corrections that changed a figure, quality flags new and resolved, contracts started and ended", Columns: []spec.Column{
				{Name: "change", Label: "Change", Format: spec.FormatText, Labels: ChangeNames},
				{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
				{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
				{Name: "item", Label: "What", Format: spec.FormatText, Labels: itemNames},
				{Name: "was", Label: "Was", Format: spec.FormatText},
				{Name: "now", Label: "Now", Format: spec.FormatText},
			}},
		{ID: "period_totals", Kind: spec.Table, Query: "period_totals", Nav: "Financial year", Title: "The financial year against the year before", Headline: periodHeadline,
			Subtitle: "Delivered and expected inside the period, by measure, beside the same months a year earlier (summed measures only: a percentage has no total; a quarterly commitment counts the quarters completed inside the period)", Columns: []spec.Column{
				{Name: "measure_name", Label: "Measure", Format: spec.FormatText},
				{Name: "unit", Label: "Unit", Format: spec.FormatText, Labels: UnitNames},
				{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
				{Name: "expected_in_period", Label: "Expected in the period", Format: spec.FormatNum, UnitFrom: "unit"},
				{Name: "delivered_in_period", Label: "Delivered in the period", Format: spec.FormatNum, UnitFrom: "unit"},
				{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
				{Name: "delivered_prev", Label: "Delivered a year earlier", Format: spec.FormatNum, UnitFrom: "unit"},
				{Name: "change_on_prev", Label: "Change on a year earlier", Format: spec.FormatNum, UnitFrom: "unit"},
				{Name: "social_value_gbp", Label: "£ social value (proxy values)", Format: spec.FormatGBP},
			}},
	}
}

// breakdownBlocks are the RAG breakdowns (one chart each, by mission, theme,
// outcome, award criterion, ICS, trust, place and category) and the trend.
func breakdownBlocks() []spec.Block {
	return []spec.Block{
		ragChart("by_mission", "by_mission", "By mission", "Share of commitments on track by 2025 Social Value Model mission (2020-model outcomes mapped through svhub's own crosswalk; low-confidence rows: {crosswalk_low})", "Mission"),
		ragChart("by_theme", "by_theme", "By 2020 theme", "Share of 2020-model commitments on track by Social Value Model theme", "Theme"),
		ragChart("by_outcome", "by_outcome", "By 2020 outcome", "Share of 2020-model commitments on track by Social Value Model outcome", "Outcome"),
		ragChart("by_award_criterion", "by_award_criterion", "By award criterion", "Share of commitments on track by the award criterion they were scored against (2020: MAC 1.1 ...; 2025: 1a ...), where the measure names one", "Award criterion"),
		ragChart("by_ics", "by_ics", "By ICS", "Share of commitments on track by integrated care system", "ICS"),
		ragChart("by_trust", "by_trust", "By trust", "Share of commitments on track by trust, best first", "Trust"),
		ragChart("by_place", "by_place", "By place", "Share of commitments on track by the local area (place) each contract serves", "Place"),
		ragChart("by_category", "by_category", "By contract category", "Share of commitments on track by what the contract buys", "Category"),
		{ID: "trend", Kind: spec.Line, Query: "trend", Nav: "Trend", X: "month", Y: []spec.Column{
			{Name: "on_track_pct", Label: "% of commitments on track", Format: spec.FormatPct},
			{Name: "median_delivery_pct", Label: "Median delivered ÷ expected (%)", Format: spec.FormatPct},
		}, Colors: map[string]string{"on_track_pct": "#005EB8", "median_delivery_pct": "#425563"},
			Title: "Trend", Headline: trendHeadline, ValueLabels: true,
			Subtitle: "Share of judgeable commitments that are green, and the median delivered ÷ expected, by month (last 12 months)", YAxisName: "%"},
	}
}

// listBlocks are the lists to act on: highlights, the ICSs' priorities, the
// suppliers furthest behind and ahead, the chase list and the off-track
// commitments.
func listBlocks() []spec.Block {
	return []spec.Block{
		{ID: "highlights", Kind: spec.Table, Query: "highlights", Nav: "Highlights", Title: "Highlights worth celebrating", Limit: 10, Headline: highlightsHeadline,
			Subtitle: "Commitments delivered at or ahead of plan, most delivered first (£ of social value where proxy values are loaded, then the amount), leaving out those expected to deliver under one unit by now; with the supplier's own evidence", Columns: []spec.Column{
				{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
				{Name: "measure_name", Label: "Commitment", Format: spec.FormatText},
				{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
				{Name: "social_value_gbp", Label: "£ social value (proxy values)", Format: spec.FormatGBP},
				{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
				{Name: "improvement_points", Label: "Change in 3 months (% points)", Format: spec.FormatInt},
				{Name: "evidence", Label: "Supplier's evidence", Format: spec.FormatText},
				{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
			}},
		storiesBlock(),
		{ID: "priority_gaps", Kind: spec.Table, Query: "priority_gaps", Nav: "Priorities", Title: "The ICSs' priorities", Headline: priorityHeadline, Limit: 25,
			Subtitle: "Delivery against each ICS's own priorities (a 2025 mission or outcome), least covered first: the places off track or with no commitments at all are where next year's specifications should ask", Columns: []spec.Column{
				{Name: "ics", Label: "ICS", Format: spec.FormatText},
				{Name: "priority", Label: "Priority", Format: spec.FormatText, Labels: priorityNames},
				{Name: "target_name", Label: "Mission or outcome", Format: spec.FormatText},
				{Name: "gap", Label: "Where it stands", Format: spec.FormatText, Labels: gapNames},
				{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
				{Name: "on_track_pct", Label: "On track", Format: spec.FormatPct},
				{Name: "places", Label: "Places off track or with no commitments", Format: spec.FormatText},
			}},
		{ID: "suppliers_behind", Kind: spec.Table, Query: "suppliers_behind", Nav: "Suppliers behind", Title: "Suppliers furthest behind", Limit: 10,
			Subtitle: "Lowest median delivered ÷ expected over each supplier's judgeable commitments", Columns: supplierColumns()},
		{ID: "suppliers_ahead", Kind: spec.Table, Query: "suppliers_ahead", Nav: "Suppliers ahead", Title: "Suppliers furthest ahead", Limit: 10,
			Subtitle: "Highest median delivered ÷ expected over each supplier's judgeable commitments", Columns: supplierColumns()},
		{ID: "chase", Kind: spec.Table, Query: "chase", Nav: "Chase list", Title: "Chase this month", Limit: 25, GroupBy: "supplier_name", Headline: chaseHeadline,
			Subtitle: "Contracts with overdue returns, grouped by supplier, most recently missed first", Columns: []spec.Column{
				{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
				{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
				{Name: "months_missed", Label: "Months missed", Format: spec.FormatInt},
				{Name: "months", Label: "Which months", Format: spec.FormatText},
				{Name: "newest_days_overdue", Label: "Days overdue (latest)", Format: spec.FormatInt},
				{Name: "days_overdue", Label: "Days overdue (oldest)", Format: spec.FormatInt},
				{Name: "chased", Label: "Chased (hub log)", Format: spec.FormatText},
			}},
		{ID: "off_track", Kind: spec.Table, Query: "off_track", Nav: "Off track", Title: "Off-track commitments that matter most", Limit: 15,
			Subtitle: "Red commitments, most material first: the £ of social value behind plan (where proxy values are loaded), then the contract's value a year", Columns: []spec.Column{
				{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
				{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
				{Name: "measure_name", Label: "Commitment", Format: spec.FormatText},
				{Name: "unit", Label: "Unit", Format: spec.FormatText, Labels: UnitNames},
				{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum, UnitFrom: "unit"},
				{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
				{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
				{Name: "value_gbp_per_year", Label: "Contract value a year", Format: spec.FormatGBP},
				{Name: "gbp_at_risk", Label: "£ behind plan (proxy values)", Format: spec.FormatGBP},
			}},
	}
}

// qualityBlocks are the data's quality: quality flags, completed contracts
// and rows rejected at load.
func qualityBlocks() []spec.Block {
	return []spec.Block{
		{ID: "flag_summary", Kind: spec.Table, Query: "flag_summary", Nav: "Quality flags", Title: "Commitment quality flags", Headline: flagsHeadline,
			Subtitle: "The hub's known failure modes: vague commitments, no follow-through after award; and the NHS rules in force when each contract was procured (weighting, Carbon Reduction Plan or Net Zero Commitment, climate theme)", Columns: []spec.Column{
				{Name: "flag", Label: "Flag", Format: spec.FormatText, Labels: FlagNames},
				{Name: "flagged", Label: "Flagged", Format: spec.FormatInt},
				{Name: "contracts", Label: "Contracts", Format: spec.FormatInt},
				{Name: "meaning", Label: "What it means", Format: spec.FormatText, Labels: FlagMeanings},
			}},
		{ID: "flags", Kind: spec.Table, Query: "flags", Nav: "Flag details", Title: "Flagged commitments", Limit: 25,
			Subtitle: "Every flag, vague commitments first", Columns: []spec.Column{
				{Name: "flag", Label: "Flag", Format: spec.FormatText, Labels: FlagNames},
				{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
				{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
				{Name: "measure_code", Label: "Measure", Format: spec.FormatText},
				{Name: "detail", Label: "Detail", Format: spec.FormatText},
				{Name: "rule_applied", Label: "NHS rule applied (source)", Format: spec.FormatText},
			}},
		{ID: "completed", Kind: spec.Table, Query: "completed", Nav: "Completed", Title: "Completed contracts", Limit: 10,
			Subtitle: "Contracts whose term ended before the reporting month, with their final status", Columns: []spec.Column{
				{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
				{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
				{Name: "category", Label: "Category", Format: spec.FormatText},
				{Name: "ended", Label: "Ended", Format: spec.FormatDate},
				{Name: "on_track_pct", Label: "On track at the end", Format: spec.FormatPct},
				{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
				{Name: "social_value_gbp", Label: "Social value (£)", Format: spec.FormatGBP},
			}},
		{ID: "rejections", Kind: spec.Table, Query: "rejections", Nav: "Data quality", Title: "Rows rejected at load", Limit: 25, GroupBy: "supplier_name", Headline: rejectionsHeadline,
			Subtitle: "Rows of supplier files that could not be loaded, by supplier and reason, most rows first. The supplier is the register's for the row's contract, else the name the row gave; rows naming neither are listed last", Columns: []spec.Column{
				{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText, Labels: map[string]string{"": "Supplier not known"}},
				{Name: "reason", Label: "Reason and what to do", Format: spec.FormatText},
				{Name: "rows_rejected", Label: "Rows", Format: spec.FormatInt},
				{Name: "files", Label: "Files", Format: spec.FormatText},
			}},
	}
}

// aboutBlocks say what the report is made from: source files, the NHS rules,
// the settings and how to read it.
func aboutBlocks() []spec.Block {
	return []spec.Block{
		{ID: "sources", Kind: spec.Table, Query: "sources", Nav: "About", Title: "About this report: source files", Limit: 10,
			Subtitle: "Every file loaded, with its SHA-256 so a reader can check they hold the same file", Columns: []spec.Column{
				{Name: "file_name", Label: "File", Format: spec.FormatText},
				{Name: "rows_loaded", Label: "Rows loaded", Format: spec.FormatInt},
				{Name: "rows_rejected", Label: "Rows rejected", Format: spec.FormatInt},
				{Name: "file_sha256", Label: "SHA-256", Format: spec.FormatText},
			}},
		{ID: "rules", Kind: spec.Table, Query: "rules", Title: "About this report: the NHS rules the flags apply", Limit: 20,
			Subtitle: "Each contract is judged by the rules in force on its procurement date; a hub replaces them from a rules.csv (svhub taxonomy load)", Columns: []spec.Column{
				{Name: "rule", Label: "Rule", Format: spec.FormatText},
				{Name: "value", Label: "Value", Format: spec.FormatText},
				{Name: "effective_from", Label: "From", Format: spec.FormatDate},
				{Name: "effective_to", Label: "To (last day)", Format: spec.FormatDate},
				{Name: "meaning", Label: "Meaning", Format: spec.FormatText},
				{Name: "source", Label: "Source", Format: spec.FormatText},
			}},
		{ID: "settings", Kind: spec.KPI, Query: "settings", Title: "About this report: settings used",
			Subtitle: "Delivery is judged from the monitoring start; a return is overdue this many days after its month ends", Columns: []spec.Column{
				{Name: "reporting_month", Label: "Reporting month", Format: spec.FormatMonth},
				{Name: "monitoring_start", Label: "Monitoring start", Format: spec.FormatMonth},
				{Name: "today", Label: "Overdue as of", Format: spec.FormatDate},
				{Name: "green_min_pct", Label: "Green at delivered ÷ expected of at least", Format: spec.FormatPct},
				{Name: "amber_min_pct", Label: "Amber at at least", Format: spec.FormatPct},
				{Name: "return_grace_days", Label: "Grace days for returns", Format: spec.FormatInt},
			}},
		{ID: "method", Kind: spec.Text, Title: "How to read this report",
			Text: "Each commitment is judged on what the supplier has delivered against what was expected by the reporting month: " +
				"for counts, hours, £ and tonnes the target is spread evenly over the commitment's months; for percentages the latest value is compared with the target. " +
				"Green: at least {green_min_pct} of expected; amber: at least {amber_min_pct}; red: below {amber_min_pct}; grey: cannot be judged (no numeric target, or not started). " +
				"Percent on track = green ÷ commitments that can be judged. Different units are never added together.\n\n" +
				"Charts compare shares, not counts, so a small group and a large one can be read side by side; each chart's data, with the counts, is one click away under it. " +
				"Headlines call a change of two points or less \"about the same\"."},
	}
}

// UnitNames are the taxonomy's unit codes in plain words.
var UnitNames = map[string]string{
	"pct":    "%",
	"GBP":    "£",
	"tCO2e":  "tonnes CO₂e",
	"FTE":    "full-time equivalent posts",
	"count":  "number",
	"hours":  "hours",
	"tonnes": "tonnes",
}
