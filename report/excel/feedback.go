package excel

import (
	"sort"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Feedback is the per-supplier feedback workbook: each supplier's
// commitments and their status, the returns they still owe, the rows of
// their files that were rejected (with the reason and what to do), and the
// quality flags on their commitments. Every query returns all suppliers in
// scope with a supplier_name column; SplitBySupplier makes one report each,
// so the marts are computed once, not once per supplier.
func Feedback() (*spec.Spec, *Layout) {
	s := &spec.Spec{
		Title:     "Social value: your delivery and returns",
		Subtitle:  "Feedback from the procurement hub on your social-value commitments",
		Params:    dashboard.Spec().Params,
		Queries:   feedbackQueries(),
		Blocks:    feedbackBlocks(),
		TextQuery: "fb_settings",
	}
	return s, feedbackLayout()
}

// feedbackQueries return every supplier in scope, each row named by its
// supplier_name (but fb_settings, which every workbook shares). Their SQL is
// in sql/reports/feedback.
func feedbackQueries() []spec.Query {
	return []spec.Query{
		{Name: "fb_kpis", File: "feedback/kpis"},
		{Name: "fb_status", File: "feedback/status"},
		{Name: "fb_missing", File: "feedback/missing"},
		{Name: "fb_rejected", File: "feedback/rejected"},
		{Name: "fb_flags", File: "feedback/flags"},
		{Name: "fb_settings", File: "feedback/settings"},
	}
}

// feedbackBlocks: where the supplier stands, how to read it, then one table
// per sheet.
func feedbackBlocks() []spec.Block {
	return []spec.Block{
		{ID: "fb_kpis", Kind: spec.KPI, Query: "fb_kpis", Title: "Your position this month", Columns: []spec.Column{
			{Name: "on_track_pct", Label: "Commitments on track", Format: spec.FormatPct},
			{Name: "contracts", Label: "Contracts", Format: spec.FormatInt},
			{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
			{Name: "red", Label: "Off track (red)", Format: spec.FormatInt},
			{Name: "missing_returns", Label: "Returns overdue", Format: spec.FormatInt},
			{Name: "rejected_rows", Label: "Rows of your files rejected", Format: spec.FormatInt},
		}},
		{ID: "fb_how", Kind: spec.Text, Title: "How to read this workbook",
			Text: "Each commitment is judged on what you have delivered against what was expected by the reporting month: " +
				"for counts, hours, £ and tonnes the target is spread evenly over the commitment's months; for percentages the latest value is compared with the target. " +
				"Green: at least {green_min_pct} of expected; amber: at least {amber_min_pct}; red: below {amber_min_pct}; grey: cannot be judged yet. " +
				"Overdue returns are months with no return at all. Rejected rows did not load: correct them and send the file again. " +
				"Ask the hub for a return template (svhub template) to fill in next time."},
		{ID: "fb_status", Kind: spec.Table, Query: "fb_status", Title: "Your commitments and their status",
			Subtitle: "Off track first", Columns: []spec.Column{
				text("contract_ref", "Contract"), text("measure", "Measure"), {Name: "unit", Label: "Unit", Format: spec.FormatText, Labels: dashboard.UnitNames},
				{Name: "target", Label: "Target", Format: spec.FormatNum},
				{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum},
				{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum},
				{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio}, text("rag", "RAG")}},
		{ID: "fb_missing", Kind: spec.Table, Query: "fb_missing", Title: "Returns we have not received",
			Subtitle: "Months with no return at all, past their due date", Columns: []spec.Column{
				text("contract_ref", "Contract"), {Name: "period", Label: "Month", Format: spec.FormatMonth},
				{Name: "due_date", Label: "Was due", Format: spec.FormatDate},
				{Name: "days_overdue", Label: "Days overdue", Format: spec.FormatInt}, text("chased", "We asked")}},
		{ID: "fb_rejected", Kind: spec.Table, Query: "fb_rejected", Title: "Rows of your files that were rejected",
			Subtitle: "Each row of the files you sent that did not load; the reason says what was wrong and what to send instead", Columns: []spec.Column{
				text("source_file", "File"), text("sheet", "Sheet"), {Name: "row_number", Label: "Row", Format: spec.FormatInt},
				text("column_name", "Column"), text("cell", "Cell"), text("value", "Value"), text("reason", "Reason and what to do")}},
		{ID: "fb_flags", Kind: spec.Table, Query: "fb_flags", Title: "Questions about your commitments",
			Subtitle: "Commitments the hub cannot measure or that need a clearer plan",
			Columns:  append([]spec.Column{text("contract_ref", "Contract"), text("measure_code", "Measure")}, flagColumns()...)},
	}
}

// feedbackLayout puts the blocks on one sheet each, the summary first.
func feedbackLayout() *Layout {
	return &Layout{
		Sheets: []Sheet{
			{Name: SheetSummary, Blocks: []string{"fb_kpis", "fb_how"}},
			{Name: "Your commitments", Title: "Your commitments and their status", Blocks: []string{"fb_status"}},
			{Name: "Missing returns", Title: "Returns we have not received", Blocks: []string{"fb_missing"}},
			{Name: "Rejected rows", Title: "Rows of your files that were rejected", Blocks: []string{"fb_rejected"}},
			{Name: "Questions", Title: "Questions about your commitments", Blocks: []string{"fb_flags"}},
		},
		AboutTitle: "About this workbook",
	}
}

// SupplierReport is one supplier's share of a report.
type SupplierReport struct {
	Supplier string
	Report   *spec.Report
}

// SplitBySupplier turns a report whose every query has a supplier_name
// column into one report per supplier (those in its first query, in
// order), each holding only that supplier's rows, scoped to the supplier.
// Each result is read once and its rows grouped by supplier: scanning every
// result once per supplier grew with suppliers × rows (8.8 billion checks at
// England).
func SplitBySupplier(r *spec.Report) []SupplierReport {
	names := supplierNames(r.Data[r.Spec.Queries[0].Name])
	bySupplier := make(map[string]map[string][][]any, len(r.Data))
	for q, res := range r.Data {
		if i := res.Col("supplier_name"); i >= 0 {
			bySupplier[q] = rowsBySupplier(res, i)
		}
	}
	out := make([]SupplierReport, 0, len(names))
	for _, name := range names {
		sr := &spec.Report{Spec: r.Spec, Data: make(map[string]*spec.Result, len(r.Data)), AsOf: r.AsOf, GeneratedAt: r.GeneratedAt, Source: r.Source,
			Scope: name}
		for q, res := range r.Data {
			part := &spec.Result{Columns: res.Columns, Rows: res.Rows}
			if groups, ok := bySupplier[q]; ok {
				part.Rows = groups[name]
			}
			sr.Data[q] = part
		}
		out = append(out, SupplierReport{Supplier: name, Report: sr})
	}
	return out
}

// supplierNames are the distinct supplier names of a result, sorted.
func supplierNames(res *spec.Result) []string {
	var names []string
	seen := map[string]bool{}
	if i := res.Col("supplier_name"); i >= 0 {
		for _, rec := range res.Rows {
			if s, ok := rec[i].(string); ok && !seen[s] {
				seen[s] = true
				names = append(names, s)
			}
		}
	}
	sort.Strings(names)
	return names
}

// rowsBySupplier groups a result's rows by the supplier name in column i,
// keeping their order; rows with no name belong to no supplier.
func rowsBySupplier(res *spec.Result, i int) map[string][][]any {
	groups := map[string][][]any{}
	for _, rec := range res.Rows {
		if s, ok := rec[i].(string); ok {
			groups[s] = append(groups[s], rec)
		}
	}
	return groups
}
