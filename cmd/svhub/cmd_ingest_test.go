package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

const corpusDir = "../../testdata/ingest/corpus"

// inbox copies corpus files into a fresh folder.
func inbox(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(corpusDir, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func registerDB(t *testing.T) string {
	t.Helper()
	sharedRegister.once.Do(func() {
		dir, err := os.MkdirTemp("", "svhub-register-test-")
		if err != nil {
			sharedRegister.err = err
			return
		}
		sharedRegister.dir = dir
		db := filepath.Join(dir, "r.duckdb")
		reg := []string{"../../testdata/scenario/organisations.csv", "../../testdata/scenario/contracts.csv", "../../testdata/scenario/commitments.csv"}
		if code, _, errs := svhub(t, append([]string{"--db", db, "-q", "ingest"}, reg...)...); code != 0 {
			sharedRegister.err = fmt.Errorf("register: %s", errs)
		}
	})
	if sharedRegister.err != nil {
		t.Fatal(sharedRegister.err)
	}
	db := filepath.Join(t.TempDir(), "r.duckdb")
	if err := copyFile(filepath.Join(sharedRegister.dir, "r.duckdb"), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// sharedRegister is the database registerDB copies, made once per test
// binary (a new database costs more than most tests that start from it);
// TestMain removes its folder.
var sharedRegister struct {
	once sync.Once
	dir  string
	err  error
}

// A folder holding unreadable files loads its good files, exits 0, and says
// what it could not read; --strict and validate exit 1.
func TestIngestCmd_UnreadableFilesAreReportedNotFatal(t *testing.T) {
	t.Parallel()
	db := registerDB(t)
	dir := inbox(t, "01-good-long.csv", "17-csv-renamed.xlsx", "21-password-protected.xlsx", "05-utf16-unicode-text.txt")

	code, out, errs := svhub(t, "--db", db, "--today", "2026-10-05", "validate", dir)
	if code != 1 {
		t.Errorf("validate exit %d, want 1", code)
	}
	for _, want := range []string{
		"01-good-long.csv: 4 rows read, 4 accepted, 0 rejected",
		"05-utf16-unicode-text.txt: 2 rows read, 2 accepted, 0 rejected",
		"17-csv-renamed.xlsx: NOT READ: this is not an Excel workbook: it looks like a CSV file renamed to .xlsx",
		"what to do: rename it to .csv",
		"21-password-protected.xlsx: NOT READ: this workbook is password-protected",
		"4 files, 6 rows read: 6 accepted, 0 rejected; 2 files or sheets not read",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("validate's findings (stdout) lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(errs, "accepted") {
		t.Errorf("findings went to stderr: %s", errs)
	}

	// --quiet leaves only the error line.
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-10-05", "-q", "ingest", "--strict", dir); code != 1 || !strings.Contains(errs, "--strict") || strings.Contains(errs, "NOT READ") {
		t.Errorf("ingest -q --strict: exit %d, %s", code, errs)
	}
	code, _, errs = svhub(t, "--db", db, "--today", "2026-10-05", "ingest", dir)
	if code != 0 || !strings.Contains(errs, "NOT READ") {
		t.Errorf("ingest: exit %d, want 0 with the refusals in the summary:\n%s", code, errs)
	}
	_, out, _ = svhub(t, "--db", db, "query", "--format", "csv", "select count(*) from returns_clean")
	if !strings.Contains(out, "\n6\n") {
		t.Errorf("returns loaded: %q, want 6", out)
	}
}

// One register database for the read-only validate tests (each database
// costs a full write on a busy CI machine).
func TestValidateCmd(t *testing.T) {
	t.Parallel()
	db := registerDB(t)
	t.Run("empty folder and JSON", func(t *testing.T) { validateEmptyFolderAndJSON(t, db) })
	t.Run("feedback workbooks", func(t *testing.T) { validateFeedbackWorkbooks(t, db) })
}

func validateEmptyFolderAndJSON(t *testing.T, db string) {
	code, out, _ := svhub(t, "--db", db, "validate", t.TempDir())
	if code != 1 || !strings.Contains(out, "0 rows: the folder holds no .csv or .xlsx file") {
		t.Errorf("empty folder: exit %d\n%s", code, out)
	}

	dir := inbox(t, "27-mixed.csv", "13-empty.csv")
	code, out, _ = svhub(t, "--db", db, "--today", "2026-10-05", "validate", "--format", "json", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var got struct {
		Files []struct {
			Path       string `json:"path"`
			Problem    string `json:"problem"`
			RowsRead   int    `json:"rows_read"`
			Accepted   int    `json:"accepted"`
			Rejected   int    `json:"rejected"`
			Rejections []struct {
				Row    int    `json:"row"`
				Column string `json:"column"`
				Value  string `json:"value"`
				Reason string `json:"reason"`
				Hint   string `json:"hint"`
			} `json:"rejections"`
		} `json:"files"`
		Totals map[string]int `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got.Files) != 2 || got.Totals["accepted"] != 3 || got.Totals["rejected"] != 7 || got.Totals["files_or_sheets_not_read"] != 1 {
		t.Fatalf("unexpected findings: %+v", got)
	}
	var mixed = got.Files[0]
	if !strings.HasSuffix(mixed.Path, "27-mixed.csv") {
		mixed = got.Files[1]
	}
	if mixed.RowsRead != 10 || mixed.Accepted != 3 || mixed.Rejected != 7 || len(mixed.Rejections) != 7 {
		t.Errorf("27-mixed.csv: %+v", mixed)
	}
	first := mixed.Rejections[0]
	if first.Row != 3 || first.Column != "contract_ref" || first.Value != "C9" || first.Hint == "" {
		t.Errorf("first rejection %+v", first)
	}
}

// --feedback writes one workbook per file with problems, listing its
// rejected rows with reason and hint; supplier text is inert.
func validateFeedbackWorkbooks(t *testing.T, db string) {
	dir := inbox(t, "01-good-long.csv", "25-unknown-codes.csv", "13-empty.csv")
	// A supplier's cell that Excel would run as a formula.
	os.WriteFile(filepath.Join(dir, "evil.csv"), []byte("contract_ref,period,measure_code,value\n=HYPERLINK(\"http://x\"),2026-04,SVM25.1.2,1\n"), 0o644)
	fb := filepath.Join(t.TempDir(), "feedback")
	code, _, errs := svhub(t, "--db", db, "--today", "2026-10-05", "validate", "--feedback", fb, dir)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	entries, _ := os.ReadDir(fb)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"13-empty.csv.feedback.xlsx", "25-unknown-codes.csv.feedback.xlsx", "evil.csv.feedback.xlsx"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("feedback files %v, want %v (none for the clean file)", names, want)
	}
	x, err := excelize.OpenFile(filepath.Join(fb, "25-unknown-codes.csv.feedback.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Rejected rows")
	if len(rows) != 5 || strings.Join(rows[2], "|") != "Sheet|Row|Column|Cell|Value as sent|Problem|What to do" {
		t.Fatalf("rows %q", rows)
	}
	if r := rows[4]; r[1] != "3" || r[2] != "measure_code" || r[4] != "SVM25.1.22" || !strings.Contains(r[5], "unknown measure") || !strings.Contains(r[6], "did you mean SVM25.1.2") {
		t.Errorf("row for the measure typo: %q", r)
	}
	e, err := excelize.OpenFile(filepath.Join(fb, "evil.csv.feedback.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	v, _ := e.GetCellValue("Rejected rows", "E4")
	f, _ := e.GetCellFormula("Rejected rows", "E4")
	if f != "" || !strings.HasPrefix(v, "'=") {
		t.Errorf("supplier text %q (formula %q) must be inert", v, f)
	}
}

// preparedDB writes at path (a new file) a copy of a database `svhub init`
// prepared (schema, taxonomy, views, empty marts) and returns path. A first
// command on a new database spends ~0.8 CPU-s preparing it, mostly building
// the empty marts; a test whose point is not that first preparation starts
// from the copy, and the command then only recreates the views. The
// template is made once per test binary and kept in memory.
func preparedDB(t *testing.T, path string) string {
	t.Helper()
	sharedPrepared.once.Do(func() {
		dir, err := os.MkdirTemp("", "svhub-prepared-test-")
		if err != nil {
			sharedPrepared.err = err
			return
		}
		defer os.RemoveAll(dir)
		db := filepath.Join(dir, "p.duckdb")
		if code, _, errs := svhub(t, "--db", db, "-q", "init"); code != 0 {
			sharedPrepared.err = fmt.Errorf("init the template database: exit %d %s", code, errs)
			return
		}
		sharedPrepared.file, sharedPrepared.err = os.ReadFile(db)
	})
	if sharedPrepared.err != nil {
		t.Fatal(sharedPrepared.err)
	}
	if err := os.WriteFile(path, sharedPrepared.file, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var sharedPrepared struct {
	once sync.Once
	file []byte
	err  error
}
