// Package schema knows the kinds of table svhub reads (organisations,
// contracts, commitments, returns) and recognises a sheet's kind from its
// header row, wherever that row is and whatever order the columns are in.
package schema

import (
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
)

// LoadOrder is the order kinds load in, so that every row's references
// (trust, contract) are known before it is checked.
var LoadOrder = []Kind{Organisations, Contracts, Commitments, Returns}

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
		[]string{"title", "supplier_id", "category", "model", "crp_published", "local_area"}},
	{Commitments, []string{"contract_ref", "measure_code", "target"},
		[]string{"unit", "frequency", "period_from", "period_to", "delivery_plan", "location"}},
	{Returns, []string{"contract_ref", "period", "measure_code", "value"},
		[]string{"supplier_name", "evidence", "notes", "location"}},
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
}

// Col returns the cell of a canonical column in row cells ("" if absent).
func (h *Header) Col(cells []string, name string) (string, bool) {
	i, ok := h.Columns[name]
	if !ok || i >= len(cells) {
		return "", ok
	}
	return cells[i], true
}

// Classify tells whether cells form the header row of a known kind. When a
// row carries the required columns of several kinds, the kind needing the
// most columns wins, as it is the more specific match.
func Classify(cells []string) (*Header, bool) {
	pos := map[string]int{}
	for i, c := range cells {
		k := Key(c)
		if k == "" {
			continue
		}
		if _, seen := pos[k]; !seen {
			pos[k] = i
		}
	}
	var best *Spec
	for i := range Specs {
		s := &Specs[i]
		all := true
		for _, r := range s.Required {
			if _, ok := pos[Key(r)]; !ok {
				all = false
				break
			}
		}
		if all && (best == nil || len(s.Required) > len(best.Required)) {
			best = s
		}
	}
	if best == nil {
		return nil, false
	}
	h := &Header{Kind: best.Kind, Columns: map[string]int{}, Names: cells}
	used := map[int]bool{}
	for _, name := range append(append([]string{}, best.Required...), best.Optional...) {
		if i, ok := pos[Key(name)]; ok {
			h.Columns[name] = i
			used[i] = true
		}
	}
	for i, c := range cells {
		if strings.TrimSpace(c) != "" && !used[i] {
			if h.Extra == nil {
				h.Extra = map[int]string{}
			}
			h.Extra[i] = strings.TrimSpace(c)
		}
	}
	return h, true
}

// Describe lists what each kind needs, for "sheet not recognised" messages.
func Describe() string {
	var parts []string
	for _, s := range Specs {
		parts = append(parts, string(s.Kind)+" ("+strings.Join(s.Required, ", ")+")")
	}
	return strings.Join(parts, "; ")
}
