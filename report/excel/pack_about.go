package excel

import (
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/spec"
)

// addData adds the query and block behind the board pack's Data sheet:
// every commitment in scope, one row each, to filter on screen.
func addData(s *spec.Spec) {
	s.Queries = append(s.Queries, spec.Query{Name: "xl_data", SQL: `
select as_of, contract_ref, supplier_name, trust_code, coalesce(trust_name, trust_code) as trust_name, ics_code, region_code,
       model, mission, mission_name, measure_code, measure_name, unit, target, expected_to_date, delivered_to_date, delivery_ratio, ` + ragLabel + ` as rag
from commitment_status
where as_of = $as_of and ` + scope + `
order by contract_ref, measure_code`,
		// Every commitment (half a million at England): streamed from
		// the database onto the Data sheet, never held.
		Stream: true})
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
// settings, monitoring start, rules, wording and crosswalk. None depends
// on the scope, but each takes the parameters every query is bound with.
var aboutQueries = []spec.Query{
	{Name: "xl_proxy", SQL: `
select source, year, count(*) as measures
from proxy_values
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
group by 1, 2
order by 2 desc, 1`},
	{Name: "xl_sources", SQL: `
select source_file, file_sha256, format, ingested_at, rows_loaded, rows_rejected
from ingest_files
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
order by source_file, file_sha256`}, // by name: load order follows file times, which differ between runs
	// The settings table holds what svhub settings stored; a flag,
	// SVHUB_* variable or svhub.toml can override it for one run, and
	// report_settings has the values in force for the four the
	// report's figures depend on most: those are shown.
	{Name: "xl_settings", SQL: `
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
	{Name: "xl_rules", SQL: `
select rule || '.' || parameter as rule, value, effective_from, effective_to, coalesce(meaning, '') as meaning,
    source || coalesce(', ' || section, '') as source
from rules
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
order by rule, parameter, effective_from`},
	{Name: "xl_wording", SQL: `
select (select count(*) filter (where wording_status = 'provisional') from measures) as measures_provisional,
    (select count(*) from measures) as measures,
    (select count(*) filter (where wording_status = 'provisional') from award_criteria) as criteria_provisional,
    (select count(*) from award_criteria) as criteria
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null`},
	{Name: "xl_crosswalk", SQL: `
select coalesce(measure_code, '2020 outcome ' || outcome_code_2020) || ' -> ' || mission as row_mapped, coalesce(rationale, '') as rationale
from crosswalk
where confidence = 'low' and cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null
order by 1`},
	{Name: "xl_monitoring", SQL: `
select monitoring_start, reporting_month as latest_month
from report_settings
where cast($as_of as date) is not null and $region || $ics || $trust || $supplier is not null`},
}
