package tabular

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestRows_PercentFormattedCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pct.xlsx")
	x := excelize.NewFile()
	x.NewSheet("Returns")
	x.SetSheetRow("Returns", "A1", &[]any{"value"})
	for i, v := range []float64{0.45, 0.925, 12, 0.5, 7} {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		x.SetCellValue("Returns", cell, v)
	}
	builtin, _ := x.NewStyle(&excelize.Style{NumFmt: 9})
	custom := "0.0%"
	customStyle, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	quoted := `0" %pts"`
	quotedStyle, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &quoted})
	x.SetCellStyle("Returns", "A2", "A2", builtin)
	x.SetCellStyle("Returns", "A3", "A3", customStyle)
	x.SetCellStyle("Returns", "A5", "A5", quotedStyle)
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[int]bool{}
	if err := f.Rows(context.Background(), "Returns", func(r Row) error {
		got[r.Number] = r.Percent(0)
		if r.Percent(1) || r.Percent(-1) {
			t.Errorf("row %d: a cell with nothing in it is not percent-formatted", r.Number)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for row, want := range map[int]bool{2: true, 3: true, 4: false, 5: false, 6: false, 1: false} {
		if got[row] != want {
			t.Errorf("row %d: Percent = %v, want %v", row, got[row], want)
		}
	}
	if err := f.Rows(context.Background(), "Sheet1", func(r Row) error {
		t.Errorf("Sheet1 is empty, yet row %d was read", r.Number)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
