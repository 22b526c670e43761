package rowset

import (
	"bytes"
	"math"
	"math/big"
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

func TestSteady(t *testing.T) {
	// Two orders of summing the same doubles, as two DuckDB threads might.
	forward, backward := 0.0, 0.0
	xs := []float64{0.1, 0.2, 0.3, 1e6 / 3, 239861.6 - 1e6/3 - 0.6}
	for _, x := range xs {
		forward += x
	}
	for i := len(xs) - 1; i >= 0; i-- {
		backward += xs[i]
	}
	cases := []struct {
		name string
		in   float64
		want float64
	}{
		{"sum order noise", 239861.59999999998, 239861.6},
		{"forward sum", forward, 239861.6},
		{"backward sum", backward, 239861.6},
		{"0.1 + 0.2", 0.1 + 0.2, 0.3},
		{"exact stays", 1234567.89, 1234567.89},
		{"tiny ratio", 1.0 / 3, 0.333333333333},
		{"negative", -2.0000000000001, -2},
		{"zero", 0, 0},
	}
	for _, c := range cases {
		if got := Steady(c.in); got != c.want {
			t.Errorf("%s: Steady(%v) = %v, want %v", c.name, c.in, got, c.want)
		}
	}
	if got := Normalise(float32(0.1)); got != 0.1 {
		t.Errorf("float32 0.1 normalised to %v", got)
	}
}

// TestNormalise_Types: every plain integer becomes an int64 (a uint64 past
// the int64 range wraps), a type named on an integer keeps its text, a
// HUGEINT fits an int64 or becomes a float64, bytes become text.
func TestNormalise_Types(t *testing.T) {
	huge, _ := new(big.Int).SetString("18446744073709551616", 10) // 2^64
	var nilHuge *big.Int
	for _, c := range []struct {
		name string
		in   any
		want any
	}{
		{"int", int(-3), int64(-3)},
		{"int8", int8(-128), int64(-128)},
		{"int16", int16(300), int64(300)},
		{"int32", int32(70000), int64(70000)},
		{"int64", int64(5), int64(5)},
		{"uint", uint(7), int64(7)},
		{"uint8", uint8(255), int64(255)},
		{"uint16", uint16(65535), int64(65535)},
		{"uint32", uint32(4294967295), int64(4294967295)},
		{"uint64 wraps", uint64(1<<63 + 1), int64(-1<<63 + 1)},
		{"duration keeps its text", 90 * time.Second, "1m30s"},
		{"hugeint small", big.NewInt(42), int64(42)},
		{"hugeint 2^64", huge, 18446744073709551616.0},
		{"nil hugeint", nilHuge, nil},
		{"bytes", []byte("abc"), "abc"},
		{"json", map[string]any{"b": 1, "a": "x"}, `{"a":"x","b":1}`},
		{"float64 steadied", 239861.599999999, 239861.6},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Normalise(c.in); got != c.want {
				t.Errorf("Normalise(%#v) = %#v (%T), want %#v (%T)", c.in, got, got, c.want, c.want)
			}
		})
	}
}
