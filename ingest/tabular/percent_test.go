package tabular

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestIsPercent_FormatsAndCells(t *testing.T) {
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
	for row, want := range map[int]bool{2: true, 3: true, 4: false, 5: false, 6: false, 1: false} {
		if got := f.IsPercent("Returns", 0, row); got != want {
			t.Errorf("row %d: IsPercent = %v, want %v", row, got, want)
		}
	}
	if f.IsPercent("Sheet1", 0, 2) {
		t.Error("a cell of another sheet is not percent-formatted")
	}
}
