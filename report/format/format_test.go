package format

import (
	"math"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

func TestText_Formats(t *testing.T) {
	apr30 := time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		v    any
		f    spec.Format
		want string
	}{
		{"int grouped", 1234.0, spec.FormatInt, "1,234"},
		{"int from int64", int64(1234567), spec.FormatInt, "1,234,567"},
		{"int rounds half away from zero", 2.5, spec.FormatInt, "3"},
		{"int small", 7, spec.FormatInt, "7"},
		{"int negative", -1234.0, spec.FormatInt, "-1,234"},
		{"int negative zero", -0.2, spec.FormatInt, "0"},
		{"num1", 1234.54, spec.FormatNum, "1,234.5"},
		{"num1 pads", 3.0, spec.FormatNum, "3.0"},
		{"pct 0-100", 85.0, spec.FormatPct, "85%"},
		{"pct rounds", 66.6667, spec.FormatPct, "67%"},
		{"ratio", 0.95, spec.FormatRatio, "95%"},
		{"ratio over 1", 1.234, spec.FormatRatio, "123%"},
		{"gbp", 1234.4, spec.FormatGBP, "£1,234"},
		{"gbp millions", int64(2500000), spec.FormatGBP, "£2,500,000"},
		{"gbp negative", -1234.0, spec.FormatGBP, "-£1,234"},
		{"month", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), spec.FormatMonth, "Apr 2026"},
		{"date", apr30, spec.FormatDate, "30 Apr 2026"},
		{"date without format", apr30, spec.FormatText, "30 Apr 2026"},
		{"nil int", nil, spec.FormatInt, "–"},
		{"nil month", nil, spec.FormatMonth, "–"},
		{"NaN", math.NaN(), spec.FormatNum, "–"},
		{"zero time", time.Time{}, spec.FormatDate, "–"},
		{"text", "Acme <Ltd>", spec.FormatText, "Acme <Ltd>"},
		{"text number", 12.0, spec.FormatText, "12"},
		{"text fraction", 12.25, "", "12.25"},
		{"bool", true, spec.FormatText, "Yes"},
		{"string under numeric format unchanged", "n/a", spec.FormatInt, "n/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.v, tt.f); got != tt.want {
				t.Errorf("Text(%#v, %q) = %q, want %q", tt.v, tt.f, got, tt.want)
			}
		})
	}
}

// The Excel number format must display the stored value as Text does.
func TestExcel_MatchesText(t *testing.T) {
	tests := []struct {
		f    spec.Format
		want string
	}{
		{spec.FormatInt, "#,##0"},
		{spec.FormatNum, "#,##0.0"},
		{spec.FormatPct, `0"%"`},
		{spec.FormatRatio, "0%"},
		{spec.FormatGBP, `"£"#,##0`},
		{spec.FormatMonth, "mmm yyyy"},
		{spec.FormatDate, "d mmm yyyy"},
		{spec.FormatText, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.f), func(t *testing.T) {
			if got := Excel(tt.f); got != tt.want {
				t.Errorf("Excel(%q) = %q, want %q", tt.f, got, tt.want)
			}
			if Numeric(tt.f) != (tt.want != "" && tt.f != spec.FormatMonth && tt.f != spec.FormatDate) {
				t.Errorf("Numeric(%q) = %v", tt.f, Numeric(tt.f))
			}
		})
	}
}

// A KPI tile's change since the previous month, worked by hand: 45% → 48%
// is +3 points; 122 red → 110 is −12; a ratio of 0.90 → 0.875 is −2.5
// points, which rounds half away from zero to −3; no previous month shows
// nothing.
func TestChange_SinceLastMonth(t *testing.T) {
	tests := []struct {
		name      string
		now, prev any
		f         spec.Format
		want      string
		value     float64
		ok        bool
	}{
		{"share up", 48.0, 45.0, spec.FormatPct, "+3 points", 3, true},
		{"share up one point", 46.2, 45.0, spec.FormatPct, "+1 point", 1, true},
		{"count down", int64(110), int64(122), spec.FormatInt, "−12", -12, true},
		{"ratio in points", 0.875, 0.90, spec.FormatRatio, "−3 points", -3, true},
		{"pounds", 1500.0, 250.0, spec.FormatGBP, "+£1,250", 1250, true},
		{"rounds to nothing", 45.4, 45.0, spec.FormatPct, "no change", 0, true},
		{"no previous month", 45.0, nil, spec.FormatPct, "", 0, false},
		{"no figure now", nil, 3.0, spec.FormatInt, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Change(tt.now, tt.prev, tt.f)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Change(%v, %v) = %q, %v; want %q, %v", tt.now, tt.prev, got, ok, tt.want, tt.ok)
			}
			v, _ := ChangeValue(tt.now, tt.prev, tt.f)
			if v != tt.value {
				t.Errorf("ChangeValue = %v; want %v", v, tt.value)
			}
		})
	}
}

// A column of mixed units: £696,833.3 of SME spend shows as £696,833 and
// 0.0 apprenticeships as 0; hours keep their decimal; a ratio column is
// never changed.
func TestForUnit_MixedUnits(t *testing.T) {
	tests := []struct {
		unit any
		f    spec.Format
		v    float64
		want string
	}{
		{"GBP", spec.FormatNum, 696833.3, "£696,833"},
		{"count", spec.FormatNum, 0, "0"},
		{"count", spec.FormatNum, 12, "12"},
		{"hours", spec.FormatNum, 7.5, "7.5"},
		{nil, spec.FormatNum, 7.5, "7.5"},
		{"GBP", spec.FormatRatio, 0.5, "50%"},
	}
	for _, tt := range tests {
		if got := Text(tt.v, ForUnit(tt.f, tt.unit)); got != tt.want {
			t.Errorf("%v %v in %v = %q, want %q", tt.v, tt.f, tt.unit, got, tt.want)
		}
	}
}
