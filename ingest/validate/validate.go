// Package validate turns one parsed row of a recognised sheet into a typed
// record, or into the problems that keep it out, each naming its column and
// cell. It checks references (trust, contract, measure) against Refs, which
// the loader keeps up to date as rows are accepted. It never reads files
// and never writes the database.
package validate

import (
	"errors"
	"fmt"
	"maps"
	"slices"
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

// rowReader reads the canonical columns of one row and collects problems.
type rowReader struct {
	h        *schema.Header
	cells    []string
	row      int
	problems []Problem
	// unit is the measure's unit while a return's value is read, for the
	// message of a value that is a date ("needs a number of hours").
	unit string
}

// raw is the untrimmed text of a column ("" when the sheet lacks it).
func (r *rowReader) raw(col string) string {
	i, ok := r.h.Columns[col]
	if ok && i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

// cell is the address of a column's cell ("" when the sheet lacks it),
// built only for what needs it: a problem, or a return's value cell.
func (r *rowReader) cell(col string) string {
	if i, ok := r.h.Columns[col]; ok {
		return CellName(i, r.row)
	}
	return ""
}

func (r *rowReader) fail(col, reason string) {
	r.failHint(col, reason, "")
}

func (r *rowReader) failHint(col, reason, hint string) {
	r.problems = append(r.problems, Problem{Column: col, Cell: r.cell(col), Value: r.raw(col), Reason: reason, Hint: hint})
}

func (r *rowReader) text(col string) string {
	return strings.TrimSpace(r.raw(col))
}

func (r *rowReader) requiredText(col string) string {
	t := r.text(col)
	if t == "" || value.IsNoValue(t) {
		r.failHint(col, "required: expected a value, the cell is empty", "fill in the cell")
		return ""
	}
	return t
}

// NumberColumns are the columns of each kind read as amounts (a wide
// return's measure columns are too): an xlsx cell there with a date or
// time format holds a date, not an amount.
var NumberColumns = map[schema.Kind][]string{
	schema.Contracts:   {"value_gbp", "sv_weighting_pct"},
	schema.Commitments: {"target"},
	schema.Returns:     {"value"},
	schema.ProxyValues: {"gbp_per_unit", "year"},
}

// decimals is how the sheet writes its decimal mark in column col: the
// file's convention, unless the column's own values show which mark it
// uses (schema.Header.Shown) and show only one.
func decimals(h *schema.Header, col string) value.Decimals {
	if !h.DecimalComma {
		return value.DecimalPoint
	}
	i, ok := h.Columns[col]
	if !ok {
		return value.DecimalComma
	}
	switch e := h.Shown[i]; {
	case e.Point != "" && e.Comma == "":
		return value.DecimalPoint
	case e.Comma != "" && e.Point == "":
		return value.DecimalCommaShown
	}
	return value.DecimalComma
}

// ambiguity says, for a number refused as ambiguous in a decimal-comma
// file, what the column showed: nothing, or both conventions.
func ambiguity(h *schema.Header, col string) string {
	e := h.Shown[h.Columns[col]]
	if e.Point != "" && e.Comma != "" {
		return fmt.Sprintf("; this column writes numbers both ways (%s has a decimal point, %s a decimal comma), so svhub cannot tell which this is", e.Point, e.Comma)
	}
	return "; no other value in this column shows which (such as 1,500.00 or 12,5)"
}

func (r *rowReader) number(col string, required bool) *float64 {
	n, err := value.NumberIn(r.raw(col), decimals(r.h, col))
	if errors.Is(err, value.ErrNoValue) {
		if required {
			r.failHint(col, "required: expected a number, the cell is empty", "fill in the amount (0 if nothing was delivered)")
		}
		return nil
	}
	if err == nil {
		return &n
	}
	if what, ok := value.DateLike(r.raw(col)); ok {
		// A date-formatted xlsx cell comes as the date it shows (markCells
		// in ingest), so 46295 is refused as 30 Sep 2026, not loaded.
		needs := "a number"
		if r.unit != "" {
			needs = "a number of " + UnitWords(r.unit)
		}
		r.failHint(col, fmt.Sprintf("this cell is a %s (%s); the %s column needs %s", what, strings.TrimSpace(r.raw(col)), col, needs),
			"type the figure as a plain number, and set the cell's format to Number or General")
		return nil
	}
	hint := "write a plain number such as 1250 or 1,250.50"
	if r.h.DecimalComma {
		hint = "write a plain number such as 1250 or 1250,50"
	}
	reason := err.Error()
	if ve := (*value.Error)(nil); errors.As(err, &ve) && (ve.Reason == value.ReasonAmbiguousPoint || ve.Reason == value.ReasonAmbiguousThree) {
		reason += ambiguity(r.h, col)
	}
	r.failHint(col, reason, hint)
	return nil
}

func (r *rowReader) date(col string, required bool) *time.Time {
	d, err := value.Date(r.raw(col))
	if errors.Is(err, value.ErrNoValue) {
		if required {
			r.fail(col, "required: expected a date such as 2026-04-30 or 30/04/2026, the cell is empty")
		}
		return nil
	}
	if err != nil {
		r.failHint(col, err.Error(), "write the date as 30/04/2026 (day first) or 2026-04-30")
		return nil
	}
	return &d
}

func newRow(h *schema.Header, number int, cells []string) *rowReader {
	r := &rowReader{h: h, cells: cells, row: number}
	if p, ok := overflow(h, number, cells); ok {
		r.problems = append(r.problems, p)
	}
	return r
}

// overflow refuses a delimited row with more fields than its header:
// dropping the fields would lose what the supplier wrote, and the named
// fields may have moved along ("Stage 1,2" unquoted in notes puts 2 in
// the value column).
func overflow(h *schema.Header, number int, cells []string) (Problem, bool) {
	over := h.Overflow(cells)
	if over == nil || h.Delimiter == 0 {
		return Problem{}, false
	}
	sep, name := string(h.Delimiter), fmt.Sprintf("%q", h.Delimiter)
	if h.Delimiter == '\t' {
		name = "tab"
	}
	return Problem{Cell: CellName(len(h.Names), number), Value: strings.Join(over, sep),
		Reason: fmt.Sprintf("this row has %d fields but the header has %d, so its values may have moved along (a %s inside a value that is not in quotes?); the row was not loaded",
			len(cells), len(h.Names), name),
		Hint: fmt.Sprintf("put quotes around any value holding a %s, or give the extra fields a header", name)}, true
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

// ParseContract validates a contract row; its trust must be known.
func ParseContract(h *schema.Header, number int, cells []string, refs *Refs) (Contract, []Problem) {
	r := newRow(h, number, cells)
	c := Contract{
		Ref:          r.requiredText("contract_ref"),
		SupplierName: r.requiredText("supplier_name"),
		SupplierID:   r.text("supplier_id"),
		Title:        r.text("title"),
		Category:     r.text("category"),
		LocalArea:    r.text("local_area"),
	}
	if t := r.requiredText("trust_code"); t != "" {
		code, ok := refs.Trusts[key(t)]
		if !ok {
			r.fail("trust_code", fmt.Sprintf("unknown trust %q: it is not in the organisations table; load an organisations file that lists it", t))
		}
		c.TrustCode = code
	}
	if v := r.number("value_gbp", true); v != nil {
		if *v < 0 {
			r.fail("value_gbp", "expected a contract value of £0 or more")
		}
		c.ValueGBP = *v
	}
	if w := r.number("sv_weighting_pct", true); w != nil {
		if *w < 0 || *w > 100 {
			r.fail("sv_weighting_pct", "expected a percentage between 0 and 100 (10 or 10% means 10%)")
		}
		c.SVWeightingPct = *w
	}
	start, end := r.date("start_date", true), r.date("end_date", true)
	if start != nil && end != nil {
		c.Start, c.End = *start, *end
		if end.Before(*start) {
			r.fail("end_date", fmt.Sprintf("the contract ends (%s) before it starts (%s)", end.Format("2 Jan 2006"), start.Format("2 Jan 2006")))
		}
	}
	if m := r.text("model"); m != "" && !value.IsNoValue(m) {
		switch {
		case strings.Contains(m, "2020"):
			c.Model = "2020"
		case strings.Contains(m, "2025"):
			c.Model = "2025"
		default:
			r.fail("model", fmt.Sprintf("expected the Social Value Model year, 2020 or 2025, got %q", m))
		}
	} else if start != nil {
		c.Model = DefaultModel(*start)
	}
	c.EffectiveFrom = r.date("effective_from", false)
	if t := r.text("crp_published"); t != "" && !value.IsNoValue(t) {
		b, err := value.Bool(t)
		if err != nil {
			r.fail("crp_published", err.Error())
		} else {
			c.CRPPublished = &b
		}
	}
	if t := r.text("carbon_plan"); t != "" && !value.IsNoValue(t) {
		p, ok := carbonPlan(t)
		if !ok {
			r.fail("carbon_plan", fmt.Sprintf("expected crp (a Carbon Reduction Plan), nzc (a Net Zero Commitment) or none, got %q", t))
		}
		c.CarbonPlan = p
	}
	if t := r.text("framework"); t != "" && !value.IsNoValue(t) {
		b, err := value.Bool(t)
		if err != nil {
			r.fail("framework", err.Error())
		} else {
			c.Framework = &b
		}
	}
	if p := r.date("procured_on", false); p != nil {
		c.ProcuredOn = p
		if start != nil && p.After(*start) {
			r.fail("procured_on", fmt.Sprintf("the procurement starts (%s) after the contract does (%s); procured_on is the day the procurement began",
				p.Format("2 Jan 2006"), start.Format("2 Jan 2006")))
		}
	}
	return c, r.problems
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
			return MeasureInfo{}, fmt.Sprintf("unknown measure %q: not a measure code of the taxonomy (see `svhub query \"select * from measures\"`)", text)
		}
		return MeasureInfo{}, fmt.Sprintf("unknown measure %q: not a measure code or name of the %s model (see `svhub query \"select * from measures\"`)", text, model)
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

// ParseReturn validates a long-format return row. The contract and the
// measure must be known and the month inside the contract's term.
func ParseReturn(h *schema.Header, number int, cells []string, refs *Refs) (Return, []Problem) {
	r := newRow(h, number, cells)
	ret := Return{
		SupplierName: r.text("supplier_name"),
		Evidence:     r.text("evidence"),
		Notes:        r.text("notes"),
		Location:     r.text("location"),
	}
	var info ContractInfo
	known := false
	if ref := r.requiredText("contract_ref"); ref != "" {
		info, known = refs.Contracts[key(ref)]
		if !known {
			r.failHint("contract_ref", fmt.Sprintf("unknown contract %q: it is not in the contract register", ref), refs.nearestContract(ref))
		}
		ret.ContractRef = info.Ref
	}
	if known && !value.IsNoValue(ret.SupplierName) {
		ret.SupplierWarning = r.checkSupplier(refs, ret.SupplierName, info)
	}
	p, err := value.Period(r.raw("period"))
	switch {
	case errors.Is(err, value.ErrNoValue):
		r.failHint("period", "required: expected a month such as 2026-04 or Apr 2026, the cell is empty", "fill in the month the figure is for")
	case err != nil:
		r.failHint("period", err.Error(), "write the month as 2026-04 or Apr 2026")
	default:
		ret.Period = p
		switch {
		case !refs.Month.IsZero() && p.After(refs.Month):
			r.failHint("period", fmt.Sprintf("period is in the future: %s is after this month (%s)", p.Format("Jan 2006"), refs.Month.Format("Jan 2006")),
				"check the year: a return is for a month that has ended or is under way")
		case known && (p.Before(monthOf(info.Start)) || p.After(info.End)):
			r.failHint("period", fmt.Sprintf("%s is outside the contract's term (%s to %s)", p.Format("Jan 2006"), info.Start.Format("Jan 2006"), info.End.Format("Jan 2006")),
				"check the month, or the contract's dates in the register")
		}
	}
	var m MeasureInfo
	if code := r.requiredText("measure_code"); code != "" {
		var why string
		m, why = refs.resolveMeasure(code, info.Model)
		if why != "" {
			r.failHint("measure_code", why, refs.nearestMeasure(code))
		}
		ret.MeasureCode = m.Code
	}
	r.unit = m.Unit
	if v := r.number("value", true); v != nil {
		switch {
		case *v < 0:
			r.failHint("value", "expected an amount delivered of 0 or more", "write what was delivered in the month; a correction is sent as a new figure, not a negative one")
		case m.Unit == "pct" && *v > 100:
			r.failHint("value", fmt.Sprintf("%s is a percentage: expected 0 to 100", m.Code), "write the share out of 100, such as 85 or 85%")
		case m.Code != "" && m.Unit != "pct" && strings.Contains(r.raw("value"), "%"):
			// The number parser only strips a % (percentages are kept on a
			// 0–100 scale), so "12%" of a count would load as 12 people.
			r.failHint("value", fmt.Sprintf("%s is measured in %s, not as a percentage, so a %% sign has no meaning here", m.Code, UnitWords(m.Unit)),
				"write the figure without %, or check the measure code")
		}
		ret.Value = *v
	}
	ret.ValueCell = r.cell("value")
	return ret, r.problems
}

// UnitWords names a measure's unit in words for messages ("hours",
// "full-time equivalents (FTE)").
func UnitWords(unit string) string {
	switch strings.ToLower(unit) {
	case "pct":
		return "percent (0 to 100)"
	case "fte":
		return "full-time equivalents (FTE)"
	case "gbp":
		return "pounds (£)"
	case "count":
		return "count (people or things)"
	case "tco2e":
		return "tonnes of CO2 equivalent (tCO2e)"
	case "":
		return "its unit"
	}
	return unit
}

// WideRow is one wide return row (one column per measure) read.
type WideRow struct {
	// Returns holds one Return per measure cell whose value is good, and
	// Index the 0-based cell index each came from.
	Returns []Return
	Index   []int
	// RowProblems are problems of the row as a whole (its contract or
	// month): none of the row's values can load.
	RowProblems []Problem
	// CellProblems are problems of single measure cells, each naming the
	// measure column as headed: only that cell's value is refused, the
	// row's other measures load.
	CellProblems []Problem
	// Blank: no measure cell holds a value (a template row not filled in),
	// so the row is nothing to load and nothing to refuse.
	Blank bool
}

// ParseWideReturn validates a wide return row: one Return per measure column
// with a value; blank measure cells are no return for that measure.
// Problems with the contract or period are reported once for the row.
func ParseWideReturn(h *schema.Header, number int, cells []string, refs *Refs) WideRow {
	idx := make([]int, 0, len(h.Measures))
	for i := range h.Measures {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	var (
		w      WideRow
		seen   = map[string]bool{}
		filled bool
	)
	for _, i := range slices.Sorted(maps.Keys(h.Extra)) {
		name := h.Extra[i]
		// A column headed like a measure code that is not one (SVM2O.6.3,
		// a letter O): its value would sit in extra, counted nowhere.
		if i >= len(cells) || value.IsNoValue(cells[i]) {
			continue
		}
		model := ""
		if ref, ok := h.Col(cells, "contract_ref"); ok {
			model = refs.Contracts[key(ref)].Model
		}
		if hint, ok := refs.codeLike(name, model); ok {
			filled = true
			w.CellProblems = append(w.CellProblems, Problem{Column: name, Cell: CellName(i, number), Value: cells[i],
				Reason: fmt.Sprintf("the column %q looks like a measure code but is not one of the taxonomy, so its value cannot be counted", name), Hint: hint})
		}
	}
	for _, i := range idx {
		if i >= len(cells) || value.IsNoValue(cells[i]) {
			continue
		}
		filled = true
		// Read the measure column as a long row: the header names the
		// measure, the cell holds its value.
		lh := *h
		lh.Delimiter = 0 // the row's own fields are checked once, below
		lh.Columns = maps.Clone(h.Columns)
		lh.Columns["value"] = i
		lh.Columns["measure_code"] = len(cells)
		ret, pr := ParseReturn(&lh, number, append(slices.Clone(cells), h.Measures[i]), refs)
		cellBad := false
		for _, p := range pr {
			if p.Column == "value" || p.Column == "measure_code" {
				// The value, or the measure its header names: this cell only.
				p.Column, p.Cell, p.Value = h.Measures[i], CellName(i, number), cells[i]
				w.CellProblems = append(w.CellProblems, p)
				cellBad = true
				continue
			}
			k := p.Column + "\x00" + p.Cell + "\x00" + p.Reason
			if !seen[k] {
				seen[k] = true
				w.RowProblems = append(w.RowProblems, p)
			}
		}
		if !cellBad {
			w.Returns = append(w.Returns, ret)
			w.Index = append(w.Index, i)
		}
	}
	if p, ok := overflow(h, number, cells); ok {
		w.RowProblems = append(w.RowProblems, p)
	}
	if len(w.RowProblems) > 0 {
		w.Returns, w.Index = nil, nil
	}
	w.Blank = !filled && len(w.RowProblems) == 0
	return w
}

func monthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// ParseProxyValue validates a proxy_values row: a known measure, a £ value
// of 0 or more, and the table's source and year (every £ figure names them).
func ParseProxyValue(h *schema.Header, number int, cells []string, refs *Refs) (ProxyValue, []Problem) {
	r := newRow(h, number, cells)
	pv := ProxyValue{Source: r.requiredText("source")}
	if code := r.requiredText("measure_code"); code != "" {
		m, ok := refs.Measures[key(code)]
		if !ok {
			r.fail("measure_code", fmt.Sprintf("unknown measure %q: proxy values are for taxonomy measure codes (see `svhub query \"select * from measures\"`)", code))
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
