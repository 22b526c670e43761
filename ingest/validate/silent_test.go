package validate

import (
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
)

// issue18Refs: one contract of Acme Ltd (and a second of Acme, one of
// Beta), an hours measure, a count measure and a percentage measure.
func issue18Refs() *Refs {
	refs := NewRefs()
	start, end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, c := range []ContractInfo{
		{Ref: "NEY-2026-0012", Model: "2020", Start: start, End: end, SupplierName: "Acme Facilities Limited"},
		{Ref: "NEY-2026-0112", Model: "2020", Start: start, End: end, SupplierName: "Acme Facilities Limited"},
		{Ref: "NEY-2026-0013", Model: "2020", Start: start, End: end, SupplierName: "Beta Care Ltd"},
	} {
		refs.Contracts[key(c.Ref)] = c
	}
	refs.AddMeasure(MeasureInfo{Code: "SVM20.6.3", Model: "2020", Name: "Volunteering hours", Unit: "hours", Aggregation: "sum"})
	refs.AddMeasure(MeasureInfo{Code: "SVM20.1.2", Model: "2020", Name: "People retrained", Unit: "count", Aggregation: "sum"})
	refs.AddMeasure(MeasureInfo{Code: "SVM20.4.1", Model: "2020", Name: "Local spend share", Unit: "pct", Aggregation: "latest"})
	return refs
}

func longHeader(t *testing.T, cols ...string) *schema.Header {
	t.Helper()
	h, ok := schema.Classify(cols, nil)
	if !ok || h.Problem != "" {
		t.Fatalf("header %q not recognised: %+v", cols, h)
	}
	return h
}

func hasProblem(ps []Problem, col, reasonPart string) bool {
	for _, p := range ps {
		if p.Column == col && strings.Contains(p.Reason, reasonPart) {
			return true
		}
	}
	return false
}

// TestParseReturn_PercentSignOnlyForPctMeasures: "12%" for a count measure
// loaded as 12 people (issue 18). A % is meaningful only for a pct measure;
// elsewhere the row is refused naming the measure's unit.
func TestParseReturn_PercentSignOnlyForPctMeasures(t *testing.T) {
	h := longHeader(t, "contract_ref", "period", "measure_code", "value")
	refs := issue18Refs()
	cases := []struct {
		name, measure, value string
		refused              bool
		unit                 string
		want                 float64
	}{
		{"count with %", "SVM20.1.2", "12%", true, "count", 0},
		{"hours with decimal %", "SVM20.6.3", "12.50%", true, "hours", 0},
		{"hours with spaced %", "SVM20.6.3", " 7 % ", true, "hours", 0},
		{"pct with %", "SVM20.4.1", "12.50%", false, "", 12.5},
		{"pct without %", "SVM20.4.1", "45", false, "", 45},
		{"count without %", "SVM20.1.2", "12", false, "", 12},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ret, pr := ParseReturn(h, 2, []string{"NEY-2026-0012", "2026-04", c.measure, c.value}, refs)
			if c.refused {
				if !hasProblem(pr, "value", "%") || !hasProblem(pr, "value", c.unit) {
					t.Fatalf("problems %+v, want a refusal of the value naming %q", pr, c.unit)
				}
				return
			}
			if len(pr) > 0 || ret.Value != c.want {
				t.Fatalf("got %v, %+v; want %v loaded", ret.Value, pr, c.want)
			}
		})
	}
}

// TestParseReturn_MoreFieldsThanHeaderRefusedInCSV: a csv row with more
// fields than the header loaded with the extra fields dropped (issue 18).
// In delimited text they mean the fields may have moved along, so the row
// is refused; a workbook's cells to the right are kept (schema.ExtraCells).
func TestParseReturn_MoreFieldsThanHeaderRefusedInCSV(t *testing.T) {
	refs := issue18Refs()
	row := []string{"NEY-2026-0012", "2026-04", "SVM20.1.2", "Hired 3", " trained 2", "5"}
	h := longHeader(t, "contract_ref", "period", "measure_code", "notes", "value")
	h.Delimiter = ','
	_, pr := ParseReturn(h, 4, row, refs)
	found := false
	for _, p := range pr {
		if p.Column == "" && p.Cell == "F4" && p.Value == "5" && strings.Contains(p.Reason, "6 fields but the header has 5") {
			found = true
		}
	}
	if !found {
		t.Errorf("problems %+v, want the row refused for its 6th field (F4, \"5\")", pr)
	}
	h.Delimiter = 0 // the same row in a workbook
	if ret, pr := ParseReturn(h, 4, append(row[:4:4], "2", "note to the right"), refs); len(pr) > 0 || ret.Value != 2 {
		t.Errorf("a workbook row with a cell to the right: %v, %+v; want 2 loaded", ret.Value, pr)
	}
}

// TestParseWideReturn_CodeLikeColumnRefused: a wide return whose measure
// column has a typo (SVM2O.6.3, a letter O) parked the 700 hours in extra,
// counted nothing and said nothing (issue 18). A column that looks like a
// measure code but is not one refuses its cell, with the nearest code; a
// column that does not look like one ("Submitted by") is kept as extra.
func TestParseWideReturn_CodeLikeColumnRefused(t *testing.T) {
	refs := issue18Refs()
	h, ok := schema.Classify([]string{"contract_ref", "period", "SVM20.1.2", "SVM2O.6.3", "SVM99.1.1", "Submitted by"}, refs.IsMeasure)
	if !ok || !h.Wide {
		t.Fatalf("not a wide header: %+v", h)
	}
	w := ParseWideReturn(h, 3, []string{"NEY-2026-0012", "2026-04", "4", "700", "5", "J. Smith"}, refs)
	if len(w.RowProblems) > 0 || len(w.Returns) != 1 || w.Returns[0].MeasureCode != "SVM20.1.2" || w.Returns[0].Value != 4 {
		t.Fatalf("row problems %+v, returns %+v; want SVM20.1.2 = 4 loaded", w.RowProblems, w.Returns)
	}
	want := []struct{ col, cell, value, hint string }{
		{"SVM2O.6.3", "D3", "700", "did you mean SVM20.6.3"},
		{"SVM99.1.1", "E3", "5", "use a measure code from the taxonomy"},
	}
	if len(w.CellProblems) != len(want) {
		t.Fatalf("cell problems %+v, want %d", w.CellProblems, len(want))
	}
	for i, c := range want {
		p := w.CellProblems[i]
		if p.Column != c.col || p.Cell != c.cell || p.Value != c.value || !strings.Contains(p.Hint, c.hint) || !strings.Contains(p.Reason, "not one of the taxonomy") {
			t.Errorf("cell problem %d = %+v, want %s %s %q with %q", i, p, c.col, c.cell, c.value, c.hint)
		}
	}
	// Only the typo column filled in: the row is refused, not skipped as blank.
	if w := ParseWideReturn(h, 4, []string{"NEY-2026-0012", "2026-05", "", "700"}, refs); w.Blank || len(w.CellProblems) != 1 {
		t.Errorf("blank %v, problems %+v; want the typo cell refused", w.Blank, w.CellProblems)
	}
}

// TestParseReturn_SupplierNameNotTheRegisters: a return naming another
// supplier than the register's for its contract was credited to the
// contract without a message (issue 18). It is refused with both names and
// the given supplier's nearest contract; ordinary variants of the name are
// the same supplier; under SupplierWarn the row loads with the warning.
func TestParseReturn_SupplierNameNotTheRegisters(t *testing.T) {
	h := longHeader(t, "contract_ref", "period", "measure_code", "value", "supplier_name")
	refs := issue18Refs()
	parse := func(ref, supplier string) (Return, []Problem) {
		return ParseReturn(h, 5, []string{ref, "2026-04", "SVM20.1.2", "3", supplier}, refs)
	}
	for _, same := range []string{"Acme Facilities Limited", "ACME FACILITIES LTD", "Acme Facilities Ltd.", "Acme-Facilities", " acme  facilities (limited) ", "The Acme Facilities PLC", "Acme Facilities Public Limited Company", "", "n/a"} {
		if _, pr := parse("NEY-2026-0012", same); len(pr) > 0 {
			t.Errorf("%q is Acme Facilities Limited written another way; refused: %+v", same, pr)
		}
	}
	cases := []struct{ ref, supplier, hint string }{
		// Beta Care holds 0013 only: 0012 is a one-digit slip.
		{"NEY-2026-0012", "Beta Care Ltd", `"Beta Care Ltd" holds NEY-2026-0013 in the register`},
		// Acme holds 0012 and 0112; given Beta's 0013, 0012 is nearer.
		{"NEY-2026-0013", "Acme Facilities Ltd", "the nearest to NEY-2026-0013 is NEY-2026-0012"},
		{"NEY-2026-0012", "Gamma Services", `no contract in the register is held by "Gamma Services"`},
	}
	for _, c := range cases {
		_, pr := parse(c.ref, c.supplier)
		if len(pr) != 1 || pr[0].Column != "supplier_name" || pr[0].Cell != "E5" ||
			!strings.Contains(pr[0].Reason, c.supplier) || !strings.Contains(pr[0].Reason, refs.Contracts[key(c.ref)].SupplierName) || !strings.Contains(pr[0].Hint, c.hint) {
			t.Errorf("%s by %q: problems %+v; want supplier_name refused naming both suppliers, hint %q", c.ref, c.supplier, pr, c.hint)
		}
	}
	refs.Suppliers = SupplierWarn
	ret, pr := parse("NEY-2026-0012", "Beta Care Ltd")
	if len(pr) > 0 || ret.Value != 3 || !strings.Contains(ret.SupplierWarning, "Beta Care Ltd") || !strings.Contains(ret.SupplierWarning, "NEY-2026-0013") {
		t.Errorf("under warn: %+v, %+v; want it loaded with a warning naming Beta Care Ltd and NEY-2026-0013", ret, pr)
	}
}

// TestParseContract_DecimalMarkPerColumn: a semicolon file's value_gbp of
// "£1,500.00" and "£2,500" refused 2,500 as "this file writes decimals with
// a comma" although the first value shows the column groups thousands with
// a comma (issue 18). The column's own evidence decides; a column showing
// both marks, or neither, refuses the ambiguous form and says what it saw.
func TestParseContract_DecimalMarkPerColumn(t *testing.T) {
	refs := issue18Refs()
	refs.Trusts["T01"] = "T01"
	cols := []string{"contract_ref", "supplier_name", "trust_code", "value_gbp", "start_date", "end_date", "sv_weighting_pct"}
	h := longHeader(t, cols...)
	h.DecimalComma = true
	row := func(v string) []string {
		return []string{"C9", "Acme", "T01", v, "2026-01-01", "2026-12-31", "10"}
	}
	cases := []struct {
		name  string
		shown schema.Shown
		value string
		want  float64
		why   string // part of the refusal; "" loads want
	}{
		{"points shown", schema.Shown{Point: `"£1,500.00" in row 2`}, "£2,500", 2500, ""},
		{"commas shown", schema.Shown{Comma: `"12,5" in row 2`}, "2,500", 2.5, ""},
		{"commas shown, point groups", schema.Shown{Comma: `"12,5" in row 2`}, "1.500", 1500, ""},
		{"nothing shown", schema.Shown{}, "£2,500", 0, "no other value in this column shows which"},
		{"both shown", schema.Shown{Point: `"£1,500.00" in row 2`, Comma: `"12,5" in row 4`}, "£2,500", 0, `"£1,500.00" in row 2 has a decimal point, "12,5" in row 4 a decimal comma`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h.Shown = map[int]schema.Shown{3: c.shown}
			got, pr := ParseContract(h, 3, row(c.value), refs)
			if c.why == "" {
				if len(pr) > 0 || got.ValueGBP != c.want {
					t.Errorf("got %v, %+v; want %v", got.ValueGBP, pr, c.want)
				}
				return
			}
			if !hasProblem(pr, "value_gbp", c.why) {
				t.Errorf("problems %+v; want value_gbp refused with %q", pr, c.why)
			}
		})
	}
}
