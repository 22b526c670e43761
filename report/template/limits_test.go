package template

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// TestWrite_LongSupplierNameFitsExcelLimits: a 300-character supplier name
// stopped `template --all` with exit 3 (the page header went over Excel's
// 255 characters). The header is shortened to fit, ending "…"; the cells
// keep the whole name.
func TestWrite_LongSupplierNameFitsExcelLimits(t *testing.T) {
	// 300 characters: "Acme & Sons " (12) 25 times; each & is written && in
	// a header, so unshortened the header would be far over 255.
	long := strings.Repeat("Acme & Sons ", 25)
	if n := len([]rune(long)); n != 300 {
		t.Fatalf("name is %d characters, want 300", n)
	}
	target := 5.0
	k := &Contract{Ref: "NEY-2026-0012", Supplier: long, Trust: "T01", Start: mon(2026, 4), End: mon(2027, 3),
		Commitments: []Commitment{{MeasureCode: "SVM25.1.2", MeasureName: "Apprenticeships", Unit: "count", Target: &target, From: mon(2026, 4), To: mon(2027, 3)}}}
	path := filepath.Join(t.TempDir(), "long.xlsx")
	if _, err := Write(context.Background(), path, k, Options{Today: time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC), MonitoringStart: mon(2026, 4), Generated: time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || hf == nil {
			continue
		}
		if n := len(utf16.Encode([]rune(hf.OddHeader))); n > 255 {
			t.Errorf("sheet %s: header of %d characters", sh, n)
		}
		if hf.OddHeader != "" && (!strings.HasPrefix(hf.OddHeader, "&L&8Social value return NEY-2026-0012&R&8Acme && Sons") || !strings.HasSuffix(hf.OddHeader, "…")) {
			t.Errorf("sheet %s: header %q, want the ref whole and the supplier shortened with …", sh, hf.OddHeader)
		}
	}
	found := false
	rows, _ := f.GetRows(SheetInstructions)
	for _, r := range rows {
		for _, c := range r {
			found = found || c == long
		}
	}
	if !found {
		t.Error("the Instructions sheet does not hold the whole supplier name")
	}
}

func TestPageHeader_ShortNamesWhole(t *testing.T) {
	if got := pageHeader("Social value return C1", "A & B Ltd"); got != "&L&8Social value return C1&R&8A && B Ltd" {
		t.Errorf("pageHeader = %q", got)
	}
}
