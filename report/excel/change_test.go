package excel

import (
	"archive/zip"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/ziptest"
	"github.com/nhs-hubs/svhub/report/spec"
)

// The Summary's KPIs carry their change since the previous reporting month
// as signed numbers, and the analyst's commentary sits in a box of its own
// (formula-like text made inert). Worked by hand: 128 commitments now, 120
// the month before: +8; 66.4% on track now, 69.0% before: −2.6 points,
// shown as −3 (whole points, as on the dashboard).
func TestSummary_ChangesAndCommentary(t *testing.T) {
	r := sampleReport()
	kb := &r.Spec.Blocks[0]
	kb.Columns[0].Previous = "commitments_prev"
	kb.Columns[1].Previous = "on_track_pct_prev"
	k := r.Data["kpis"]
	k.Columns = append(k.Columns, "commitments_prev", "on_track_pct_prev")
	k.Rows[0] = append(k.Rows[0], int64(120), 69.0)
	r.Commentary = hostileLink + "\nDelivery held up in April."
	path := filepath.Join(t.TempDir(), "pack.xlsx")
	if err := Write(context.Background(), path, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	find := func(label string) []string {
		for _, row := range rows {
			if len(row) > 0 && row[0] == label {
				return row
			}
		}
		t.Fatalf("no row %q on the Summary", label)
		return nil
	}
	if row := find("Commitments"); len(row) < 3 || row[2] != "8" {
		t.Errorf("Commitments row %q: want the change 8 in column C", row)
	}
	if row := find("On track"); len(row) < 3 || row[2] != "-3" {
		t.Errorf("On track row %q: want the change -3 in column C", row)
	}
	if row := find("Delivered against plan"); len(row) > 2 && row[2] != "" {
		t.Errorf("a KPI with no previous month shows a change: %q", row)
	}
	c := find("Commentary")
	if len(c) < 2 || !strings.HasSuffix(c[1], "\nDelivery held up in April.") {
		t.Fatalf("commentary row %q", c)
	}
	for i, row := range rows {
		if len(row) > 0 && row[0] == "Commentary" {
			ref, _ := excelize.CoordinatesToCellName(2, i+1)
			if fm, _ := f.GetCellFormula(SheetSummary, ref); fm != "" {
				t.Errorf("commentary became a formula: %q", fm)
			}
		}
	}
}

// A chart whose block asks for value labels carries them in the workbook
// (each bar's figure, as on the dashboard); one that does not, none.
func TestChart_ValueLabels(t *testing.T) {
	for _, labels := range []bool{false, true} {
		r := sampleReport()
		for i := range r.Spec.Blocks {
			if r.Spec.Blocks[i].ID == "rag" {
				r.Spec.Blocks[i].ValueLabels = labels
			}
		}
		path := filepath.Join(t.TempDir(), "pack.xlsx")
		if err := Write(context.Background(), path, r); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		shown := 0
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
				continue
			}
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			shown += strings.Count(string(b), `<showVal val="1"`)
		}
		zr.Close()
		if (shown > 0) != labels {
			t.Errorf("ValueLabels %v: %d charts show values", labels, shown)
		}
	}
}

// Each KPI with months in the block's Trend query gets a sparkline beside
// its change, drawn from its figures written on its row under their months
// (outside the printed columns); a KPI the history does not hold, none.
// By hand: commitments 110, 120, 128 in February to April.
func TestSummary_KPITrends(t *testing.T) {
	r := sampleReport()
	kb := &r.Spec.Blocks[0]
	kb.Columns[0].Previous = "commitments_prev"
	kb.Trend = "history"
	k := r.Data["kpis"]
	k.Columns = append(k.Columns, "commitments_prev")
	k.Rows[0] = append(k.Rows[0], int64(120))
	r.Data["history"] = &spec.Result{Columns: []string{"month", "commitments"}, Rows: [][]any{
		{month(2), int64(110)}, {month(3), int64(120)}, {month(4), int64(128)},
	}}
	path := filepath.Join(t.TempDir(), "pack.xlsx")
	if err := Write(context.Background(), path, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	var row int
	for i, rw := range rows {
		if len(rw) > 0 && rw[0] == "Commitments" {
			row = i + 1
		}
	}
	if row == 0 {
		t.Fatal("no Commitments row")
	}
	var got []string
	for c := trendDataCol; c < trendDataCol+3; c++ {
		v, _ := f.GetCellValue(SheetSummary, cell(c, row))
		h, _ := f.GetCellValue(SheetSummary, cell(c, row-1))
		got = append(got, h+"="+v)
	}
	if want := "Feb 2026=110 Mar 2026=120 Apr 2026=128"; strings.Join(got, " ") != want {
		t.Errorf("trend figures %q, want %q", strings.Join(got, " "), want)
	}
	if h, _ := f.GetCellValue(SheetSummary, cell(trendCol, row-1)); h != "Feb 2026 to Apr 2026" {
		t.Errorf("trend heading %q", h)
	}
	sheet := ziptest.Part(t, path, "xl/worksheets/sheet1.xml")
	want := "<xm:f>Summary!" + cell(trendDataCol, row) + ":" + cell(trendDataCol+2, row) + "</xm:f><xm:sqref>" + cell(trendCol, row) + "</xm:sqref>"
	if !strings.Contains(sheet, want) || strings.Count(sheet, "<x14:sparkline>") != 1 {
		t.Errorf("want one sparkline, %s; sheet has %d", want, strings.Count(sheet, "<x14:sparkline>"))
	}
}
