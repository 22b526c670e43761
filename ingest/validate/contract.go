package validate

// This file holds a contract row's checks, one per column.

import (
	"fmt"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/value"
)

// ParseContract validates a contract row; its trust must be known. Its
// checks are contractChecks, one per column, in the order their problems
// are listed.
func ParseContract(h *schema.Header, number int, cells []string, refs *Refs) (Contract, []Problem) {
	cr := &contractRow{rowReader: newRow(h, number, cells), refs: refs}
	cr.c = Contract{
		Ref:          cr.requiredText("contract_ref"),
		SupplierName: cr.requiredText("supplier_name"),
		SupplierID:   cr.text("supplier_id"),
		Title:        cr.text("title"),
		Category:     cr.text("category"),
		LocalArea:    cr.text("local_area"),
	}
	for _, check := range contractChecks {
		check(cr)
	}
	return cr.c, cr.problems
}

// contractRow is a contract row being read.
type contractRow struct {
	*rowReader
	refs  *Refs
	c     Contract
	start *time.Time // start_date as read, also when end_date is not
}

// contractChecks read a contract's columns after its plain text ones.
var contractChecks = []func(*contractRow){
	(*contractRow).trust,
	(*contractRow).value,
	(*contractRow).weighting,
	(*contractRow).term,
	(*contractRow).model,
	func(cr *contractRow) { cr.c.EffectiveFrom = cr.date("effective_from", false) },
	func(cr *contractRow) { cr.c.CRPPublished = cr.yesNo("crp_published") },
	(*contractRow).carbonPlan,
	func(cr *contractRow) { cr.c.Framework = cr.yesNo("framework") },
	(*contractRow).procuredOn,
}

// trust: a trust of the organisations table.
func (cr *contractRow) trust() {
	t := cr.requiredText("trust_code")
	if t == "" {
		return
	}
	code, ok := cr.refs.Trusts[key(t)]
	if !ok {
		cr.fail("trust_code", fmt.Sprintf("unknown trust %q: it is not in the organisations table; load an organisations file that lists it", t))
	}
	cr.c.TrustCode = code
}

// value: the contract's value, £0 or more.
func (cr *contractRow) value() {
	if v := cr.number("value_gbp", true); v != nil {
		if *v < 0 {
			cr.fail("value_gbp", "expected a contract value of £0 or more")
		}
		cr.c.ValueGBP = *v
	}
}

// weighting: the social value weighting, a percentage.
func (cr *contractRow) weighting() {
	if w := cr.number("sv_weighting_pct", true); w != nil {
		if *w < 0 || *w > 100 {
			cr.fail("sv_weighting_pct", "expected a percentage between 0 and 100 (10 or 10% means 10%)")
		}
		cr.c.SVWeightingPct = *w
	}
}

// term: the start and end dates, the end not before the start.
func (cr *contractRow) term() {
	start, end := cr.date("start_date", true), cr.date("end_date", true)
	cr.start = start
	if start == nil || end == nil {
		return
	}
	cr.c.Start, cr.c.End = *start, *end
	if end.Before(*start) {
		cr.fail("end_date", fmt.Sprintf("the contract ends (%s) before it starts (%s)", end.Format("2 Jan 2006"), start.Format("2 Jan 2006")))
	}
}

// model: the Social Value Model year as given, else the one its start
// date implies.
func (cr *contractRow) model() {
	m := cr.text("model")
	switch {
	case m == "" || value.IsNoValue(m):
		if cr.start != nil {
			cr.c.Model = DefaultModel(*cr.start)
		}
	case strings.Contains(m, "2020"):
		cr.c.Model = "2020"
	case strings.Contains(m, "2025"):
		cr.c.Model = "2025"
	default:
		cr.fail("model", fmt.Sprintf("expected the Social Value Model year, 2020 or 2025, got %q", m))
	}
}

// carbonPlan: a Carbon Reduction Plan, a Net Zero Commitment or none.
func (cr *contractRow) carbonPlan() {
	t := cr.text("carbon_plan")
	if t == "" || value.IsNoValue(t) {
		return
	}
	p, ok := carbonPlan(t)
	if !ok {
		cr.fail("carbon_plan", fmt.Sprintf("expected crp (a Carbon Reduction Plan), nzc (a Net Zero Commitment) or none, got %q", t))
	}
	cr.c.CarbonPlan = p
}

// procuredOn: the day the procurement began, not after the contract's
// start.
func (cr *contractRow) procuredOn() {
	p := cr.date("procured_on", false)
	if p == nil {
		return
	}
	cr.c.ProcuredOn = p
	if cr.start != nil && p.After(*cr.start) {
		cr.fail("procured_on", fmt.Sprintf("the procurement starts (%s) after the contract does (%s); procured_on is the day the procurement began",
			p.Format("2 Jan 2006"), cr.start.Format("2 Jan 2006")))
	}
}

// carbonPlan reads the carbon_plan column: the codes, or the plans' names
// as people write them.
func carbonPlan(t string) (string, bool) {
	switch schema.Key(t) {
	case "crp", "carbonreductionplan":
		return "crp", true
	case "nzc", "netzerocommitment":
		return "nzc", true
	case "none", "no", "neither":
		return "none", true
	}
	return "", false
}

// DefaultModel: contracts starting before 1 October 2025 report under the
// 2020 model, later ones under the 2025 model (PPN 002).
func DefaultModel(start time.Time) string {
	if start.Before(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)) {
		return "2020"
	}
	return "2025"
}
