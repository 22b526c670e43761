package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbookText is every cell of every sheet of an xlsx, one line a row.
func workbookText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}

// The "how to read" texts state the RAG thresholds in force, not the
// defaults they were written with. With green from 0.9 and amber from 0.625
// (set with --set, as svhub.toml or SVHUB_* would): 100 × 0.9 = 90 and
// 100 × 0.625 = 62.5, so every text says "at least 90%", "at least 62.5%"
// and "below 62.5%" (one decimal kept: rounding 62.5 to 63 would misstate
// the rule); with the defaults (0.95, 0.75) they say 95% and 75%.
func TestHowToRead_ThresholdsInForce(t *testing.T) {
	t.Parallel()
	dir := demoCopy(t, smallDemo)
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const (
		htmlDefault = "Green: at least 95% of expected; amber: at least 75%; red: below 75%;"
		htmlSet     = "Green: at least 90% of expected; amber: at least 62.5%; red: below 62.5%;"
		aboutSet    = "Green: at least 90% of what was expected by the reporting month delivered; amber: at least 62.5%; red: below 62.5%;"
		// The board pack's how-to is on its About sheet (the Summary has none).
		aboutDefault = "Green: at least 95% of what was expected by the reporting month delivered; amber: at least 75%; red: below 75%;"
	)
	// The demo's own outputs, with the default settings.
	if page := read(filepath.Join(dir, "dashboard.html")); !strings.Contains(page, htmlDefault) {
		t.Errorf("demo dashboard (default settings) lacks %q", htmlDefault)
	}
	if pack := workbookText(t, filepath.Join(dir, "board-pack.xlsx")); !strings.Contains(pack, aboutDefault) || !strings.Contains(pack, "delivering under 75% of what") {
		t.Errorf("demo board pack (default settings) lacks %q or the off-track subtitle at 75%%", aboutDefault)
	}

	out := t.TempDir()
	base := []string{"--db", filepath.Join(dir, "svhub.duckdb"), "-q", "--set", "rag_green_min=0.9", "--set", "rag_amber_min=0.625", "report"}
	for _, args := range [][]string{
		{"html", "--out", filepath.Join(out, "dashboard.html"), "--per-supplier", filepath.Join(out, "pages")},
		{"excel", "--out", filepath.Join(out, "pack.xlsx")},
		{"excel", "--per-supplier", filepath.Join(out, "feedback")},
	} {
		if code, _, errs := svhub(t, append(append([]string{}, base...), args...)...); code != 0 {
			t.Fatalf("report %v: exit %d: %s", args, code, errs)
		}
	}
	page := read(filepath.Join(out, "dashboard.html"))
	if !strings.Contains(page, htmlSet) || strings.Contains(page, "at least 95%") {
		t.Errorf("dashboard with green 0.9, amber 0.625: method text lacks %q or still says 95%%", htmlSet)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "pages", "*.html"))
	if len(pages) == 0 {
		t.Fatal("no supplier pages")
	}
	if p := read(pages[0]); !strings.Contains(p, htmlSet) {
		t.Errorf("supplier page %s lacks %q", filepath.Base(pages[0]), htmlSet)
	}
	pack := workbookText(t, filepath.Join(out, "pack.xlsx"))
	// The About sheet's settings table shows the values in force too.
	for _, want := range []string{aboutSet, "delivering under 62.5% of what was expected", "rag_green_min\t0.9\t", "rag_amber_min\t0.625\t"} {
		if !strings.Contains(pack, want) {
			t.Errorf("board pack lacks %q", want)
		}
	}
	if strings.Contains(pack, "at least 95%") {
		t.Error("board pack still says 'at least 95%'")
	}
	books, _ := filepath.Glob(filepath.Join(out, "feedback", "*.xlsx"))
	if len(books) == 0 {
		t.Fatal("no feedback workbooks")
	}
	fb := workbookText(t, books[0])
	for _, want := range []string{"Green: at least 90% of expected; amber: at least 62.5%; red: below 62.5%; grey: cannot be judged yet.", aboutSet} {
		if !strings.Contains(fb, want) {
			t.Errorf("feedback workbook %s lacks %q", filepath.Base(books[0]), want)
		}
	}
}
