package hublog

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/hubkey"
	"github.com/nhs-hubs/svhub/internal/ziptest"
)

// The Hub log sheet is streamed (issue 24: at England the in-memory
// workbook took the run to 7.1 GB); what a reader and svhub ingest see must
// be what the in-memory writer gave: the values, every item cell's style
// (locked context, unlocked yellow input, dates as dd/mm/yyyy, also where
// the cell is empty), the four validations over the item rows, the frozen
// header, the widths and the sheet's protection.
func TestWrite_StreamedLogKeepsCellsStylesAndChecks(t *testing.T) {
	d := func(y int, m time.Month, day int) *time.Time {
		v := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
		return &v
	}
	sep := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	items := []Item{
		{Type: hubkey.Type("chase"), Key: "chase|K1|2026-08", ContractRef: "K1", Supplier: "Acme Ltd", Detail: "no return for 2026-08",
			Period: d(2026, 8, 1), LogMonth: sep, Status: "chased", Due: d(2026, 10, 31), Notes: "=HYPERLINK(1)"},
		{Type: hubkey.Type("offtrack"), Key: "offtrack|K2|M1", ContractRef: "K2", Supplier: "Bravo plc", Measure: "M1", LogMonth: sep},
	}
	path := filepath.Join(t.TempDir(), FileName(sep))
	if err := Write(context.Background(), path, items, sep, sep); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetLog)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "Hub log for September 2026: 2 open items" || !slices.Equal(rows[2], Headers) {
		t.Fatalf("rows %q; want the title, the note, the headers and 2 items", rows)
	}
	want := map[string]string{"A4": "chase|K1|2026-08", "C4": "K1", "D4": "Acme Ltd", "E4": "2026-08", "G4": "no return for 2026-08", "H4": "2026-09",
		"I4": "chased", "L4": "31/10/2026", "O4": "'=HYPERLINK(1)", "A5": "offtrack|K2|M1", "E5": "", "F5": "M1", "I5": "", "L5": ""}
	for ref, w := range want {
		if got, _ := f.GetCellValue(SheetLog, ref); got != w {
			t.Errorf("%s = %q; want %q", ref, got, w)
		}
	}
	// 31 October 2026 as an Excel serial: 2026-01-01 is 46023, plus 303 days
	if raw, _ := f.GetCellValue(SheetLog, "L4", excelize.Options{RawCellValue: true}); raw != "46326" {
		t.Errorf("L4 raw %q; want the date serial 46326", raw)
	}
	style := func(ref string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(SheetLog, ref)
		if err != nil || id == 0 {
			t.Fatalf("%s: style %d (%v); want its own style", ref, id, err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	unlocked := func(s *excelize.Style) bool { return s.Protection != nil && !s.Protection.Locked }
	for _, ref := range []string{"A4", "E5", "H5"} {
		if s := style(ref); unlocked(s) || s.Fill.Color[0] != "E8EDEE" {
			t.Errorf("%s: %+v; want a locked grey context cell", ref, s)
		}
	}
	for _, ref := range []string{"I4", "I5", "K5", "N5", "O5"} {
		if s := style(ref); !unlocked(s) || s.Fill.Color[0] != "FFF2CC" {
			t.Errorf("%s: %+v; want an unlocked yellow input cell", ref, s)
		}
	}
	for _, ref := range []string{"L4", "L5", "M5"} {
		if s := style(ref); !unlocked(s) || s.CustomNumFmt == nil || *s.CustomNumFmt != "dd/mm/yyyy" {
			t.Errorf("%s: %+v; want an unlocked dd/mm/yyyy date cell", ref, s)
		}
	}
	dvs, err := f.GetDataValidations(SheetLog)
	if err != nil {
		t.Fatal(err)
	}
	var sq []string
	for _, dv := range dvs {
		sq = append(sq, dv.Sqref+" "+dv.Type)
	}
	if wantSq := []string{"I4:I5 list", "L4:L5 date", "M4:M5 date", "N4:N5 list"}; !slices.Equal(sq, wantSq) {
		t.Errorf("validations %q; want %q", sq, wantSq)
	}
	if p, err := f.GetPanes(SheetLog); err != nil || !p.Freeze || p.YSplit != HeaderRow {
		t.Errorf("panes %+v (%v); want the header frozen", p, err)
	}
	if w, _ := f.GetColWidth(SheetLog, "G"); w != 50 {
		t.Errorf("column G width %v; want 50", w)
	}
	if x := ziptest.Part(t, path, "xl/worksheets/sheet2.xml"); !strings.Contains(x, `<sheetProtection sheet="true"`) {
		t.Errorf("the Hub log sheet is not protected: %.300s…", x)
	}
}
