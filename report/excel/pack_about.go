package excel

import (
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/spec"
)

// dataMaxRows is the most commitments the pack's Data sheet holds: about
// 2 MB of workbook, a region of a large hub. A national pack's half a
// million (57 MB, an attachment no mail system passes) are left to the
// Parquet export (issue 24).
const dataMaxRows = 20_000

// fullData names where every commitment of every month is, for the Data
// and About sheets.
const fullData = "the Parquet export's commitment_status table, one row per commitment per month " +
	"(svhub export --out DIR writes it under commitment_status/year=YYYY/month=M)"

// addData adds the query and block behind the board pack's Data sheet:
// every commitment in scope in the reporting month, one row each, to
// filter on screen (up to dataMaxRows).
func addData(s *spec.Spec) {
	q := packQuery("data", nil)
	// Streamed from the database onto the Data sheet, never held; past
	// dataMaxRows (half a million at England) counted only.
	q.Stream = true
	s.Queries = append(s.Queries, q)
	s.DataQuery = "xl_data"
	s.Blocks = append(s.Blocks, spec.Block{ID: "xl_data", Kind: spec.Table, Query: "xl_data", Title: "Data", Columns: []spec.Column{
		{Name: "as_of", Label: "Month", Format: spec.FormatMonth}, text("contract_ref", "Contract"), text("supplier_name", "Supplier"),
		text("trust_code", "Trust code"), text("trust_name", "Trust"), text("ics_code", "ICS"), text("region_code", "Region"),
		text("model", "Model"), text("mission", "Mission code"), text("mission_name", "Mission"), text("measure_code", "Measure code"), text("measure_name", "Measure"),
		{Name: "unit", Label: "Unit", Format: spec.FormatText, Labels: dashboard.UnitNames}, {Name: "target", Label: "Target", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio}, text("rag", "RAG")}})
}

// aboutQueries are the About sheet's: the proxy values, source files,
// settings, monitoring start, rules, wording and crosswalk, none of which
// depends on the scope.
var aboutQueries = []spec.Query{
	packQuery("proxy", nil),
	packQuery("sources", nil),
	packQuery("settings", nil),
	packQuery("rules", nil),
	packQuery("wording", nil),
	packQuery("crosswalk", nil),
	packQuery("monitoring", nil),
}

// packQuery is the board-pack query xl_NAME, whose SQL is the file
// sql/reports/pack/NAME.sql; args are parameters of its own (a list's
// $limit), bound beside the report's ($as_of, $region ...).
func packQuery(name string, args map[string]any) spec.Query {
	return spec.Query{Name: "xl_" + name, File: "pack/" + name, Args: args}
}
