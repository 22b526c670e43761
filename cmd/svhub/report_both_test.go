package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportExcel_OutAndPerSupplierWritesBoth: `report excel --out X
// --per-supplier D` wrote the feedback workbooks and ignored --out without
// a word (issue 18). With --out given it writes both, as `report html`
// does; without it, only the workbooks, as before.
func TestReportExcel_OutAndPerSupplierWritesBoth(t *testing.T) {
	db := scenarioDB(t)
	dir := t.TempDir()
	pack, fb := filepath.Join(dir, "pack.xlsx"), filepath.Join(dir, "feedback")
	code, out, errs := svhub(t, "--db", db, "--today", "2028-03-30", "report", "excel", "--out", pack, "--per-supplier", fb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(pack); err != nil {
		t.Errorf("the board pack was not written: %v (stderr %q)", err, errs)
	}
	files, _ := filepath.Glob(filepath.Join(fb, "*.xlsx"))
	if len(files) == 0 || !strings.Contains(out, fb) {
		t.Errorf("feedback workbooks %q, stdout %q; want them written and listed", files, out)
	}

	// --per-supplier alone: the workbooks only (no board-pack.xlsx in the
	// working folder).
	t.Chdir(t.TempDir())
	if code, _, errs := svhub(t, "--db", db, "--today", "2028-03-30", "report", "excel", "--per-supplier", filepath.Join(dir, "fb2")); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat("board-pack.xlsx"); err == nil {
		t.Error("--per-supplier alone wrote the default board pack too")
	}
}
