// Package dashboard defines the monthly delivery report — its queries over
// the marts, the blocks that present them and the headlines that state each
// block's message — and fills it with data for a reporting month and scope,
// with every ICS, trust and supplier inside that scope as a drill-down view.
// The same report drives the HTML dashboard and the Excel board pack.
package dashboard

import (
	"fmt"
	"strings"

	"github.com/nhs-hubs/svhub/report/spec"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
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
	{Name: "region", Doc: "NHS region code, or '' for all"},
	{Name: "ics", Doc: "ICS code, or '' for all"},
	{Name: "trust", Doc: "trust ODS code, or '' for all"},
	{Name: "supplier", Doc: "supplier name, or '' for all"},
	{Name: "drill", Doc: "true: also fill the drill-down views (ICS, trust, supplier); false: the whole file only"},
	{Name: "supplier_views", Doc: "true: the drill-down views include one per supplier"},
	{Name: "from", Doc: "first month of the period totalled (first day): a financial year starts in April"},
	{Name: "to", Doc: "last month of the period totalled (first day)"},
}

const fileScope = `($region = '' or region_code = $region) and ($ics = '' or ics_code = $ics) and ($trust = '' or trust_code = $trust) and ($supplier = '' or supplier_name = $supplier)`

// scoped selects a mart's rows inside the file's scope, each repeated once
// for every drill-down view it belongs to (the whole file, its ICS, its
// trust, its supplier), so one query fills every view; only the whole
// file's when $drill is false.
func scoped(mart, where string) string {
	return `(select * from (select unnest(case when $drill then ['all', 'ics:' || ics_code, 'trust:' || trust_code, case when $supplier_views then 'supplier:' || supplier_name end] else ['all'] end) as scope, * from ` +
		mart + ` where ` + fileScope + ` and (` + where + `)) where scope is not null)`
}

// capped keeps, of a list query's rows (body, with a scope column), the
// first of each scope in the list's order: spec.MaxTableRows for the whole
// report's view ("Show the first 100"), the block's limit for a drill-down
// view, which shows only that many; every row of a supplier's view when
// suppliersInFull (its feedback page lists them all). scope_rows
// (spec.ScopeRows) counts every row of the scope, for "Showing 15 of 234"
// and the headlines: at national scale the lists held half a million rows
// in Go to show a hundred. drop names body columns used only to order.
func capped(body, order string, limit int, suppliersInFull bool, drop ...string) string {
	return `
select * exclude (scope_rank` + strings.Join(append([]string{""}, drop...), ", ") + `)
from (
    select *, count(*) over (partition by scope) as ` + spec.ScopeRows + `,
        row_number() over (partition by scope order by ` + order + `) as scope_rank
    from (` + body + `) listed
) ranked
where scope_rank <= ` + keep(limit, suppliersInFull) + `
order by scope, scope_rank`
}

// keep is how many rows of a scope a capped list keeps (see capped).
func keep(limit int, suppliersInFull bool) string {
	if limit <= 0 {
		panic("capped: a list with no limit shows every row; do not cap it")
	}
	k := fmt.Sprintf("case when scope = 'all' then %d else %d end", max(spec.MaxTableRows, limit), limit)
	if suppliersInFull {
		k = "case when scope like 'supplier:%' then scope_rows else " + k + " end"
	}
	return k
}

// cappedParts is capped for a query of two or more lists over one body
// (spec.Query.Parts): each part ranks the body's rows in its own order.
func cappedParts(body string, limit map[string]int, parts ...[2]string) string {
	var ranked []string
	for _, p := range parts {
		ranked = append(ranked, `
    select '`+p[0]+`' as `+spec.PartColumn+`, *, count(*) over (partition by scope) as `+spec.ScopeRows+`,
        row_number() over (partition by scope order by `+p[1]+`) as scope_rank,
        `+keep(limit[p[0]], false)+` as scope_keep
    from body`)
	}
	return `
with body as materialized (` + body + `),
ranked as (` + strings.Join(ranked, `
    union all`) + `
)
select * exclude (scope_rank, scope_keep)
from ranked
where scope_rank <= scope_keep
order by ` + spec.PartColumn + `, scope, scope_rank`
}

// live is a commitment judged in the reporting month; completed ones keep
// their final status and are reported apart.
const live = `as_of = $as_of and last_month >= $as_of`

// ragAggregates are the counts and shares every RAG breakdown shares: "% on
// track" is green ÷ commitments that can be judged (not grey).
const ragAggregates = `count(*) as commitments,
    count(*) filter (where rag = 'green') as green,
    count(*) filter (where rag = 'amber') as amber,
    count(*) filter (where rag = 'red') as red,
    count(*) filter (where rag = 'grey') as grey,
    count(*) filter (where rag <> 'grey') as judged,
    100.0 * count(*) filter (where rag = 'green') / nullif(count(*) filter (where rag <> 'grey'), 0) as green_pct,
    100.0 * count(*) filter (where rag = 'amber') / nullif(count(*) filter (where rag <> 'grey'), 0) as amber_pct,
    100.0 * count(*) filter (where rag = 'red') / nullif(count(*) filter (where rag <> 'grey'), 0) as red_pct,
    100.0 * count(*) filter (where rag = 'green') / nullif(count(*) filter (where rag <> 'grey'), 0) as on_track_pct`

// ragBreakdown is RAG by one dimension of commitment_status (plus joins),
// best on track first.
func ragBreakdown(label, code, from, where string) string {
	return `
with c as ` + scoped("commitment_status", live+` and (`+where+`)`) + `
select scope, ` + label + ` as label, ` + code + ` as code,
    ` + ragAggregates + `
from c ` + from + `
group by all
order by scope, on_track_pct desc nulls last, label`
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

// wordedName is a measure's name as the dashboard shows it: marked "svhub
// wording" where it is svhub's paraphrase and the published text was not
// verified (a hub's official text, loaded with taxonomy load, replaces it).
const wordedName = `measure_name || case when wording_status = 'provisional' then ' (svhub wording)' else '' end as measure_name`

// vagueFlags are the flags that make a commitment vague: no number, no plan.
const vagueFlags = `'no_target', 'zero_target', 'no_delivery_plan', 'generic_plan'`

// flagOrder puts the hub's own failure modes first: vague commitments and
// no follow-through.
const flagOrder = `case flag when 'no_target' then 1 when 'zero_target' then 2 when 'generic_plan' then 3 when 'no_delivery_plan' then 4
    when 'no_followthrough' then 5 when 'unknown_measure' then 6 when 'low_sv_weighting' then 7 when 'no_carbon_reduction_plan' then 8
    when 'no_net_zero_commitment' then 9 when 'no_climate_commitment' then 10 when 'uncommitted_returns' then 11 else 12 end`

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

// gapOrder puts the priorities the hub has least to show for first: none
// of its contracts commit to them, then delivery off track, then behind.
const gapOrder = `case g.gap when 'no commitments' then 1 when 'off track' then 2 when 'behind' then 3 when 'not yet judged' then 4 else 5 end`

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
var changeKinds = []string{"newly_red", "recovered", "newly_overdue", "new_flag", "resolved_flag", "started", "ended"}

// changeCounts counts each kind of change in a scope, as columns n_KIND.
var changeCounts = func() string {
	var cs []string
	for _, k := range changeKinds {
		cs = append(cs, "count(*) filter (where change = '"+k+"') over (partition by scope) as n_"+k)
	}
	return strings.Join(cs, ",\n        ")
}()

// ChangeNames say each kind of change in plain words.
var ChangeNames = map[string]string{
	"newly_red":     "Newly red",
	"recovered":     "Recovered from red",
	"newly_overdue": "Return newly overdue",
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

func queries(limit map[string]int) []spec.Query {
	return []spec.Query{
		// The KPIs at the reporting month and the one before it (computed
		// from $as_of, never stored), for each tile's change. A month's
		// overdue returns are those due before its reference date: today
		// for the reporting month, a month earlier for the month before
		// (returns_due as of the reporting_month's today, shifted).
		{Name: "kpis", SQL: `
with ref as (
    select today - to_months(datediff('month', cast($as_of as date), reporting_month)) as now_date,
        today - to_months(datediff('month', cast($as_of as date), reporting_month) + 1) as prev_date
    from report_settings
),
c as ` + scoped("commitment_status", "as_of in ($as_of, $as_of - interval 1 month) and last_month >= as_of") + `,
d as ` + scoped("returns_due", "period <= $as_of") + `,
f as ` + scoped("commitment_flags", "flag in ("+vagueFlags+")") + `,
k as (
    select scope, as_of = $as_of as this_month, count(distinct contract_ref) as contracts, ` + ragAggregates + `,
        cast(sum(cast(social_value_gbp as decimal(38, 6))) as double) as social_value_gbp
    from c group by scope, as_of
),
r as (
    select scope,
        count(*) filter (where due_date < ref.now_date) as returns_due,
        count(*) filter (where due_date < ref.now_date and received) as returns_received,
        count(*) filter (where due_date < ref.now_date and not received) as missing_returns,
        count(*) filter (where period < $as_of and due_date < ref.prev_date) as returns_due_prev,
        count(*) filter (where period < $as_of and due_date < ref.prev_date and received) as returns_received_prev,
        count(*) filter (where period < $as_of and due_date < ref.prev_date and not received) as missing_returns_prev
    from d, ref group by scope
),
v as (select scope, count(distinct contract_ref || '|' || coalesce(measure_code, '')) as vague_commitments from f group by scope)
select k.* exclude (this_month),
    coalesce(r.returns_due, 0) as returns_due,
    coalesce(r.returns_received, 0) as returns_received,
    100.0 * r.returns_received / nullif(r.returns_due, 0) as returns_received_pct,
    coalesce(r.missing_returns, 0) as missing_returns,
    coalesce(v.vague_commitments, 0) as vague_commitments,
    (select string_agg(distinct source || ' ' || year, '; ') from stg_proxy_values) as proxy_source,
    p.on_track_pct as on_track_pct_prev, p.contracts as contracts_prev, p.commitments as commitments_prev,
    p.red as red_prev, p.social_value_gbp as social_value_gbp_prev,
    case when p.scope is not null then 100.0 * r.returns_received_prev / nullif(r.returns_due_prev, 0) end as returns_received_pct_prev,
    case when p.scope is not null then coalesce(r.missing_returns_prev, 0) end as missing_returns_prev
from k
left join r using (scope)
left join v using (scope)
left join (select * from k where not this_month) p using (scope)
where k.this_month
order by scope`},
		// What moved since the previous reporting month (sql/reports/
		// what_changed.sql), with each kind's count in the scope for the
		// headline (the list keeps its first rows only).
		{Name: "what_changed", SQL: capped(`
    with c as `+scoped("("+sqlfiles.Report("what_changed")+") what_changed", "true")+`
    select scope, change, change_rank, contract_ref, supplier_name, coalesce(measure_code, '') as measure_code, item, was, now,
        `+changeCounts+`
    from c`, "change_rank, contract_ref, measure_code, item", limit["what_changed"], true, "change_rank")},
		// Delivery inside a period (a financial year, or --from/--to),
		// beside the same months a year earlier, by measure: units are
		// never added together (sql/reports/period_totals.sql).
		{Name: "period_totals", SQL: `
with c as ` + scoped("("+sqlfiles.Report("period_totals")+") period_totals", "true") + `
select scope, measure_code, any_value(measure_name) as measure_name, any_value(unit) as unit,
    count(*) filter (where in_period) as commitments,
    sum(expected_in_period) as expected_in_period,
    sum(delivered_in_period) as delivered_in_period,
    sum(delivered_in_period) / nullif(sum(expected_in_period), 0) as delivery_ratio,
    sum(expected_prev) as expected_prev,
    sum(delivered_prev) as delivered_prev,
    sum(delivered_in_period) - sum(delivered_prev) as change_on_prev,
    cast(sum(cast(delivered_in_period * gbp_per_unit as decimal(38, 6))) as double) as social_value_gbp,
    cast(sum(cast(delivered_prev * gbp_per_unit as decimal(38, 6))) as double) as social_value_gbp_prev,
    any_value(months_in_period) as months_in_period, any_value(months_covered) as months_covered,
    any_value(prev_months_covered) as prev_months_covered,
    cast($from as date) as period_from, cast($to as date) as period_to
from c
group by scope, measure_code
order by scope, measure_code`},
		{Name: "by_mission", SQL: ragBreakdown(`coalesce(mission_name, 'Not in the taxonomy')`, `coalesce(mission, '')`, ``, `true`)},
		{Name: "by_theme", SQL: ragBreakdown(`coalesce(theme, 'Not in the taxonomy')`, `'2020'`, ``, `model = '2020'`)},
		{Name: "by_outcome", SQL: ragBreakdown(`coalesce(m.outcome_name, 'Outcome ' || c.outcome_code)`, `coalesce(c.outcome_code, '')`,
			`left join (select distinct model, outcome_code, outcome_name from measures) m on m.model = c.model and m.outcome_code = c.outcome_code`, `model = '2020'`)},
		// the criterion each commitment was scored against at tender; a name
		// that is svhub's paraphrase is marked
		{Name: "by_award_criterion", SQL: ragBreakdown(`c.award_criterion_label || ' ' || c.award_criterion_name || case when a.wording_status = 'provisional' then ' (svhub wording)' else '' end`,
			`c.measure_model || ' ' || c.award_criterion`,
			`left join award_criteria a on a.model = c.measure_model and a.award_criterion = c.award_criterion`, `award_criterion is not null`)},
		{Name: "by_ics", SQL: ragBreakdown(`coalesce(ics_name, ics_code)`, `ics_code`, ``, `true`)},
		{Name: "by_trust", SQL: ragBreakdown(`coalesce(trust_name, trust_code)`, `trust_code`, ``, `true`)},
		{Name: "by_category", SQL: ragBreakdown(`coalesce(upper(left(k.category, 1)) || substr(k.category, 2), 'No category given')`, `coalesce(k.category, '')`,
			`left join contract_summary k on k.contract_ref = c.contract_ref`, `true`)},
		{Name: "trend", File: "dashboard/trend"},
		// The suppliers furthest behind and furthest ahead: one aggregate
		// (a median per supplier and view), two lists.
		{Name: "suppliers", Parts: []string{"suppliers_behind", "suppliers_ahead"}, SQL: cappedParts(suppliers, limit,
			[2]string{"suppliers_behind", "median_ratio asc nulls last, red desc, supplier_name"},
			[2]string{"suppliers_ahead", "median_ratio desc nulls last, green desc, supplier_name"})},
		// The change over 3 months is joined before the rows are repeated
		// for each view, and the supplier's evidence looked up for the rows
		// kept only: the latest evidence of every return was most of this
		// query's time.
		{Name: "highlights", SQL: `
with kept as (` + capped(`
    with c as `+scoped(`(
        select c.*, 100.0 * (c.delivery_ratio - b.ratio_before) as improvement_points
        from commitment_status c
        left join (
            select contract_ref, measure_code, delivery_ratio as ratio_before
            from commitment_status where as_of = $as_of - interval 3 month and `+fileScope+`
        ) b on b.contract_ref = c.contract_ref and b.measure_code = c.measure_code
        where c.`+strings.ReplaceAll(live, " last_month", " c.last_month")+` and c.rag = 'green' and c.delivery_ratio >= 1
          and c.expected_to_date >= 1
    )`, "true")+`
    select scope, supplier_name, contract_ref, measure_code, `+wordedName+`, unit,
        expected_to_date, delivered_to_date, delivery_ratio, improvement_points, social_value_gbp
    from c`,
			HighlightOrder, limit["highlights"], false) + `
),
evidence as (
    select contract_ref, measure_code, arg_max(evidence, period) as evidence
    from return_evidence
    where period <= $as_of and (contract_ref, measure_code) in (select contract_ref, measure_code from kept)
    group by all
)
select k.scope, k.supplier_name, k.contract_ref, k.measure_code, k.measure_name, k.unit,
    k.expected_to_date, k.delivered_to_date, k.delivery_ratio, k.improvement_points, k.social_value_gbp,
    coalesce(e.evidence, '') as evidence, k.` + spec.ScopeRows + `
from kept k
left join evidence e on e.contract_ref = k.contract_ref and e.measure_code = k.measure_code
order by k.scope, k.social_value_gbp desc nulls last, k.delivered_to_date desc, k.contract_ref, k.measure_code`},
		// Red commitments, most material first (sql/reports/off_track.sql).
		{Name: "off_track", SQL: capped(`
    with c as `+scoped("("+sqlfiles.Report("off_track")+") off_track", "true")+`
    select scope, contract_ref, supplier_name, trust, measure_code, `+wordedName+`, unit,
        target, expected_to_date, delivered_to_date, delivery_ratio, rag, value_gbp_per_year, gbp_at_risk
    from c`, MaterialityOrder, limit["off_track"], false)},
		// Every overdue return counts in the headline, so the chase list
		// carries its scope's totals beside the rows it keeps.
		{Name: "chase", SQL: `
with d as ` + scoped("returns_due", "not received and period <= $as_of") + `,
per_contract as (
    -- chase_status: the chases the hub logged (issue 21)
    select d.scope, d.supplier_name, d.contract_ref,
        count(*) as months_missed,
        string_agg(strftime(d.period, '%b %Y'), ', ' order by d.period) as months,
        max(d.period) as latest_missed,
        max(d.days_overdue) as days_overdue,
        min(d.days_overdue) as newest_days_overdue,
        case when coalesce(max(c.times_chased), 0) = 0 then 'not chased'
            else 'chased ' || max(c.times_chased) || ' times, last ' || strftime(max(c.last_chased), '%-d %B %Y')
                || case when bool_or(c.escalate) then '; escalate' else '' end end as chased
    from d left join chase_status c on c.contract_ref = d.contract_ref and c.period = d.period
    group by d.scope, d.supplier_name, d.contract_ref
),
totals as (
    select scope, sum(months_missed) as scope_months_missed, count(distinct supplier_name) as scope_suppliers,
        count(*) filter (where newest_days_overdue <= 31) as scope_fresh_contracts
    from per_contract group by scope
),
final as (
    select p.*, max(p.latest_missed) over (partition by p.scope, p.supplier_name) as supplier_latest,
        t.scope_months_missed, t.scope_suppliers, t.scope_fresh_contracts
    from per_contract p join totals t using (scope)
),
kept as (` + capped(`select scope, supplier_name, contract_ref, months_missed, months, latest_missed, days_overdue, newest_days_overdue, chased,
        scope_months_missed, scope_suppliers, scope_fresh_contracts, supplier_latest from final`,
			"supplier_latest desc, supplier_name, latest_missed desc, contract_ref", limit["chase"], true) + `)
select * exclude (supplier_latest) from kept
order by scope, supplier_latest desc, supplier_name, latest_missed desc, contract_ref`},
		// vague_commitments is the Overview's "Vague commitments": a
		// commitment with at least one vagueness flag, however many it has;
		// the flags themselves are counted per flag (flagged).
		{Name: "flag_summary", SQL: `
with f as ` + scoped("commitment_flags_open", "true") + `,
v as (
    select scope, count(distinct contract_ref || '|' || coalesce(measure_code, '')) as vague_commitments
    from f where flag in (` + vagueFlags + `) group by scope
)
select f.scope, f.flag, any_value(f.flag) as meaning, count(*) as flagged, count(distinct f.contract_ref) as contracts,
    coalesce(any_value(v.vague_commitments), 0) as vague_commitments
from f left join v on v.scope = f.scope
group by f.scope, f.flag
order by f.scope, ` + flagOrder},
		{Name: "flags", SQL: capped(`
    with f as `+scoped("commitment_flags_open", "true")+`
    select scope, contract_ref, supplier_name, coalesce(measure_code, '') as measure_code, flag, detail,
        coalesce(rule || ' (' || rule_source || ')', '') as rule_applied
    from f`, flagOrder+", contract_ref, measure_code", limit["flags"], true)},
		{Name: "completed", SQL: capped(`
    with c as `+scoped("completed_contracts", "true")+`
    select scope, contract_ref, supplier_name, category, end_date as ended, on_track_pct, commitments, social_value_gbp
    from c`, "ended desc, contract_ref", limit["completed"], false)},
		{Name: "by_place", SQL: ragBreakdown(`coalesce(local_area, 'No place given')`, `coalesce(local_area, '')`, ``, `true`)},
		{Name: "priority_gaps", SQL: `
with g as (
    select unnest(['all', 'ics:' || ics_code]) as scope, *
    from priority_gaps
    where level = 'ics'
      and $as_of = (select reporting_month from report_settings)
      and ics_code in (select ics_code from contract_summary where ` + fileScope + `)
),
places as (
    select ics_code, target_kind, target_code,
        string_agg(local_area, ', ' order by local_area) filter (where gap = 'off track') as places_off_track,
        string_agg(local_area, ', ' order by local_area) filter (where gap = 'no commitments') as places_none
    from priority_gaps
    where level = 'local_area'
    group by all
)
select g.scope, coalesce(g.ics_name, g.ics_code) as ics, g.priority, g.target_name, g.target_code, g.gap,
    g.commitments, g.contracts, g.on_track_pct, g.median_ratio,
    coalesce(p.places_off_track, '') as places_off_track, coalesce(p.places_none, '') as places_none,
    coalesce(concat_ws('. ', 'Off track: ' || p.places_off_track, 'No commitments: ' || p.places_none), '') as places
from g
left join places p on p.ics_code = g.ics_code and p.target_kind = g.target_kind and p.target_code = g.target_code
order by g.scope, ` + gapOrder + `, g.priority_rank, ics, g.target_code`},
		{Name: "rejections", SQL: `
with r as ` + scoped("rejected_rows", "true") + `,
keyed as (select *, source_file || '|' || sheet || '|' || coalesce(row_number, 0) as row_key from r),
per_supplier as (
    select scope, supplier_name, count(distinct row_key) as supplier_rows from keyed group by all
),
totals as (
    select scope, count(distinct row_key) as total_rows,
        count(distinct row_key) filter (where supplier_name is null) as untraced_rows,
        count(distinct supplier_name) as suppliers
    from keyed group by scope
)
select k.scope, coalesce(k.supplier_name, '') as supplier_name, k.reason,
    count(distinct k.row_key) as rows_rejected,
    string_agg(distinct regexp_extract(k.source_file, '[^/\\]*$'), ', ' order by regexp_extract(k.source_file, '[^/\\]*$')) as files,
    any_value(s.supplier_rows) as supplier_rows,
    any_value(t.total_rows) as total_rows, any_value(t.untraced_rows) as untraced_rows, any_value(t.suppliers) as suppliers
from keyed k
join per_supplier s on s.scope = k.scope and s.supplier_name is not distinct from k.supplier_name
join totals t on t.scope = k.scope
group by k.scope, k.supplier_name, k.reason
order by k.scope, k.supplier_name is null, supplier_rows desc, k.supplier_name, rows_rejected desc, k.reason`},
		{Name: "sources", SQL: `
select 'all' as scope, regexp_extract(source_file, '[^/\\]*$') as file_name, file_sha256, rows_loaded, rows_rejected
from report_sources
order by file_name, file_sha256`},
		{Name: "rules", SQL: `
select 'all' as scope, rule || '.' || parameter as rule, value, effective_from, effective_to,
    coalesce(meaning, '') as meaning, source || coalesce(', ' || section, '') as source
from rules
order by rule, parameter, effective_from`},
		{Name: "settings", SQL: `
select 'all' as scope, monitoring_start, reporting_month, today,
    100 * rag_green_min as green_min_pct, 100 * rag_amber_min as amber_min_pct,
    return_grace_days, sv_weighting_min_pct,
    coalesce((select string_agg(coalesce(measure_code, '2020 outcome ' || outcome_code_2020) || ' to ' || mission, ', ' order by 1)
        from crosswalk where confidence = 'low'), 'none') as crosswalk_low
from report_settings`},
		// A contract that has sent no return at all says so, rather than
		// "delivered 0, red".
		{Name: "supplier_commitments", SQL: `
with c as ` + scoped("commitment_status", live) + `,
k as (
    select c.*, coalesce(r.returned_to_date, true) as returned
    from c left join contract_reporting r on r.contract_ref = c.contract_ref and r.as_of = $as_of
    where c.scope like 'supplier:%'
)
select scope, contract_ref, coalesce(trust_name, trust_code) as trust, measure_code, ` + wordedName + `, unit, target,
    expected_to_date,
    case when returned then coalesce(delivered_to_date, 0) end as delivered_to_date,
    case when returned then delivery_ratio end as delivery_ratio,
    case when returned then rag else 'no_return' end as rag
from k
order by scope, case when not returned then 0 when rag = 'red' then 1 when rag = 'amber' then 2 when rag = 'green' then 3 else 4 end, delivery_ratio, contract_ref, measure_code`},
		{Name: "supplier_rejections", SQL: `
with r as ` + scoped("rejected_rows", "true") + `
select scope, regexp_extract(source_file, '[^/\\]*$') as file_name, sheet, row_number, coalesce(cell, column_name, '') as cell,
    coalesce(value, '') as value, reason
from r
where scope like 'supplier:%'
order by scope, file_name, sheet, row_number nulls first, cell, reason`},
		// The data download: the whole report's rows only, the first
		// spec.MaxDownloadRows of them (a top-N, not a sort of every row),
		// with how many there are.
		{Name: "commitments", SQL: `
select 'all' as scope, as_of, contract_ref, supplier_name, trust_code, coalesce(trust_name, trust_code) as trust_name, ics_code, region_code,
    model, mission, measure_code, measure_name, unit, target, expected_to_date, delivered_to_date, delivery_ratio, rag,
    last_month < $as_of as completed,
    (select count(*) from commitment_status where as_of = $as_of and ` + fileScope + `) as ` + spec.ScopeRows + `
from commitment_status
where as_of = $as_of and ` + fileScope + `
order by contract_ref, measure_code
limit ` + fmt.Sprint(spec.MaxDownloadRows)},
	}
}

// suppliers is every supplier's delivery in each view, for the lists of
// those furthest behind and ahead.
var suppliers = `
with c as ` + scoped("commitment_status", live) + `
select scope, supplier_name,
    count(distinct contract_ref) as contracts,
    ` + ragAggregates + `,
    median(delivery_ratio) filter (where rag <> 'grey') as median_ratio
from c
group by scope, supplier_name
having count(*) filter (where rag <> 'grey') > 0`

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

func blocks() []spec.Block {
	return []spec.Block{
		{ID: "kpis", Kind: spec.KPI, Query: "kpis", Nav: "Overview", Title: "Overview", Headline: kpiHeadline,
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
			Subtitle: "Against the previous reporting month: commitments newly red and recovered, returns newly overdue, quality flags new and resolved, contracts started and ended", Columns: []spec.Column{
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
