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

// TestRows_DateFormattedCells: a number shown as a date or time is marked
// (issue 18: 46295 formatted as a date loaded as 46,295 hours), while a
// plain number, a percent, text in a date-formatted cell and a custom
// format whose letters are quoted text are not.
func TestRows_DateFormattedCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dates.xlsx")
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Returns")
	values := []any{46295, 46295, 0.3125, 700, 700, "01/10/2026", 12.5, 0.5}
	for i, v := range values {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetCellValue("Returns", cell, v)
	}
	style := func(s excelize.Style) int { id, _ := x.NewStyle(&s); return id }
	ddmmyyyy, hmm, days, elapsed := "dd/mm/yyyy", "h:mm", `0" days"`, "[h]:mm"
	for cell, id := range map[string]int{
		"A1": style(excelize.Style{NumFmt: 14}),              // built-in short date
		"A2": style(excelize.Style{CustomNumFmt: &ddmmyyyy}), // custom date
		"A3": style(excelize.Style{CustomNumFmt: &hmm}),      // a time: 7:30
		"A4": style(excelize.Style{NumFmt: 3}),               // #,##0
		"A5": style(excelize.Style{CustomNumFmt: &days}),     // "days" is quoted text
		"A6": style(excelize.Style{NumFmt: 14}),              // text typed in a date cell
		"A7": style(excelize.Style{NumFmt: 9}),               // a percent
		"A8": style(excelize.Style{CustomNumFmt: &elapsed}),  // elapsed hours
	} {
		x.SetCellStyle("Returns", cell, cell, id)
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[int]CellKind{}
	if err := f.Rows(context.Background(), "Returns", func(r Row) error {
		got[r.Number] = r.Kind(0)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := map[int]CellKind{1: CellDate, 2: CellDate, 3: CellDate, 4: CellPlain, 5: CellPlain, 6: CellPlain, 7: CellPlain, 8: CellDate}
	for row, w := range want {
		if got[row] != w {
			t.Errorf("row %d: Kind = %v, want %v", row, got[row], w)
		}
	}
}
