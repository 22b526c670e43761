package validate

// This file holds a return row's checks, long (one measure a row) and wide
// (one column per measure).

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/value"
)

// ParseReturn validates a long-format return row. The contract and the
// measure must be known and the month inside the contract's term. Its
// checks run one per column, in the order their problems are listed
// (called directly, not from a table: this is the hot path of a load).
func ParseReturn(h *schema.Header, number int, cells []string, refs *Refs) (Return, []Problem) {
	rr := returnRow{rowReader: newRow(h, number, cells), refs: refs}
	rr.ret = Return{
		SupplierName: rr.text("supplier_name"),
		Evidence:     rr.text("evidence"),
		Notes:        rr.text("notes"),
		Location:     rr.text("location"),
	}
	rr.contract()
	rr.period()
	rr.measure()
	rr.value()
	rr.ret.ValueCell = rr.cell("value")
	return rr.ret, rr.problems
}

// returnRow is a return row being read.
type returnRow struct {
	*rowReader
	refs  *Refs
	ret   Return
	info  ContractInfo // the contract's, when known
	known bool
	m     MeasureInfo
}

// contract: a contract of the register and, when the row names its
// supplier, the register's supplier for it (see checkSupplier).
func (rr *returnRow) contract() {
	if ref := rr.requiredText("contract_ref"); ref != "" {
		rr.info, rr.known = rr.refs.Contracts[key(ref)]
		if !rr.known {
			rr.failHint("contract_ref", fmt.Sprintf("unknown contract %q: it is not in the contract register", ref), rr.refs.nearestContract(ref))
		}
		rr.ret.ContractRef = rr.info.Ref
	}
	if rr.known && !value.IsNoValue(rr.ret.SupplierName) {
		rr.ret.SupplierWarning = rr.checkSupplier(rr.refs, rr.ret.SupplierName, rr.info)
	}
}

// period: a month, not after the reporting month, inside the contract's
// term.
func (rr *returnRow) period() {
	p, err := value.Period(rr.raw("period"))
	switch {
	case errors.Is(err, value.ErrNoValue):
		rr.failHint("period", "required: expected a month such as 2026-04 or Apr 2026, the cell is empty", "fill in the month the figure is for")
		return
	case err != nil:
		rr.failHint("period", err.Error(), "write the month as 2026-04 or Apr 2026")
		return
	}
	rr.ret.Period = p
	switch {
	case !rr.refs.Month.IsZero() && p.After(rr.refs.Month):
		rr.failHint("period", fmt.Sprintf("period is in the future: %s is after this month (%s)", p.Format("Jan 2006"), rr.refs.Month.Format("Jan 2006")),
			"check the year: a return is for a month that has ended or is under way")
	case rr.known && (p.Before(monthOf(rr.info.Start)) || p.After(rr.info.End)):
		rr.failHint("period", fmt.Sprintf("%s is outside the contract's term (%s to %s)", p.Format("Jan 2006"), rr.info.Start.Format("Jan 2006"), rr.info.End.Format("Jan 2006")),
			"check the month, or the contract's dates in the register")
	}
}

// measure: a measure code, or a measure's name in the contract's model.
func (rr *returnRow) measure() {
	if code := rr.requiredText("measure_code"); code != "" {
		var why string
		rr.m, why = rr.refs.resolveMeasure(code, rr.info.Model)
		if why != "" {
			rr.failHint("measure_code", why, rr.refs.nearestMeasure(code))
		}
		rr.ret.MeasureCode = rr.m.Code
	}
	rr.unit = rr.m.Unit
}

// value: an amount of 0 or more, in the measure's unit.
func (rr *returnRow) value() {
	v := rr.number("value", true)
	if v == nil {
		return
	}
	m := rr.m
	switch {
	case *v < 0:
		rr.failHint("value", "expected an amount delivered of 0 or more", "write what was delivered in the month; a correction is sent as a new figure, not a negative one")
	case m.Unit == "pct" && *v > 100:
		rr.failHint("value", fmt.Sprintf("%s is a percentage: expected 0 to 100", m.Code), "write the share out of 100, such as 85 or 85%")
	case m.Code != "" && m.Unit != "pct" && strings.Contains(rr.raw("value"), "%"):
		// The number parser only strips a % (percentages are kept on a
		// 0–100 scale), so "12%" of a count would load as 12 people.
		rr.failHint("value", fmt.Sprintf("%s is measured in %s, not as a percentage, so a %% sign has no meaning here", m.Code, UnitWords(m.Unit)),
			"write the figure without %, or check the measure code")
	}
	rr.ret.Value = *v
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
	var w WideRow
	filled := w.codeLike(h, number, cells, refs)
	seen := map[string]bool{}
	for _, i := range idx {
		if i >= len(cells) || value.IsNoValue(cells[i]) {
			continue
		}
		filled = true
		w.measure(h, number, cells, refs, i, seen)
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

// codeLike refuses the filled cells of columns headed like a measure code
// that is not one (SVM2O.6.3, a letter O): their values would sit in
// extra, counted nowhere. It says whether there was one.
func (w *WideRow) codeLike(h *schema.Header, number int, cells []string, refs *Refs) (filled bool) {
	for _, i := range slices.Sorted(maps.Keys(h.Extra)) {
		name := h.Extra[i]
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
	return filled
}

// measure reads measure column i as a long row (the header names the
// measure, the cell holds its value): a problem with the value or the
// measure refuses this cell only; one with the row's own columns is the
// row's, listed once (seen).
func (w *WideRow) measure(h *schema.Header, number int, cells []string, refs *Refs, i int, seen map[string]bool) {
	lh := *h
	lh.Delimiter = 0 // the row's own fields are checked once, by the caller
	lh.Columns = maps.Clone(h.Columns)
	lh.Columns["value"] = i
	lh.Columns["measure_code"] = len(cells)
	ret, pr := ParseReturn(&lh, number, append(slices.Clone(cells), h.Measures[i]), refs)
	cellBad := false
	for _, p := range pr {
		if p.Column == "value" || p.Column == "measure_code" {
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

func monthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
