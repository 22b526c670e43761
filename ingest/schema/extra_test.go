package schema

import (
	"reflect"
	"testing"
)

// TestHeader_ExtraCellsKeepsUnheadedCells: a row's cells beyond the
// header's last column, or under a blank header cell, were dropped with
// `extra` empty (issue 18). They are kept under their column letter, beside
// the columns with a header svhub does not use.
func TestHeader_ExtraCellsKeepsUnheadedCells(t *testing.T) {
	h, ok := Classify([]string{"contract_ref", "period", "measure_code", "value", "", "Submitted by"}, nil)
	if !ok {
		t.Fatal("header not recognised")
	}
	cases := []struct {
		name  string
		cells []string
		want  map[string]string
	}{
		{"nothing extra", []string{"C1", "2026-04", "SVM25.1.2", "1"}, nil},
		{"a named extra column", []string{"C1", "2026-04", "SVM25.1.2", "1", "", "late"}, map[string]string{"Submitted by": "late"}},
		{"under a blank header and beyond the last", []string{"C1", "2026-04", "SVM25.1.2", "1", "x", "late", "7", " ", "see email"},
			map[string]string{"column E": "x", "Submitted by": "late", "column G": "7", "column I": "see email"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := h.ExtraCells(c.cells); !reflect.DeepEqual(got, c.want) {
				t.Errorf("ExtraCells = %q, want %q", got, c.want)
			}
		})
	}
	if got := h.Overflow([]string{"C1", "2026-04", "SVM25.1.2", "1", "", "late", "7"}); !reflect.DeepEqual(got, []string{"7"}) {
		t.Errorf("Overflow = %q, want [7]", got)
	}
	if got := h.Overflow([]string{"C1", "2026-04", "SVM25.1.2", "1", "", "late", " "}); got != nil {
		t.Errorf("Overflow of a blank cell = %q, want nil", got)
	}
}
