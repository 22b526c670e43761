// Package schema knows the kinds of table svhub reads (organisations,
// contracts, commitments, returns) and recognises a sheet's kind from its
// header row, wherever that row is and whatever order the columns are in.
package schema

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Kind is a kind of input table.
type Kind string

const (
	Organisations Kind = "organisations"
	Contracts     Kind = "contracts"
	Commitments   Kind = "commitments"
	Returns       Kind = "returns"
	ProxyValues   Kind = "proxy_values" // £ per unit of a measure, with its source and year
	Priorities    Kind = "priorities"   // the hub's priority outcomes or missions by ICS
	HubLog        Kind = "hub_log"      // the hub's own record: chases, evidence checked, actions (issue 21)
)

// LoadOrder is the order kinds load in, so that every row's references
// (trust, contract) are known before it is checked.
var LoadOrder = []Kind{Organisations, Contracts, Commitments, Returns, ProxyValues, Priorities, HubLog}

// Spec lists a kind's columns by canonical name.
type Spec struct {
	Kind     Kind
	Required []string
	Optional []string
}

// Specs are the formats svhub promises to read (design.md, "Inputs").
var Specs = []Spec{
	{Organisations, []string{"trust_code", "trust_name", "ics_code", "region_code"}, []string{"ics_name", "region_name"}},
	{Contracts, []string{"contract_ref", "supplier_name", "trust_code", "value_gbp", "start_date", "end_date", "sv_weighting_pct"},
		[]string{"title", "supplier_id", "category", "model", "crp_published", "local_area", "carbon_plan", "framework", "procured_on", "effective_from"}},
	{Commitments, []string{"contract_ref", "measure_code", "target"},
		[]string{"unit", "frequency", "period_from", "period_to", "delivery_plan", "location"}},
	{Returns, []string{"contract_ref", "period", "measure_code", "value"},
		[]string{"supplier_name", "evidence", "notes", "location"}},
	{ProxyValues, []string{"measure_code", "gbp_per_unit", "source", "year"}, nil},
	{Priorities, []string{"ics_code", "priority"}, []string{"outcome_code", "mission"}},
	// The hub log svhub writes (svhub template --hub-log): the key and the
	// month identify an entry; contract_ref to measure_code repeat what the
	// key says, for people, and are not read.
	{HubLog, []string{"item_key", "log_month", "status"},
		[]string{"contract_ref", "supplier_name", "period", "measure_code", "owner", "action_agreed", "due_date", "date_checked", "evidence_status", "notes"}},
}

// SpecOf returns the spec of a kind.
func SpecOf(k Kind) Spec {
	for _, s := range Specs {
		if s.Kind == k {
			return s
		}
	}
	return Spec{}
}

// Key normalises a header for matching: case-insensitive, ignoring spaces,
// underscores and punctuation ("Contract Ref." and "contract_ref" match).
// The unit signs people put in headers are spelled out, so "SV weighting %"
// matches sv_weighting_pct and "Value (£)" matches value_gbp.
func Key(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case '%':
			b.WriteString("pct")
			continue
		case '£':
			b.WriteString("gbp")
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Header is a recognised header row: the kind and where each known column is.
type Header struct {
	Kind    Kind
	Columns map[string]int // canonical name → 0-based cell index
	Names   []string       // the header cells as written, for messages
	Extra   map[int]string // other columns (cell index → header): kept with each row, not used
	// Wide is a returns sheet with one column per measure (Measures: cell
	// index → the header, a measure code or name) instead of measure_code
	// and value columns.
	Wide     bool
	Measures map[int]string
	// Problem, when set, is why the sheet cannot be read although its kind
	// was recognised (two columns that both mean the same thing).
	Problem string
	// DecimalComma: the sheet's numbers are written with a decimal comma
	// (12,5), as in a semicolon-separated file. The reader of the file sets
	// it from the file's dialect; the header row cannot tell.
	DecimalComma bool
	// Shown is, for a decimal-comma sheet, what each column's values show
	// of their decimal mark (cell index → the first value showing each),
	// found by reading the sheet once before its rows are checked: a
	// column of "£1,500.00" and "£2,500" groups thousands with a comma
	// whatever the file's delimiter says.
	Shown map[int]Shown
	// unheaded are the indexes of the header row's blank cells, whose
	// column's cells ExtraCells keeps by letter.
	unheaded []int
	// Delimiter is a delimited text (csv) sheet's delimiter, 0 for a
	// workbook. Delimited fields shift when a value holds the delimiter
	// unquoted, so a row with more fields than the header cannot be read
	// safely (see Overflow). The reader of the file sets it.
	Delimiter rune
}

// Shown is what a column's values show of its decimal mark: the first
// value showing a decimal point and the first showing a decimal comma,
// each as `"£1,500.00" in row 2`; "" for none.
type Shown struct{ Point, Comma string }

// Overflow returns the cells a row has beyond the header's last column, or
// nil. In a workbook they are cells a supplier typed to the right of the
// table (kept: ExtraCells); in delimited text they most often mean a value
// held the delimiter unquoted and every field after it moved along.
func (h *Header) Overflow(cells []string) []string {
	if len(cells) <= len(h.Names) {
		return nil
	}
	for _, c := range cells[len(h.Names):] {
		if strings.TrimSpace(c) != "" {
			return cells[len(h.Names):]
		}
	}
	return nil
}

// ExtraCells are the cells of a row svhub does not read, by header: the
// columns with a header svhub does not know (Extra) and, under "column G",
// cells under a blank header cell or beyond the header's last column, so
// that nothing a supplier wrote is dropped. Blank cells are left out; nil
// when there are none.
func (h *Header) ExtraCells(cells []string) map[string]string {
	var m map[string]string
	add := func(k, v string) {
		if m == nil {
			m = map[string]string{}
		}
		m[k] = v
	}
	for i, name := range h.Extra {
		if i < len(cells) && strings.TrimSpace(cells[i]) != "" {
			add(name, cells[i])
		}
	}
	for _, i := range h.unheaded {
		if i < len(cells) && strings.TrimSpace(cells[i]) != "" {
			add("column "+colName(i), cells[i])
		}
	}
	for i := len(h.Names); i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) != "" {
			add("column "+colName(i), cells[i])
		}
	}
	return m
}

// Col returns the cell of a canonical column in row cells ("" if absent).
func (h *Header) Col(cells []string, name string) (string, bool) {
	i, ok := h.Columns[name]
	if !ok || i >= len(cells) {
		return "", ok
	}
	return cells[i], true
}

// columnOf maps a header cell to a column of spec s: its canonical name or
// one of its aliases.
func columnOf(s *Spec, cell string) (string, bool) {
	k := Key(cell)
	if k == "" {
		return "", false
	}
	for _, col := range s.columns() {
		if Key(col) == k {
			return col, true
		}
	}
	for _, a := range aliasTable()[k] {
		if a.kind != "" && a.kind != s.Kind {
			continue
		}
		for _, col := range s.columns() {
			if col == a.column {
				return col, true
			}
		}
	}
	return "", false
}

func (s *Spec) columns() []string {
	return append(append([]string{}, s.Required...), s.Optional...)
}

// match finds spec s's columns in a header row: column → cell indexes. A
// cell spelling the column's own name wins over cells using an alias (a
// sheet with "notes" and "Comments" reads notes from the first and keeps
// the second as an extra column); two cells of the same standing are both
// returned, for the caller to refuse as ambiguous.
func (s *Spec) match(cells []string) map[string][]int {
	exact, alias := map[string][]int{}, map[string][]int{}
	for i, c := range cells {
		col, ok := columnOf(s, c)
		if !ok {
			continue
		}
		if Key(c) == Key(col) {
			exact[col] = append(exact[col], i)
		} else {
			alias[col] = append(alias[col], i)
		}
	}
	for col, idx := range alias {
		if len(exact[col]) == 0 {
			exact[col] = idx
		}
	}
	return exact
}

func hasAll(found map[string][]int, cols []string) bool {
	for _, c := range cols {
		if len(found[c]) == 0 {
			return false
		}
	}
	return true
}

// Classify tells whether cells form the header row of a known kind. When a
// row carries the required columns of several kinds, the kind needing the
// most columns wins, as it is the more specific match. isMeasure (may be
// nil) tells whether a header names a measure, for wide returns: contract
// and period columns then one column per measure.
func Classify(cells []string, isMeasure func(string) bool) (*Header, bool) {
	best, found := mostSpecific(cells)
	var wide map[int]string
	if best == nil && isMeasure != nil {
		best, found, wide = wideReturns(cells, isMeasure)
	}
	if best == nil {
		return nil, false
	}
	h := &Header{Kind: best.Kind, Columns: map[string]int{}, Names: cells}
	if len(wide) > 0 {
		h.Wide, h.Measures = true, wide
	}
	used := h.place(best, found, cells)
	h.noteOthers(cells, used)
	return h, true
}

// mostSpecific is the spec whose required columns are all in cells and
// that needs the most of them, with where each of its columns was found.
func mostSpecific(cells []string) (best *Spec, found map[string][]int) {
	for i := range Specs {
		s := &Specs[i]
		f := s.match(cells)
		if hasAll(f, s.Required) && (best == nil || len(s.Required) > len(best.Required)) {
			best, found = s, f
		}
	}
	return best, found
}

// wideReturns recognises a wide returns header: contract_ref and period,
// no measure_code nor value column, and at least one column named by a
// measure (wide: cell index → measure as headed).
func wideReturns(cells []string, isMeasure func(string) bool) (*Spec, map[string][]int, map[int]string) {
	s := &Specs[slices.IndexFunc(Specs, func(s Spec) bool { return s.Kind == Returns })]
	f := s.match(cells)
	if !hasAll(f, []string{"contract_ref", "period"}) || len(f["measure_code"]) > 0 || len(f["value"]) > 0 {
		return nil, nil, nil
	}
	wide := map[int]string{}
	for i, c := range cells {
		name := strings.TrimSpace(c)
		if _, known := columnOf(s, c); !known && name != "" && isMeasure(name) {
			wide[i] = name
		}
	}
	if len(wide) == 0 {
		return nil, nil, nil
	}
	return s, f, wide
}

// place records the cell each column of the spec is read from (the first
// when several mean the same, which refuses the header: Problem) and
// returns every cell index a column of the spec took.
func (h *Header) place(spec *Spec, found map[string][]int, cells []string) (used map[int]bool) {
	used = map[int]bool{}
	var dups []string
	for _, name := range spec.columns() {
		idx := found[name]
		if len(idx) == 0 {
			continue
		}
		h.Columns[name] = idx[0]
		for _, i := range idx {
			used[i] = true
		}
		if len(idx) > 1 {
			var where []string
			for _, i := range idx {
				where = append(where, fmt.Sprintf("%q (column %s)", strings.TrimSpace(cells[i]), colName(i)))
			}
			dups = append(dups, fmt.Sprintf("%s: %s", name, strings.Join(where, " and ")))
		}
	}
	if len(dups) > 0 {
		h.Problem = "two columns of the header mean the same thing, so svhub cannot tell which to read: " + strings.Join(dups, "; ")
	}
	return used
}

// noteOthers lists the headed cells no column or measure took (Extra, kept
// with each row) and the blank header cells (unheaded).
func (h *Header) noteOthers(cells []string, used map[int]bool) {
	for i, c := range cells {
		name := strings.TrimSpace(c)
		if name == "" {
			h.unheaded = append(h.unheaded, i)
			continue
		}
		if !used[i] && h.Measures[i] == "" {
			if h.Extra == nil {
				h.Extra = map[int]string{}
			}
			h.Extra[i] = name
		}
	}
}

// colName is the spreadsheet letter of a 0-based column.
func colName(col int) string {
	name := ""
	for n := col + 1; n > 0; n = (n - 1) / 26 {
		name = string(rune('A'+(n-1)%26)) + name
	}
	return name
}
