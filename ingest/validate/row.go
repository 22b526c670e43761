package validate

// This file holds the reading of one row's cells by column: text, numbers
// and dates, each problem with its column and cell.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/value"
)

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

// yesNo reads an optional yes/no column: nil when blank or "n/a".
func (r *rowReader) yesNo(col string) *bool {
	t := r.text(col)
	if t == "" || value.IsNoValue(t) {
		return nil
	}
	b, err := value.Bool(t)
	if err != nil {
		r.fail(col, err.Error())
		return nil
	}
	return &b
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
