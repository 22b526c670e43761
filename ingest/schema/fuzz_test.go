package schema

import (
	"slices"
	"strings"
	"testing"
)

// FuzzClassify feeds header rows (cells separated by "|") to Classify. For
// any row: no panic; a recognised kind has all its required columns, each
// at a real, distinct cell; extra columns are cells it does not use; and the
// same cells in reverse order give the same kind (columns may come in any
// order).
func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"contract_ref|period|measure_code|value",
		"Contract Ref.|Period|Measure Code|Value (£)|Notes|Comment",
		"trust_code|trust_name|ics_code|region_code",
		"contract_ref|supplier_name|trust_code|value_gbp|start_date|end_date|SV weighting %",
		"contract_ref|measure_code|target|unit",
		"value|Value|contract_ref|period|measure_code",
		"contract_ref|period|SVM25.1.2|SVM25.4.2",
		"||||", "", "\x00|\xff|é", "CONTRACT_REF|PERIOD|MEASURE_CODE|VALUE|VALUE",
	} {
		f.Add(s)
	}
	isMeasure := func(s string) bool { return strings.HasPrefix(strings.ToUpper(s), "SVM") }
	f.Fuzz(func(t *testing.T, row string) {
		cells := strings.Split(row, "|")
		h, ok := Classify(cells, isMeasure)
		if !ok {
			if h != nil {
				t.Fatalf("not recognised but a header came back: %+v", h)
			}
			return
		}
		spec := SpecOf(h.Kind)
		used := map[int]string{}
		for name, i := range h.Columns {
			if i < 0 || i >= len(cells) {
				t.Fatalf("%q: column %s at cell %d of %d", row, name, i, len(cells))
			}
			if other, dup := used[i]; dup {
				t.Fatalf("%q: cell %d is both %s and %s", row, i, other, name)
			}
			used[i] = name
		}
		for _, req := range spec.Required {
			if _, ok := h.Columns[req]; !ok && h.Problem == "" && !(h.Wide && (req == "measure_code" || req == "value")) {
				t.Fatalf("%q recognised as %s without %s: %+v", row, h.Kind, req, h)
			}
		}
		for i := range h.Extra {
			if _, isCol := used[i]; isCol || i >= len(cells) {
				t.Fatalf("%q: extra cell %d is also a known column or out of range", row, i)
			}
		}
		rev := slices.Clone(cells)
		slices.Reverse(rev)
		if h2, ok2 := Classify(rev, isMeasure); !ok2 || h2.Kind != h.Kind {
			t.Fatalf("%q is %s, but reversed it is %v (%v)", row, h.Kind, h2, ok2)
		}
	})
}
