// Package validate turns one parsed row of a recognised sheet into a typed
// record, or into the problems that keep it out, each naming its column and
// cell. It checks references (trust, contract, measure) against Refs, which
// the loader keeps up to date as rows are accepted. It never reads files
// and never writes the database.
package validate

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/value"
)

// Problem is one reason a row was rejected.
type Problem struct {
	Column string // canonical column name; "" for the row as a whole
	Cell   string // e.g. "D7"
	Value  string // the cell text as given
	Reason string
	Hint   string // what to do: the nearest known code, the expected format
}

// Org is an organisations row.
type Org struct {
	TrustCode, TrustName, ICSCode, ICSName, RegionCode, RegionName string
}

// Contract is a contract register row.
type Contract struct {
	Ref, SupplierName, SupplierID, TrustCode, Title, Category string
	ValueGBP                                                  float64
	Start, End                                                time.Time
	SVWeightingPct                                            float64
	Model                                                     string
	CRPPublished                                              *bool
	LocalArea                                                 string
	// EffectiveFrom is the date the row applies from (a novation's date);
	// nil: from the reference date of the load (ingest).
	EffectiveFrom *time.Time
	// CarbonPlan is what the supplier has on record: "crp", "nzc", "none",
	// or "" when the column is absent or blank (crp_published may say).
	CarbonPlan string
	Framework  *bool      // nil: not given (not a framework)
	ProcuredOn *time.Time // nil: not given (the rules use Start)
}

// Commitment is one measure a supplier committed to under a contract.
type Commitment struct {
	ContractRef, MeasureCode string
	Target                   *float64 // nil: vague, loaded and flagged
	Unit, Frequency          string
	PeriodFrom, PeriodTo     *time.Time
	DeliveryPlan, Location   string
}

// Return is one supplier-reported figure for a contract, month and measure.
type Return struct {
	ContractRef  string
	Period       time.Time
	MeasureCode  string
	Value        float64
	SupplierName string
	Evidence     string
	Notes        string
	Location     string
	ValueCell    string
	// SupplierWarning, under SupplierWarn, says the supplier_name given is
	// not the register's supplier for the contract (the row loads).
	SupplierWarning string
}

// ProxyValue is the £ value of one unit of a measure, from a named table.
type ProxyValue struct {
	MeasureCode string
	GBPPerUnit  float64
	Source      string
	Year        int
}

// Priority is one of the hub's priorities for an ICS: a 2025 mission or an
// outcome ("4", "2025.4" or "2020.4").
type Priority struct {
	ICSCode, OutcomeCode, Mission, Priority string
}

// ContractInfo is what later rows need to know about a contract.
type ContractInfo struct {
	Ref        string // as registered
	Model      string
	Start, End time.Time
	// What a later register row changing them must report.
	SupplierName, TrustCode string
	ValueGBP                float64
}

// MeasureInfo is what rows need to know about a measure.
type MeasureInfo struct {
	Code, Model, Name, Unit, Aggregation string
}

// Refs are the known trusts, contracts and measures, keyed by upper-cased
// code so "ney-2025-0042" finds "NEY-2025-0042".
type Refs struct {
	Trusts    map[string]string // key → code as registered
	Contracts map[string]ContractInfo
	Measures  map[string]MeasureInfo
	// byName maps model → schema.Key(measure name) → codes.
	byName map[string]map[string][]string
	// Month is the reference month (first day): returns for later months
	// are refused as in the future. Zero: no check.
	Month time.Time
	// hints are nearestContract's answers while Contracts has hintsFor
	// entries; returns sheets are checked on several goroutines at once.
	hintsMu         sync.Mutex
	hints           map[string]string
	hintsFor        int
	sortedContracts []string
	codeHints       map[string]string // codeLike's answers, by header
	// Suppliers says what a return naming another supplier than the
	// register's for its contract does (refused unless SupplierWarn).
	Suppliers     SupplierCheck
	bySupplier    map[string][]string // SupplierKey → contract refs, sorted
	bySupplierFor int
}

// NewRefs makes empty reference sets.
func NewRefs() *Refs {
	return &Refs{Trusts: map[string]string{}, Contracts: map[string]ContractInfo{}, Measures: map[string]MeasureInfo{}, byName: map[string]map[string][]string{}}
}

// AddMeasure registers a taxonomy measure.
func (r *Refs) AddMeasure(m MeasureInfo) {
	r.Measures[key(m.Code)] = m
	if r.byName[m.Model] == nil {
		r.byName[m.Model] = map[string][]string{}
	}
	k := schema.Key(m.Name)
	r.byName[m.Model][k] = append(r.byName[m.Model][k], m.Code)
}

// IsMeasure tells whether a header names a taxonomy measure, by code or
// by full name (for wide returns, one column per measure).
func (r *Refs) IsMeasure(header string) bool {
	if _, ok := r.Measures[key(header)]; ok {
		return true
	}
	k := schema.Key(header)
	for _, names := range r.byName {
		if len(names[k]) > 0 {
			return true
		}
	}
	return false
}

func key(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// CellName gives the spreadsheet address of a 0-based column in a row.
func CellName(col, row int) string {
	if row < 0 || col < 0 || col > 1<<20 {
		return colName(col) + strconv.Itoa(row)
	}
	var b [32]byte // one string, not one per letter
	i := len(b)
	for r := row; ; r /= 10 {
		i--
		b[i] = byte('0' + r%10)
		if r < 10 {
			break
		}
	}
	for n := col + 1; n > 0; n = (n - 1) / 26 {
		i--
		b[i] = byte('A' + (n-1)%26)
	}
	return string(b[i:])
}

func colName(col int) string {
	name := ""
	for n := col + 1; n > 0; n = (n - 1) / 26 {
		name = string(rune('A'+(n-1)%26)) + name
	}
	return name
}

// ParseOrg validates an organisations row.
func ParseOrg(h *schema.Header, number int, cells []string) (Org, []Problem) {
	r := newRow(h, number, cells)
	o := Org{
		TrustCode:  strings.ToUpper(r.requiredText("trust_code")),
		TrustName:  r.requiredText("trust_name"),
		ICSCode:    strings.ToUpper(r.requiredText("ics_code")),
		ICSName:    r.text("ics_name"),
		RegionCode: strings.ToUpper(r.requiredText("region_code")),
		RegionName: r.text("region_name"),
	}
	return o, r.problems
}

// listMeasures is where a message about an unknown measure points. The
// message reaches suppliers' feedback and the board pack's Rejected rows,
// so it names the documents they hold, not a command (issue 20: no CLI
// text on board-facing sheets); the analyst has the measures view.
const listMeasures = "the measure codes of the contract's return template, Commitments sheet, or the hub's taxonomy"

// resolveMeasure finds a measure by code, or by full name within a model.
func (refs *Refs) resolveMeasure(text, model string) (MeasureInfo, string) {
	if m, ok := refs.Measures[key(text)]; ok {
		return m, ""
	}
	codes := refs.byName[model][schema.Key(text)]
	switch len(codes) {
	case 1:
		return refs.Measures[key(codes[0])], ""
	case 0:
		if model == "" {
			return MeasureInfo{}, fmt.Sprintf("unknown measure %q: not a measure code of the taxonomy (see %s)", text, listMeasures)
		}
		return MeasureInfo{}, fmt.Sprintf("unknown measure %q: not a measure code or name of the %s model (see %s)", text, model, listMeasures)
	default:
		return MeasureInfo{}, fmt.Sprintf("ambiguous measure name %q: it matches %s; use the measure code", text, strings.Join(codes, ", "))
	}
}

// ParseCommitment validates a commitment row. A blank or non-numeric target
// still loads (as a vague commitment, flagged later), and so does a measure
// outside the taxonomy: both are findings about the commitment, not errors
// in the file.
func ParseCommitment(h *schema.Header, number int, cells []string, refs *Refs) (Commitment, []Problem) {
	r := newRow(h, number, cells)
	c := Commitment{
		Unit:         r.text("unit"),
		Frequency:    strings.ToLower(r.text("frequency")),
		DeliveryPlan: r.text("delivery_plan"),
		Location:     r.text("location"),
	}
	var info ContractInfo
	if ref := r.requiredText("contract_ref"); ref != "" {
		var ok bool
		info, ok = refs.Contracts[key(ref)]
		if !ok {
			r.failHint("contract_ref", fmt.Sprintf("unknown contract %q: it is not in the contract register", ref), refs.nearestContract(ref))
		}
		c.ContractRef = info.Ref
	}
	if code := r.requiredText("measure_code"); code != "" {
		m, _ := refs.resolveMeasure(code, info.Model)
		if m.Code != "" {
			c.MeasureCode = m.Code
		} else {
			c.MeasureCode = strings.ToUpper(code)
		}
	}
	if n, err := value.NumberIn(r.raw("target"), decimals(h, "target")); err == nil {
		c.Target = &n
	}
	c.PeriodFrom = r.date("period_from", false)
	c.PeriodTo = r.date("period_to", false)
	if c.PeriodFrom != nil && c.PeriodTo != nil && c.PeriodTo.Before(*c.PeriodFrom) {
		r.fail("period_to", "the commitment period ends before it starts")
	}
	return c, r.problems
}

// ParseProxyValue validates a proxy_values row: a known measure, a £ value
// of 0 or more, and the table's source and year (every £ figure names them).
func ParseProxyValue(h *schema.Header, number int, cells []string, refs *Refs) (ProxyValue, []Problem) {
	r := newRow(h, number, cells)
	pv := ProxyValue{Source: r.requiredText("source")}
	if code := r.requiredText("measure_code"); code != "" {
		m, ok := refs.Measures[key(code)]
		if !ok {
			r.fail("measure_code", fmt.Sprintf("unknown measure %q: proxy values are for taxonomy measure codes (see %s)", code, listMeasures))
		}
		pv.MeasureCode = m.Code
	}
	if v := r.number("gbp_per_unit", true); v != nil {
		if *v < 0 {
			r.fail("gbp_per_unit", "expected £ per unit of 0 or more")
		}
		pv.GBPPerUnit = *v
	}
	if y := r.number("year", true); y != nil {
		if *y != float64(int(*y)) || *y < 1990 || *y > 2100 {
			r.fail("year", "expected the year the values are for, such as 2025")
		}
		pv.Year = int(*y)
	}
	return pv, r.problems
}

// ParsePriority validates a priorities row: an ICS, and an outcome or a
// mission (not both), with a priority such as high, medium, low or a rank.
func ParsePriority(h *schema.Header, number int, cells []string) (Priority, []Problem) {
	r := newRow(h, number, cells)
	p := Priority{
		ICSCode:     strings.ToUpper(r.requiredText("ics_code")),
		OutcomeCode: r.text("outcome_code"),
		Mission:     r.text("mission"),
		Priority:    strings.ToLower(r.requiredText("priority")),
	}
	if value.IsNoValue(p.OutcomeCode) {
		p.OutcomeCode = ""
	}
	if value.IsNoValue(p.Mission) {
		p.Mission = ""
	}
	switch {
	case p.OutcomeCode == "" && p.Mission == "":
		r.fail("outcome_code", "expected an outcome (such as 4 or 2020.4) or a mission (such as M2 or its name)")
	case p.OutcomeCode != "" && p.Mission != "":
		r.fail("mission", "give an outcome or a mission, not both, on one row")
	}
	return p, r.problems
}
