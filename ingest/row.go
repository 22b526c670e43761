package ingest

// This file holds one row's parse: its cells made honest (percent styles,
// booleans, uncalculated formulas), its typed record and its key.

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
)

// extraJSON keeps the columns svhub does not use, so nothing a supplier
// wrote is lost: {"header": "cell text"}, blank cells left out, and cells
// with no header under "column G" (schema.Header.ExtraCells).
func extraJSON(h *schema.Header, cells []string) any {
	m := h.ExtraCells(cells)
	if len(m) == 0 {
		return nil
	}
	b, err := json.Marshal(m) // keys sorted: the same row gives the same text
	if err != nil {
		return nil
	}
	return string(b)
}

// prepare parses one row of a recognised sheet: all of a row's checks that
// depend on nothing read before it.
func prepare(s *source, sh *sheet, refs *validate.Refs, r tabular.Row) prepared {
	if r.Problem != "" {
		return prepared{r: r}
	}
	scalePercentCells(s.f, sh, &r)
	rowPre, cellPre := markCells(s.f, sh, &r)
	return prepared{r: r, rowPre: rowPre, cellPre: cellPre, pr: parseRow(sh.header, r, refs)}
}

// record wraps a validated record with its row number, its key (one per
// file) and the row's other columns (JSON), which are kept as provenance.
// A measure of a wide row also names its column, cell and text, so that a
// problem with it refuses that cell only.
type record struct {
	prov                *provenance
	row                 int
	v                   any
	key                 dupKey
	extra               any // JSON text or nil
	column, cell, value string
}

// parsed is one row read: its records, the problems that refuse the whole
// row, and (wide returns) the problems that refuse one cell each.
type parsed struct {
	recs                   []record
	problems, cellProblems []validate.Problem
	blank                  bool // a wide row with no measure filled in
}

// dupKey is a record's key within a file, typed so that checking a row
// for a duplicate builds no string: up to three text parts and, for a
// return, its month.
type dupKey struct {
	a, b, c string
	month   int32 // returns: year*12 + month; 0 otherwise
	n       int8  // how many text parts the key has
}

// String writes the key as a duplicate's message shows it: its parts
// joined by " / " (a return's month as 2026-04, between its contract and
// its measure).
func (k dupKey) String() string {
	if k.month != 0 {
		y, m := k.month/12, k.month%12
		if m == 0 {
			y, m = y-1, 12
		}
		return fmt.Sprintf("%s / %04d-%02d / %s", k.a, y, m, k.b)
	}
	return strings.Join([]string{k.a, k.b, k.c}[:k.n], " / ")
}

func returnKey(v validate.Return) dupKey {
	return dupKey{a: v.ContractRef, b: v.MeasureCode, month: int32(v.Period.Year()*12 + int(v.Period.Month())), n: 3}
}

func parseRow(h *schema.Header, r tabular.Row, refs *validate.Refs) parsed {
	one := func(v any, key dupKey, pr []validate.Problem) parsed {
		return parsed{recs: []record{{row: r.Number, v: v, key: key}}, problems: pr}
	}
	switch h.Kind {
	case schema.Organisations:
		v, pr := validate.ParseOrg(h, r.Number, r.Cells)
		return one(v, dupKey{a: v.TrustCode, n: 1}, pr)
	case schema.Contracts:
		v, pr := validate.ParseContract(h, r.Number, r.Cells, refs)
		if v.EffectiveFrom != nil {
			// a register with dates may give a contract's rows at each
			// date it changed (its history): one key per date
			return one(v, dupKey{a: strings.ToUpper(v.Ref), b: "from " + v.EffectiveFrom.Format("2006-01-02"), n: 2}, pr)
		}
		return one(v, dupKey{a: strings.ToUpper(v.Ref), n: 1}, pr)
	case schema.Commitments:
		v, pr := validate.ParseCommitment(h, r.Number, r.Cells, refs)
		return one(v, dupKey{a: v.ContractRef, b: v.MeasureCode, n: 2}, pr)
	case schema.Returns:
		if h.Wide {
			w := validate.ParseWideReturn(h, r.Number, r.Cells, refs)
			out := parsed{problems: w.RowProblems, cellProblems: w.CellProblems, blank: w.Blank}
			for j, v := range w.Returns {
				i := w.Index[j]
				out.recs = append(out.recs, record{row: r.Number, v: v, key: returnKey(v), column: h.Measures[i], cell: v.ValueCell, value: r.Cells[i]})
			}
			return out
		}
		v, pr := validate.ParseReturn(h, r.Number, r.Cells, refs)
		return one(v, returnKey(v), pr)
	case schema.ProxyValues:
		v, pr := validate.ParseProxyValue(h, r.Number, r.Cells, refs)
		return one(v, dupKey{a: v.MeasureCode, n: 1}, pr)
	case schema.Priorities:
		v, pr := validate.ParsePriority(h, r.Number, r.Cells)
		return one(v, dupKey{a: v.ICSCode, b: v.OutcomeCode, c: strings.ToLower(v.Mission), n: 3}, pr)
	case schema.HubLog:
		v, blank, pr := validate.ParseHubLog(h, r.Number, r.Cells, refs)
		if blank {
			return parsed{blank: true} // an item nobody acted on this month
		}
		return one(v, dupKey{a: v.Key, b: v.LogMonth.Format("2006-01"), n: 2}, pr)
	}
	return parsed{problems: []validate.Problem{{Reason: "unsupported table kind " + string(h.Kind)}}}
}

// markCells catches xlsx cells whose raw text misleads: a TRUE/FALSE cell
// reads "1"/"0" and would pass as a number, so it is given its words (which
// the number parser refuses and the yes/no parser accepts); a formula Excel
// never calculated reads as empty, which is reported for what it is. It
// returns the problems of the row's named columns and, apart, those of a
// wide row's measure cells (each refuses that cell only).
func markCells(f *tabular.File, sh *sheet, r *tabular.Row) (row, cells []validate.Problem) {
	if f.Format != "xlsx" {
		return nil, nil
	}
	check := func(i int, col string, out *[]validate.Problem) {
		text := ""
		if i < len(r.Cells) {
			text = strings.TrimSpace(r.Cells[i])
		}
		if r.Kind(i) == tabular.CellDate && (sh.header.Measures[i] != "" || slices.Contains(validate.NumberColumns[sh.header.Kind], col)) {
			// A date serial in a number column is the date it shows, which
			// the number parser refuses as such (not 46,295 hours).
			r.Cells[i] = tabular.DateText(r.Cells[i])
		}
		switch text {
		case "0", "1":
			if r.Kind(i) == tabular.CellBool {
				r.Cells[i] = "FALSE"
				if text == "1" {
					r.Cells[i] = "TRUE"
				}
			}
		case "":
			if r.Kind(i) == tabular.CellUncalculated {
				*out = append(*out, validate.Problem{Column: col, Cell: validate.CellName(i, r.Number),
					Reason: "a formula Excel has not calculated, so the cell has no value", Hint: "open the file in Excel and save it again"})
			}
		}
	}
	for col, i := range sh.header.Columns {
		check(i, col, &row)
	}
	for _, i := range sh.measureIndexes() {
		check(i, sh.header.Measures[i], &cells)
	}
	return row, cells
}

// withMarked puts what markCells found ahead of the parser's problems, in
// place of the parser's problem with the same cell ("the cell is empty").
func withMarked(marked, problems []validate.Problem) []validate.Problem {
	if len(marked) == 0 {
		return problems
	}
	cells := map[string]bool{}
	for _, m := range marked {
		cells[m.Column+m.Cell] = true
	}
	return append(slices.Clone(marked), slices.DeleteFunc(problems, func(p validate.Problem) bool { return cells[p.Column+p.Cell] })...)
}

// percentColumns can hold percentages; an xlsx cell there with a percent
// number format stores 45% as 0.45, and svhub keeps percentages on a
// 0–100 scale.
var percentColumns = map[schema.Kind][]string{
	schema.Contracts:   {"sv_weighting_pct"},
	schema.Commitments: {"target"},
	schema.Returns:     {"value"},
}

func scalePercentCells(f *tabular.File, sh *sheet, r *tabular.Row) {
	if f.Format != "xlsx" {
		return
	}
	if sh.pctIdx == nil {
		sh.pctIdx = []int{}
		for _, col := range percentColumns[sh.header.Kind] {
			if i, ok := sh.header.Columns[col]; ok {
				sh.pctIdx = append(sh.pctIdx, i)
			}
		}
		sh.pctIdx = append(sh.pctIdx, sh.measureIndexes()...)
	}
	for _, i := range sh.pctIdx {
		if i >= len(r.Cells) || !r.Percent(i) {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(r.Cells[i]), 64)
		if err != nil {
			continue
		}
		// Kept with its % sign, so a count or hours measure refuses it as
		// a percentage (validate.ParseReturn) instead of loading 12 for 12%.
		r.Cells[i] = strconv.FormatFloat(math.Round(v*100*1e9)/1e9, 'f', -1, 64) + "%"
	}
}
