package rowset

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

func TestPlainText_Values(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, ""},
		{"date", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), "2026-04-01"},
		{"datetime", time.Date(2026, 4, 1, 9, 5, 0, 0, time.UTC), "2026-04-01 09:05:00"},
		{"whole float", 12.0, "12"},
		{"binary noise", 12.530000000000001, "12.53"},
		{"NaN", math.NaN(), ""},
		{"int32", int32(-7), "-7"},
		{"bool", true, "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.v); got != tt.want {
				t.Errorf("PlainText(%#v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestWriteCSV_NeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCSV(&buf, &spec.Result{Columns: []string{"supplier", "n"}, Rows: [][]any{{"=HYPERLINK(1)", -3.0}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "supplier,n\n'=HYPERLINK(1),-3\n"; got != want {
		t.Errorf("csv = %q, want %q", got, want)
	}
}
