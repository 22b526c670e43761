// Package dashboard defines the monthly delivery report — its queries over
// the marts and the blocks that present them — and fills it with data for a
// reporting month and scope. The same report drives the HTML dashboard and
// the Excel board pack.
package dashboard

import "github.com/nhs-hubs/svhub/report/spec"

// RAG colours: there is no official NHS RAG palette; these NHS identity
// colours pass 3:1 against white for chart marks and always come with a label.
var ragColors = map[string]string{
	"green": "#009639",
	"amber": "#FFB81C",
	"red":   "#DA291C",
	"grey":  "#768692",
}

var ragColumns = []spec.Column{
	{Name: "green", Label: "On track (green)", Format: spec.FormatInt},
	{Name: "amber", Label: "Slipping (amber)", Format: spec.FormatInt},
	{Name: "red", Label: "Off track (red)", Format: spec.FormatInt},
	{Name: "grey", Label: "Cannot judge (grey)", Format: spec.FormatInt},
}

// scope is the filter every query shares: $1 the reporting month, then
// region, ICS, trust and supplier (” means all).
const scope = `cast($1 as date) is not null and ($2 = '' or region_code = $2) and ($3 = '' or ics_code = $3) and ($4 = '' or trust_code = $4) and ($5 = '' or supplier_name = $5)`

// ragCounts and onTrackPct are the aggregates every RAG breakdown shares:
// "% on track" is green ÷ commitments that can be judged (not grey).
const (
	ragCounts = `count(*) filter (where rag = 'green') as green,
    count(*) filter (where rag = 'amber') as amber,
    count(*) filter (where rag = 'red') as red,
    count(*) filter (where rag = 'grey') as grey`
	onTrackPct = `case when count(*) filter (where rag <> 'grey') > 0
         then 100.0 * count(*) filter (where rag = 'green') / count(*) filter (where rag <> 'grey') end as on_track_pct`
)

// Spec is the monthly social-value delivery report. Titles that state the
// message are filled in from the data by Build.
func Spec() *spec.Spec {
	return &spec.Spec{
		Title:     "Social value delivery",
		Subtitle:  "Delivery against the commitments suppliers made when they won their contracts",
		DataQuery: "commitments",
		Queries: []spec.Query{
			{Name: "kpis", SQL: `
select
    count(distinct contract_ref) as contracts,
    count(*) as commitments,
    ` + ragCounts + `,
    ` + onTrackPct + `,
    (select count(*) from missing_returns where ` + scope + ` and period <= $1) as missing_returns,
    (select count(distinct contract_ref || coalesce(measure_code, '')) from commitment_flags where ` + scope + ` and flag in ('no_target', 'zero_target', 'no_delivery_plan', 'generic_plan')) as vague_commitments,
    (select count(*) from rejections) as rejected_rows
from commitment_status
where as_of = $1 and ` + scope},
			{Name: "by_mission", SQL: `
select
    coalesce(mission || ' ' || mission_name, 'Not in the taxonomy') as mission,
    ` + ragCounts + `
from commitment_status
where as_of = $1 and ` + scope + `
group by 1
order by 1`},
			{Name: "by_trust", SQL: `
select
    coalesce(trust_name, trust_code) as trust,
    ` + ragCounts + `,
    ` + onTrackPct + `
from commitment_status
where as_of = $1 and ` + scope + `
group by 1
order by on_track_pct desc nulls last, 1`},
			{Name: "trend", SQL: `
select
    as_of as month,
    round(case when count(*) filter (where rag <> 'grey') > 0
         then 100.0 * count(*) filter (where rag = 'green') / count(*) filter (where rag <> 'grey') end, 1) as on_track_pct,
    round(100.0 * median(delivery_ratio) filter (where rag <> 'grey'), 1) as median_delivery_pct
from commitment_status
where as_of <= $1 and as_of > $1 - interval 12 month and ` + scope + `
group by 1
order by 1`},
			{Name: "by_supplier", SQL: `
select
    supplier_name,
    count(distinct contract_ref) as contracts,
    count(*) as commitments,
    ` + ragCounts + `,
    ` + onTrackPct + `,
    median(delivery_ratio) filter (where rag <> 'grey') as median_ratio
from commitment_status
where as_of = $1 and ` + scope + `
group by supplier_name
order by red desc, on_track_pct nulls first, supplier_name
limit 25`},
			{Name: "off_track", SQL: `
select contract_ref, supplier_name, coalesce(trust_name, trust_code) as trust, measure_code, measure_name, unit,
       target, expected_to_date, delivered_to_date, delivery_ratio, rag
from commitment_status
where as_of = $1 and rag = 'red' and ` + scope + `
order by delivery_ratio, contract_ref, measure_code
limit 25`},
			{Name: "missing", SQL: `
select contract_ref, supplier_name, period, due_date, days_overdue
from missing_returns
where period <= $1 and ` + scope + `
order by days_overdue desc, contract_ref, period
limit 25`},
			{Name: "flags", SQL: `
select contract_ref, supplier_name, coalesce(measure_code, '') as measure_code, flag, detail
from commitment_flags
where ` + scope + `
order by flag, contract_ref, measure_code
limit 40`},
			{Name: "commitments", SQL: `
select as_of, contract_ref, supplier_name, trust_code, coalesce(trust_name, trust_code) as trust_name, ics_code, region_code,
       model, mission, measure_code, measure_name, unit, target, expected_to_date, delivered_to_date, delivery_ratio, rag
from commitment_status
where as_of = $1 and ` + scope + `
order by contract_ref, measure_code`},
		},
		Blocks: []spec.Block{
			{ID: "kpis", Kind: spec.KPI, Query: "kpis", Columns: []spec.Column{
				{Name: "on_track_pct", Label: "Commitments on track", Format: spec.FormatPct},
				{Name: "contracts", Label: "Contracts reporting", Format: spec.FormatInt},
				{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
				{Name: "red", Label: "Off track (red)", Format: spec.FormatInt},
				{Name: "missing_returns", Label: "Overdue returns", Format: spec.FormatInt},
				{Name: "vague_commitments", Label: "Vague commitments", Format: spec.FormatInt},
				{Name: "rejected_rows", Label: "Rejected rows (all files)", Format: spec.FormatInt},
			}},
			{ID: "by_mission", Kind: spec.Bar, Query: "by_mission", X: "mission", Y: ragColumns, Colors: ragColors, Stack: true, Horizontal: true,
				Subtitle: "Commitments by RAG status and 2025 mission (2020-model outcomes mapped through the hub's crosswalk)", YAxisName: "commitments"},
			{ID: "by_trust", Kind: spec.Bar, Query: "by_trust", X: "trust", Y: ragColumns, Colors: ragColors, Stack: true, Horizontal: true,
				Subtitle: "Commitments by RAG status and trust, best on track first", YAxisName: "commitments"},
			{ID: "trend", Kind: spec.Line, Query: "trend", X: "month", Y: []spec.Column{
				{Name: "on_track_pct", Label: "% of commitments on track", Format: spec.FormatPct},
				{Name: "median_delivery_pct", Label: "Median delivery against expected (%)", Format: spec.FormatPct},
			}, Colors: map[string]string{"on_track_pct": "#005EB8", "median_delivery_pct": "#768692"},
				Subtitle: "Share of judgeable commitments that are green, and the median delivered ÷ expected, by month", YAxisName: "%"},
			{ID: "by_supplier", Kind: spec.Table, Query: "by_supplier", Title: "Suppliers furthest behind",
				Subtitle: "Suppliers with the most red commitments first (up to 25); median of delivered ÷ expected over their judgeable commitments", Columns: []spec.Column{
					{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
					{Name: "contracts", Label: "Contracts", Format: spec.FormatInt},
					{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
					{Name: "green", Label: "Green", Format: spec.FormatInt},
					{Name: "amber", Label: "Amber", Format: spec.FormatInt},
					{Name: "red", Label: "Red", Format: spec.FormatInt},
					{Name: "grey", Label: "Grey", Format: spec.FormatInt},
					{Name: "on_track_pct", Label: "On track", Format: spec.FormatPct},
					{Name: "median_ratio", Label: "Median delivered ÷ expected", Format: spec.FormatRatio},
				}},
			{ID: "off_track", Kind: spec.Table, Query: "off_track", Title: "Commitments furthest off track",
				Subtitle: "Red commitments, lowest delivery first (up to 25)", Columns: []spec.Column{
					{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
					{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
					{Name: "trust", Label: "Trust", Format: spec.FormatText},
					{Name: "measure_name", Label: "Measure", Format: spec.FormatText},
					{Name: "unit", Label: "Unit", Format: spec.FormatText},
					{Name: "target", Label: "Target", Format: spec.FormatNum},
					{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum},
					{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum},
					{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
					{Name: "rag", Label: "RAG", Format: spec.FormatText},
				}},
			{ID: "missing", Kind: spec.Table, Query: "missing", Title: "Overdue returns",
				Subtitle: "Contract-months with no return at all, past their due date (month end + grace days)", Columns: []spec.Column{
					{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
					{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
					{Name: "period", Label: "Month", Format: spec.FormatMonth},
					{Name: "due_date", Label: "Due", Format: spec.FormatDate},
					{Name: "days_overdue", Label: "Days overdue", Format: spec.FormatInt},
				}},
			{ID: "flags", Kind: spec.Table, Query: "flags", Title: "Commitment quality flags",
				Subtitle: "Vague or generic commitments, no follow-through after award, low social-value weighting, no Carbon Reduction Plan", Columns: []spec.Column{
					{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
					{Name: "supplier_name", Label: "Supplier", Format: spec.FormatText},
					{Name: "measure_code", Label: "Measure", Format: spec.FormatText},
					{Name: "flag", Label: "Flag", Format: spec.FormatText},
					{Name: "detail", Label: "Detail", Format: spec.FormatText},
				}},
			{ID: "method", Kind: spec.Text, Title: "How to read this report",
				Text: "Each commitment is judged on what the supplier has delivered against what was expected by the reporting month: " +
					"for counts, hours, £ and tonnes the target is spread evenly over the commitment's months; for percentages the latest value is compared with the target. " +
					"Green: at least 95% of expected; amber: at least 75%; red: below 75%; grey: cannot be judged (no numeric target, or not started). " +
					"Percent on track = green ÷ commitments that can be judged. Different units are never added together. " +
					"A return is overdue when a contract-month has no return 30 days after the month ends."},
		},
	}
}
