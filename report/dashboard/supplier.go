package dashboard

import "github.com/nhs-hubs/svhub/report/spec"

// supplierBlocks are the blocks of a supplier's feedback page: where they
// stand, each commitment's status, the returns they owe, the rows of their
// returns that were rejected, and what the hub found vague in their
// commitments.
func supplierBlocks(main []spec.Block) []spec.Block {
	pick := map[string]spec.Block{}
	for _, b := range main {
		pick[b.ID] = b
	}
	kpis := pick["kpis"]
	kpis.Trend = "" // a page made to be emailed: the figures, no trend lines
	out := []spec.Block{kpis}
	out = append(out, spec.Block{ID: "your_commitments", Kind: spec.Table, Query: "supplier_commitments",
		Title: "Your commitments and their status", Subtitle: "Each commitment you made, worst first: what was expected by the reporting month and what your returns show",
		Columns: []spec.Column{
			{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
			{Name: "trust", Label: "Trust", Format: spec.FormatText},
			{Name: "measure_name", Label: "Commitment", Format: spec.FormatText},
			{Name: "unit", Label: "Unit", Format: spec.FormatText, Labels: UnitNames},
			{Name: "target", Label: "Target", Format: spec.FormatNum},
			{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum, UnitFrom: "unit"},
			{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
			{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
			{Name: "rag", Label: "Status", Format: spec.FormatText, Labels: RAGNames},
		}})
	chase := pick["chase"]
	chase.Title, chase.Headline, chase.Limit, chase.GroupBy = "Returns we have not received", nil, 0, ""
	chase.Subtitle = "Months with no return from you, past their due date (month end plus the grace days). Please send them."
	out = append(out, chase)
	out = append(out, spec.Block{ID: "your_rejections", Kind: spec.Table, Query: "supplier_rejections",
		Title: "Rows of your returns we could not load", Subtitle: "Each row that was rejected, with the reason and what to send instead. Please correct them and send the file again.",
		Columns: []spec.Column{
			{Name: "file_name", Label: "File", Format: spec.FormatText},
			{Name: "sheet", Label: "Sheet", Format: spec.FormatText},
			{Name: "row_number", Label: "Row", Format: spec.FormatInt},
			{Name: "cell", Label: "Cell", Format: spec.FormatText},
			{Name: "value", Label: "Value given", Format: spec.FormatText},
			{Name: "reason", Label: "Reason and what to do", Format: spec.FormatText},
		}})
	flags := pick["flags"]
	flags.Title, flags.Limit = "Commitments the hub finds hard to measure", 0
	flags.Subtitle = "Please agree a numeric target or a concrete plan for these with the contract manager"
	out = append(out, flags, pick["method"])
	for i := range out {
		out[i].Nav = ""
	}
	return out
}

// SupplierReports splits a built report into one small feedback page per
// supplier: the supplier's own view of the report, with no drill-down.
func SupplierReports(r *spec.Report) []*spec.Report {
	sp := &spec.Spec{Title: "Social value feedback", Params: r.Spec.Params, Queries: r.Spec.Queries, Blocks: supplierBlocks(r.Spec.Blocks)}
	var out []*spec.Report
	for _, sc := range r.Scopes {
		if sc.Kind != "supplier" {
			continue
		}
		s := *sp
		s.Subtitle = "What " + sc.Label + " has delivered against its social value commitments"
		s.Blocks = append([]spec.Block(nil), sp.Blocks...)
		for i := range s.Blocks {
			if t, ok := sc.Titles[s.Blocks[i].ID]; ok && s.Blocks[i].Headline != nil {
				s.Blocks[i].Title = t
			}
		}
		out = append(out, &spec.Report{Spec: &s, Data: sc.Data, AsOf: r.AsOf, Scope: sc.Label, GeneratedAt: r.GeneratedAt, Source: r.Source})
	}
	return out
}
