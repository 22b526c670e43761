package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/xuri/excelize/v2"
)

// issue 18, "silent": each case is a file that loaded wrong data or dropped
// data with "0 rejected". Each runs twice, on a fresh copy of the scenario
// register: as `validate` (a dry run) and as `ingest`, which must report
// the same rows read, loaded and rejected, the same rejections and notes.

var issue18Today = time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)

// bothWays ingests path as validate and as ingest, checks the two agree
// and returns the ingest's result.
func bothWays(t *testing.T, path string, o ingest.Options) *ingest.Result {
	t.Helper()
	o.Today = issue18Today
	dryOpts := o
	dryOpts.DryRun = true
	dry, err := ingest.Run(ctx, newDB(t), []string{path}, dryOpts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Run(ctx, newDB(t), []string{path}, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(dry.Files) != 1 || len(res.Files) != 1 {
		t.Fatalf("files: validate %d, ingest %d; want 1", len(dry.Files), len(res.Files))
	}
	d, g := dry.Files[0], res.Files[0]
	if d.Read != g.Read || d.Loaded != g.Loaded || d.Rejected != g.Rejected || d.Problem != g.Problem || !slices.Equal(d.Notes, g.Notes) {
		t.Errorf("validate read %d loaded %d rejected %d %q notes %q;\n  ingest read %d loaded %d rejected %d %q notes %q",
			d.Read, d.Loaded, d.Rejected, d.Problem, d.Notes, g.Read, g.Loaded, g.Rejected, g.Problem, g.Notes)
	}
	if a, b := rejectionLines(dry.Rejections), rejectionLines(res.Rejections); !slices.Equal(a, b) {
		t.Errorf("rejections differ:\nvalidate %q\n  ingest %q", a, b)
	}
	return res
}

func rejectionLines(rs []ingest.Rejection) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s|%d|%s|%s|%s", r.Sheet, r.Row, r.Column, r.Value, r.Message()))
	}
	return out
}

// wantRejections checks each rejection's row and column and that its
// message holds every given part: "row|column|part|part...".
func wantRejections(t *testing.T, res *ingest.Result, want ...string) {
	t.Helper()
	var got []ingest.Rejection
	for _, r := range res.Rejections {
		if r.Whole == "" {
			got = append(got, r)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d rejections, want %d:\n%s", len(got), len(want), strings.Join(rejectionLines(got), "\n"))
	}
	for i, w := range want {
		parts := strings.Split(w, "|")
		g := got[i]
		ok := fmt.Sprint(g.Row) == parts[0] && g.Column == parts[1]
		for _, p := range parts[2:] {
			ok = ok && strings.Contains(g.Message(), p)
		}
		if !ok {
			t.Errorf("rejection %d = row %d column %q value %q: %s\nwant %s", i+1, g.Row, g.Column, g.Value, g.Message(), w)
		}
	}
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A % is only meaningful for a pct measure: 12% apprentices (a count) was
// loaded as 12; SVM25.1.3 is a percentage and keeps its %. The xlsx twin's
// percent-formatted cell (0.12 shown as 12%) is refused the same way.
func TestIssue18_PercentSignForACountMeasureRefused(t *testing.T) {
	csv := writeTemp(t, "pct.csv", "contract_ref,period,measure_code,value\n"+
		"C1,2026-04,SVM25.1.2,12%\n"+
		"C1,2026-04,SVM25.1.3,12.50%\n"+
		"C1,2026-05,SVM25.1.2,2\n")
	res := bothWays(t, csv, ingest.Options{})
	wantRejections(t, res, "2|value|SVM25.1.2|count|not as a percentage")
	if f := res.Files[0]; f.Loaded != 2 {
		t.Errorf("loaded %d, want 2 (rows 3 and 4)", f.Loaded)
	}

	path := filepath.Join(t.TempDir(), "pct.xlsx")
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Returns")
	for i, row := range [][]any{{"contract_ref", "period", "measure_code", "value"}, {"C1", "2026-04", "SVM25.1.2", 0.12}, {"C1", "2026-04", "SVM25.1.3", 0.125}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Returns", cell, &row)
	}
	pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10})
	x.SetCellStyle("Returns", "D2", "D3", pct)
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	res = bothWays(t, path, ingest.Options{})
	wantRejections(t, res, "2|value|SVM25.1.2|count|not as a percentage")
	if f := res.Files[0]; f.Loaded != 1 {
		t.Errorf("xlsx loaded %d, want 1 (row 3, 12.5%%)", f.Loaded)
	}
}

// An xlsx cell holding 46295 with a date format in the value column of an
// hours measure loaded as 46,295 hours (46023 is 1 Jan 2026, + 272 days: 30 Sep 2026); a time (7:30, stored 0.3125) as
// 0.3125. Both are refused as what they show; a plain number loads.
func TestIssue18_DateCellInValueColumnRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dates.xlsx")
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Returns")
	for i, row := range [][]any{
		{"contract_ref", "period", "measure_code", "value"},
		{"C1", "2026-04", "SVM25.6.2", 46295},
		{"C1", "2026-05", "SVM25.6.2", 0.3125},
		{"C1", "2026-06", "SVM25.6.2", 700},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Returns", cell, &row)
	}
	date, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	hmm := "h:mm"
	tm, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &hmm})
	x.SetCellStyle("Returns", "D2", "D2", date)
	x.SetCellStyle("Returns", "D3", "D3", tm)
	x.SetCellStyle("Returns", "B4", "B4", date) // a date format on the period is fine
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	res := bothWays(t, path, ingest.Options{})
	wantRejections(t, res,
		"2|value|this cell is a date (2026-09-30)|needs a number of hours",
		"3|value|this cell is a time (07:30)|needs a number of hours")
	if f := res.Files[0]; f.Loaded != 1 {
		t.Errorf("loaded %d, want 1 (row 4, 700 hours)", f.Loaded)
	}
}

// A bare CR between rows swallowed the next row into notes ("first
// note\rC1,…": 1 loaded, 0 rejected) or, after a number, merged two rows
// into one refused row. Each line ending ends a row; a file that mixes
// them has a note.
func TestIssue18_BareCRLineEndingsEndRows(t *testing.T) {
	res := bothWays(t, writeTemp(t, "mac.csv", "contract_ref,period,measure_code,value,notes\r"+
		"C1,2026-04,SVM25.1.2,1,first note\r"+
		"C1,2026-05,SVM25.1.2,2,second note\r"), ingest.Options{})
	wantRejections(t, res)
	if f := res.Files[0]; f.Loaded != 2 || len(f.Notes) != 0 {
		t.Errorf("loaded %d, notes %q; want 2 rows and no note", f.Loaded, f.Notes)
	}
	res = bothWays(t, writeTemp(t, "mixed.csv", "contract_ref,period,measure_code,value\r\n"+
		"C1,2026-04,SVM25.1.2,1\r"+
		"C1,2026-05,SVM25.1.2,2\r\n"), ingest.Options{})
	wantRejections(t, res)
	if f := res.Files[0]; f.Loaded != 2 || len(f.Notes) != 1 || !strings.Contains(f.Notes[0], "mixes line endings") {
		t.Errorf("loaded %d, notes %q; want 2 rows and a note on the mixed line endings", f.Loaded, f.Notes)
	}
}

// A row with more fields than the header loaded with the extra fields
// dropped and `extra` empty: "Stage 1,2" unquoted in notes loaded 2, not
// the 5 written. In a csv the row is refused (its fields have moved
// along); in a workbook the cells to the right are kept in
// `extra` under their column letter.
func TestIssue18_MoreFieldsThanHeaderNeverDropped(t *testing.T) {
	res := bothWays(t, writeTemp(t, "wide-row.csv", "contract_ref,period,measure_code,notes,value\n"+
		"C1,2026-04,SVM25.1.2,Stage 1,2,5\n"+
		"C1,2026-05,SVM25.1.2,ok,2\n"), ingest.Options{})
	wantRejections(t, res, "2||6 fields but the header has 5")
	if f := res.Files[0]; f.Loaded != 1 {
		t.Errorf("loaded %d, want 1 (row 3)", f.Loaded)
	}

	path := filepath.Join(t.TempDir(), "right.xlsx")
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Returns")
	x.SetSheetRow("Returns", "A1", &[]any{"contract_ref", "period", "measure_code", "value"})
	x.SetSheetRow("Returns", "A2", &[]any{"C1", "2026-04", "SVM25.1.2", 1, nil, "two were part-time"})
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	bothWays(t, path, ingest.Options{})
	db := newDB(t)
	if _, err := ingest.Run(ctx, db, []string{path}, ingest.Options{Today: issue18Today}); err != nil {
		t.Fatal(err)
	}
	got := rows(t, db, `select value, extra from returns where source_file = ?`, path)
	if len(got) != 1 || got[0][0] != 1.0 || fmt.Sprint(got[0][1]) != `{"column F":"two were part-time"}` {
		t.Errorf("loaded %v, want value 1 with extra {\"column F\":\"two were part-time\"}", got)
	}
}

// A wide return whose measure column has a typo (SVM2S.6.2, an S for a 5)
// parked the 700 hours in extra and said nothing; long rows get "did you
// mean". The nearest code is of the contract's model (C1 is a 2025
// contract: SVM25.6.2, not SVM20.6.2, which is as near).
func TestIssue18_WideTypoColumnRefusedWithNearestCode(t *testing.T) {
	res := bothWays(t, writeTemp(t, "wide-typo.csv", "contract_ref,period,SVM25.1.2,SVM2S.6.2\n"+
		"C1,2026-04,1,700\n"), ingest.Options{})
	wantRejections(t, res, "2|SVM2S.6.2|looks like a measure code|did you mean SVM25.6.2")
	if f := res.Files[0]; f.Loaded != 1 {
		t.Errorf("loaded %d, want 1 (SVM25.1.2 of row 2)", f.Loaded)
	}
}

// A return whose supplier_name is not the register's supplier for its
// contract was credited to the contract without a message. The register
// has C1 by Acme Catering Ltd and C2 by Build Co Ltd: "ACME CATERING
// LIMITED" is the same supplier; Build Co writing C1 is refused naming
// both and Build Co's contract C2. Relaxed to a warning, it loads with a
// note.
func TestIssue18_SupplierNameNotTheRegistersRefused(t *testing.T) {
	path := writeTemp(t, "supplier.csv", "contract_ref,period,measure_code,value,supplier_name\n"+
		"C1,2026-05,SVM25.1.2,1,ACME CATERING LIMITED\n"+
		"C1,2026-06,SVM25.1.2,2,Build Co Ltd\n")
	res := bothWays(t, path, ingest.Options{})
	wantRejections(t, res, `3|supplier_name|"Build Co Ltd" is not the register's supplier for C1 ("Acme Catering Ltd")|holds C2`)
	if f := res.Files[0]; f.Loaded != 1 {
		t.Errorf("loaded %d, want 1 (row 2)", f.Loaded)
	}
	res = bothWays(t, path, ingest.Options{Suppliers: validate.SupplierWarn})
	wantRejections(t, res)
	if f := res.Files[0]; f.Loaded != 2 || len(f.Notes) != 1 || !strings.Contains(f.Notes[0], `"Build Co Ltd" is not the register's supplier for C1`) {
		t.Errorf("under warn: loaded %d, notes %q; want 2 loaded and a note on row 3's supplier", f.Loaded, f.Notes)
	}
}

// A Windows-1252 semicolon CSV (Excel's "CSV" in a European locale, £ as
// byte 0xA3) whose value_gbp holds "£1,500.00" and "£2,500" refused 2,500
// as ambiguous ("this file writes decimals with a comma"), though the first
// value shows the column groups thousands with a comma. A column showing
// nothing still refuses the ambiguous form, saying nothing showed which.
func TestIssue18_SemicolonColumnDecidesItsDecimalMark(t *testing.T) {
	latin1 := func(s string) string { return strings.ReplaceAll(s, "£", "\xa3") }
	path := writeTemp(t, "register-eu.csv", latin1("contract_ref;supplier_name;trust_code;value_gbp;start_date;end_date;sv_weighting_pct\n"+
		"C7;Cymru Care Ltd;T01;£1,500.00;2026-04-01;2027-03-31;10\n"+
		"C8;Dee Works Ltd;T01;£2,500;2026-04-01;2027-03-31;1,250\n"+
		"C9;Esk Ltd;T01;£3,000;2026-04-01;2027-03-31;12,5\n"))
	res := bothWays(t, path, ingest.Options{})
	// sv_weighting_pct shows "12,5" (row 4), a decimal comma: 1,250 is 1.25.
	wantRejections(t, res)
	db := newDB(t)
	if _, err := ingest.Run(ctx, db, []string{path}, ingest.Options{Today: issue18Today}); err != nil {
		t.Fatal(err)
	}
	got := rows(t, db, `select contract_ref, value_gbp, sv_weighting_pct from contracts where contract_ref in ('C7', 'C8', 'C9') order by 1`)
	want := [][]any{{"C7", 1500.0, 10.0}, {"C8", 2500.0, 1.25}, {"C9", 3000.0, 12.5}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("loaded %v, want %v", got, want)
	}

	path = writeTemp(t, "register-eu2.csv", latin1("contract_ref;supplier_name;trust_code;value_gbp;start_date;end_date;sv_weighting_pct\n"+
		"C8;Dee Works Ltd;T01;£2,500;2026-04-01;2027-03-31;10\n"))
	res = bothWays(t, path, ingest.Options{})
	wantRejections(t, res, "2|value_gbp|ambiguous|no other value in this column shows which")
}

// 1e-320 loaded as a subnormal number and the corrections summary printed
// it as 330 characters; 1e-400 underflowed to 0 without a word.
func TestIssue18_SubnormalValueRefused(t *testing.T) {
	res := bothWays(t, writeTemp(t, "tiny.csv", "contract_ref,period,measure_code,value\n"+
		"C1,2026-04,SVM25.1.2,1e-320\n"+
		"C1,2026-05,SVM25.1.2,1e-400\n"+
		"C1,2026-06,SVM25.1.2,0\n"), ingest.Options{})
	wantRejections(t, res, "2|value|smaller than any real return", "3|value|smaller than any real return")
	if f := res.Files[0]; f.Loaded != 1 {
		t.Errorf("loaded %d, want 1 (row 4, 0)", f.Loaded)
	}
}
