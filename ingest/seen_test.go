package ingest_test

// Tests for what a new user saw go wrong (issue 5, "What was seen"), each
// reproducing the report. The per-file cases are in the corpus
// (corpus_test.go); these need several files in one run.

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
)

func writeFile(t *testing.T, path, text string, mod time.Time) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if !mod.IsZero() {
		if err := os.Chtimes(path, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(b), time.Time{})
}

// One unreadable file used to stop the whole folder (exit 3, nothing
// loaded): now it is a file-level rejection and the good files load.
func TestSeen_UnreadableFileDoesNotStopTheFolder(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	copyFile(t, filepath.Join(corpus, "05-utf16-unicode-text.txt"), filepath.Join(dir, "unicode.txt"))
	copyFile(t, filepath.Join(corpus, "17-csv-renamed.xlsx"), filepath.Join(dir, "renamed.xlsx"))
	copyFile(t, filepath.Join(corpus, "18-old-excel.xls"), filepath.Join(dir, "old.xls"))
	copyFile(t, filepath.Join(corpus, "01-good-long.csv"), filepath.Join(dir, "good.csv"))
	res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatalf("the folder failed: %v", err)
	}
	// good.csv: 4 rows; unicode.txt: 2 rows (UTF-16 is decoded, not refused).
	if res.Loaded != 6 || res.FileProblems != 2 {
		t.Errorf("loaded %d with %d files refused; want 6 and 2 (renamed.xlsx, old.xls)", res.Loaded, res.FileProblems)
	}
	got := rows(t, db, `select source_file, reason from rejections where row_number is null order by source_file`)
	if len(got) != 2 || !strings.Contains(got[0][1].(string), ".xls") || !strings.Contains(got[1][1].(string), "looks like a CSV file renamed to .xlsx") {
		t.Errorf("file rejections recorded: %v", got)
	}
}

// With returns-2026-09.csv (10) and returns-2026-09-corrected.csv (99,
// sent later) the original used to win, being later in name order. Files
// now load by modification time, and the supersession is listed; both
// being new in one run, it is listed as a conflict to check (issue 18), with
// the later by modification time taken.
func TestSeen_CorrectionSentLaterWinsWhateverItsName(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	writeFile(t, filepath.Join(dir, "returns-2026-09.csv"), "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,10\n", base)
	writeFile(t, filepath.Join(dir, "returns-2026-09-corrected.csv"), "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,99\n", base.Add(time.Hour))
	res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(t, db, `select value from returns_clean where not superseded and period = '2026-09-01'`); len(got) != 1 || got[0][0] != 99.0 {
		t.Errorf("current value %v, want 99 from the corrected file", got)
	}
	want := []ingest.Supersession{{ContractRef: "C1", Period: "2026-09", MeasureCode: "SVM25.1.2", OldValue: 10, NewValue: 99,
		OldFile: filepath.Join(dir, "returns-2026-09.csv"), NewFile: filepath.Join(dir, "returns-2026-09-corrected.csv"),
		Conflict: true, OldModTime: base, NewModTime: base.Add(time.Hour)}}
	for i := range res.Supersessions {
		s := &res.Supersessions[i]
		s.OldModTime, s.NewModTime = s.OldModTime.UTC(), s.NewModTime.UTC()
	}
	if !reflect.DeepEqual(res.Supersessions, want) {
		t.Errorf("supersessions %+v, want %+v", res.Supersessions, want)
	}
	if got := rows(t, db, `select old_value, new_value from supersessions`); len(got) != 1 || got[0][0] != 10.0 || got[0][1] != 99.0 {
		t.Errorf("supersessions view %v, want one row 10 → 99", got)
	}
}

// The same file under two names loaded twice and left returns whose load
// had no ingest_files record. The second copy is now skipped.
func TestSeen_SameContentTwiceInARunIsSkipped(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	copyFile(t, filepath.Join(corpus, "01-good-long.csv"), filepath.Join(dir, "a.csv"))
	copyFile(t, filepath.Join(corpus, "01-good-long.csv"), filepath.Join(dir, "b.csv"))
	res, err := ingest.Run(ctx, db, []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 4 || !res.Files[1].Skipped || !strings.Contains(res.Files[1].SkipReason, "same content as a.csv") {
		t.Errorf("loaded %d, second file %+v; want 4 and b.csv skipped as the same as a.csv", res.Loaded, res.Files[1])
	}
	if got := rows(t, db, `select count(*) from returns r where not exists (select 1 from ingest_files f where f.file_sha256 = r.file_sha256 and f.load_seq = r.load_seq)`); got[0][0] != int64(0) {
		t.Errorf("%v returns rows have no ingest_files record", got[0][0])
	}
}

// Two register files giving one contract different suppliers silently kept
// the last: the change is now reported, old → new.
func TestSeen_RegisterChangeIsReported(t *testing.T) {
	db := newDB(t)
	p := writeFile(t, filepath.Join(t.TempDir(), "contracts-v2.csv"),
		"contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\nC1,Acme Group Ltd,T01,1200000,15/04/2026,31/03/2027,10\n", time.Time{})
	res, err := ingest.Run(ctx, db, []string{p}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatal(err)
	}
	want := []ingest.Change{
		{ContractRef: "C1", Field: "supplier_name", Old: "Acme Catering Ltd", New: "Acme Group Ltd", File: p, Row: 2},
		{ContractRef: "C1", Field: "value_gbp", Old: "£1000000", New: "£1200000", File: p, Row: 2},
	}
	if !reflect.DeepEqual(res.Changes, want) {
		t.Errorf("changes %+v\nwant %+v", res.Changes, want)
	}
	if got := rows(t, db, `select supplier_name from contracts where contract_ref = 'C1'`); got[0][0] != "Acme Group Ltd" {
		t.Errorf("supplier %v, want the change applied", got)
	}
}

// An empty folder reported nothing and succeeded.
func TestSeen_EmptyFolderIsAProblem(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.pdf"), "%PDF", time.Time{})
	res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.FileProblems != 1 || res.Problems() == 0 || !strings.Contains(res.Files[0].Problem, "0 rows") {
		t.Errorf("empty folder: %+v", res.Files)
	}
}

// A workbook with an "Instructions" tab failed validate but loaded under
// --strict: a sheet that is not data is a note in every mode.
func TestSeen_InstructionsTabIsTheSameInEveryMode(t *testing.T) {
	p := filepath.Join(corpus, "32-instructions-tab.xlsx")
	for _, o := range []ingest.Options{{DryRun: true}, {Strict: true}, {}} {
		db := newDB(t)
		o.Today = corpusToday
		res, err := ingest.Run(ctx, db, []string{p}, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Problems() != 0 || res.Loaded != 2 || len(res.Files[0].Notes) != 1 {
			t.Errorf("options %+v: problems %d, loaded %d, notes %q; want 0, 2 and one note", o, res.Problems(), res.Loaded, res.Files[0].Notes)
		}
	}
}

// Round trip: the same returns as CSV (UTF-8, BOM with CRLF, Windows-1252,
// semicolons with a decimal comma, UTF-16 tab-separated) and as xlsx (long, with a percent cell,
// and wide) load to identical returns_clean rows.
func TestRoundTrip_SameReturnsInEveryFormat(t *testing.T) {
	dir := "../testdata/ingest/roundtrip"
	want := [][]any{
		{"C1", "2026-04-01", "SVM25.1.2", 1.0, false, true},
		{"C1", "2026-05-01", "SVM25.1.2", 2.0, false, true},
		{"C1", "2026-05-01", "SVM25.1.3", 85.0, false, true},
		{"C2", "2026-06-01", "SVM25.4.2", 1250.5, false, true},
	}
	for _, name := range []string{"returns.utf8.csv", "returns.bom.csv", "returns.1252.csv", "returns.semicolon.csv", "returns.utf16.txt", "returns.long.xlsx", "returns.wide.xlsx"} {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			res, err := ingest.Run(ctx, db, []string{filepath.Join(dir, name)}, ingest.Options{Today: corpusToday})
			if err != nil {
				t.Fatal(err)
			}
			if res.Problems() != 0 {
				t.Fatalf("problems: %+v", res.Rejections)
			}
			got := rows(t, db, `select contract_ref, strftime(period, '%Y-%m-%d'), measure_code, value, superseded, committed
				from returns_clean order by contract_ref, period, measure_code`)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("returns_clean\n got %v\nwant %v", got, want)
			}
			if !strings.Contains(name, "wide") {
				if n := rows(t, db, `select notes from returns where contract_ref = 'C1' and period = '2026-04-01'`); n[0][0] != "Café apprentices" {
					t.Errorf("notes %q: the encoding was not decoded", n[0][0])
				}
			}
		})
	}
}
