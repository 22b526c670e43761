package ingest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteCorpusWorkbooks writes the corpus's .xlsx and .xlsm files with
// excelize (openpyxl and LibreOffice are not on the build machines). The
// files are committed; run with SVHUB_WRITE_CORPUS=1 to write them again.
func TestWriteCorpusWorkbooks(t *testing.T) {
	if os.Getenv("SVHUB_WRITE_CORPUS") == "" {
		t.Skip("set SVHUB_WRITE_CORPUS=1 to rewrite testdata/ingest/corpus workbooks")
	}
	dir := "../testdata/ingest/corpus"
	long := []any{"contract_ref", "period", "measure_code", "value"}
	type sheet struct {
		name   string
		rows   [][]any
		hidden bool
		edit   func(f *excelize.File, sh string)
	}
	write := func(name string, sheets ...sheet) {
		f := excelize.NewFile()
		defer f.Close()
		for i, s := range sheets {
			if i == 0 {
				f.SetSheetName("Sheet1", s.name)
			} else {
				f.NewSheet(s.name)
			}
			for r, row := range s.rows {
				cell, _ := excelize.CoordinatesToCellName(1, r+1)
				f.SetSheetRow(s.name, cell, &row)
			}
			if s.edit != nil {
				s.edit(f, s.name)
			}
		}
		for _, s := range sheets {
			if s.hidden {
				if err := f.SetSheetVisible(s.name, false); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := f.SaveAs(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write("31-good.xlsx", sheet{name: "Returns", rows: [][]any{long,
		{"C1", "2026-04", "SVM25.1.2", 1},
		{"C1", "May 2026", "SVM25.1.2", 2},
		{"C2", "2026-06", "SVM25.4.2", 2.5},
	}})
	write("32-instructions-tab.xlsx",
		sheet{name: "Instructions", rows: [][]any{{"How to fill in this return"}, {"One row per contract, month and measure."}}},
		sheet{name: "Returns", rows: [][]any{long, {"C1", "2026-04", "SVM25.1.2", 1}, {"C2", "2026-06", "SVM25.4.2", 3}}})
	write("33-hidden-sheet.xlsx",
		sheet{name: "Returns", rows: [][]any{long, {"C1", "2026-04", "SVM25.1.2", 1}, {"C2", "2026-06", "SVM25.4.2", 3}}},
		sheet{name: "Old figures", hidden: true, rows: [][]any{long, {"C1", "2026-04", "SVM25.1.2", 99}}})
	write("34-boolean-cell.xlsx", sheet{name: "Returns", rows: [][]any{long,
		{"C1", "2026-04", "SVM25.1.2", true},
		{"C2", "2026-06", "SVM25.4.2", 3},
	}})
	write("35-uncalculated-formula.xlsx", sheet{name: "Returns", rows: [][]any{long,
		{"C1", "2026-04", "SVM25.1.2", nil},
		{"C2", "2026-06", "SVM25.4.2", 3},
	}, edit: func(f *excelize.File, sh string) {
		// A formula with no cached value, as a script or a non-calculating
		// tool leaves it.
		if err := f.SetCellFormula(sh, "D2", "SUM(E2:F2)"); err != nil {
			t.Fatal(err)
		}
	}})
	write("36-wide.xlsx", sheet{name: "Returns", rows: [][]any{
		{"Contract Ref", "Month", "SVM25.1.2", "Waste diverted from landfill"},
		{"C1", "2026-05", 2, nil},
		{"C2", "2026-06", nil, 3},
		{"C2", "2026-07", 1, 4},
	}})
	write("37-duplicate-across-sheets.xlsx",
		sheet{name: "April", rows: [][]any{long, {"C1", "2026-04", "SVM25.1.2", 1}}},
		sheet{name: "April (2)", rows: [][]any{long, {"C1", "2026-04", "SVM25.1.2", 5}, {"C2", "2026-06", "SVM25.4.2", 3}}})
	write("38-empty-workbook.xlsx", sheet{name: "Sheet1"})
	write("39-macro-workbook.xlsm", sheet{name: "Returns", rows: [][]any{long, {"C1", "2026-04", "SVM25.1.2", 1}}})
	write("40-only-instructions.xlsx", sheet{name: "Read me", rows: [][]any{{"Please use the template sent in April."}}})
	write("41-percent-cells.xlsx", sheet{name: "Returns", rows: [][]any{long,
		{"C1", "2026-04", "SVM25.1.3", 0.85},
	}, edit: func(f *excelize.File, sh string) {
		pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
		f.SetCellStyle(sh, "D2", "D2", pct)
	}})

	// The round-trip set: the same returns as testdata/ingest/roundtrip's
	// CSVs, long and wide.
	rt := "../testdata/ingest/roundtrip"
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Returns")
	for r, row := range [][]any{
		{"contract_ref", "period", "measure_code", "value", "notes"},
		{"C1", "2026-04", "SVM25.1.2", 1, "Café apprentices"},
		{"C1", "2026-05", "SVM25.1.2", 2},
		{"C1", "2026-05", "SVM25.1.3", 0.85, "£ uplift"},
		{"C2", "2026-06", "SVM25.4.2", 1250.5, "skips"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		f.SetSheetRow("Returns", cell, &row)
	}
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
	f.SetCellStyle("Returns", "D4", "D4", pct)
	if err := f.SaveAs(filepath.Join(rt, "returns.long.xlsx")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	f = excelize.NewFile()
	f.SetSheetName("Sheet1", "Returns")
	for r, row := range [][]any{
		{"Contract Reference", "Month", "SVM25.1.2", "SVM25.1.3", "SVM25.4.2"},
		{"C1", "Apr 2026", 1},
		{"C1", "May 2026", 2, "85%"},
		{"C2", "Jun 2026", nil, nil, 1250.5},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		f.SetSheetRow("Returns", cell, &row)
	}
	if err := f.SaveAs(filepath.Join(rt, "returns.wide.xlsx")); err != nil {
		t.Fatal(err)
	}
	f.Close()
}
