package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/ingest/tabular"
)

func TestIngest_TooManyRejectionsRefusesTheFile(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	// Two good rows, then 50 rows of garbage under a valid header.
	var b strings.Builder
	b.WriteString("contract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,2\n")
	for i := 0; i < 50; i++ {
		b.WriteString("zq#,zq#,zq#,zq#\n")
	}
	garbage := filepath.Join(dir, "garbage.csv")
	os.WriteFile(garbage, []byte(b.String()), 0o644)
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("contract_ref,period,measure_code,value\nC2,2026-05,SVM25.4.2,4\n"), 0o644)

	res, err := ingest.Run(ctx, db, []string{garbage, good}, ingest.Options{Limits: tabular.Limits{MaxRejectedRows: 10}})
	if err != nil {
		t.Fatal(err)
	}
	// The garbage file: its 2 good rows are not loaded, 10 rows are listed
	// (each with its problems), plus one rejection that refuses the file.
	if g := res.Files[0]; g.Loaded != 0 || g.Rejected != 10 {
		t.Errorf("garbage file: loaded %d rejected %d; want 0 and 10", g.Loaded, g.Rejected)
	}
	if n := rows(t, db, `select count(distinct row_number) from rejections where source_file = ? and row_number is not null`, garbage)[0][0].(int64); n != 10 {
		t.Errorf("%d rejected rows recorded; want 10 (rows 4-13)", n)
	}
	last := rows(t, db, `select reason from rejections where source_file = ? and row_number is null`, garbage)
	if len(last) != 1 || !strings.Contains(last[0][0].(string), "does not look like a returns file") || !strings.Contains(last[0][0].(string), "max_rejected_rows") {
		t.Errorf("summary rejection = %v; want one naming max_rejected_rows", last)
	}
	got := rows(t, db, `select source_file, value from returns_clean`)
	if len(got) != 1 || got[0][0] != good || got[0][1] != 4.0 {
		t.Errorf("returns_clean = %v; want only the good file's row", got)
	}
}

func TestIngest_InvalidUTF8RepairedVisibly(t *testing.T) {
	db := newDB(t)
	// A BOM says UTF-8, but a Windows-1252 "é" (0xE9) slipped in: the note is
	// kept with U+FFFD where the byte was, and the bad contract ref is
	// rejected with its value shown the same way.
	p := filepath.Join(t.TempDir(), "mixed.csv")
	os.WriteFile(p, []byte("\xef\xbb\xbfcontract_ref,period,measure_code,value,notes,comment\n"+
		"C1,2026-04,SVM25.1.2,1,caf\xe9 visit,ok\xe9\n"+
		"C\xe91,2026-05,SVM25.1.2,2,x,y\n"), 0o644)
	res, err := ingest.Run(ctx, db, []string{p}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 1 || res.Rejected != 1 {
		t.Fatalf("loaded %d rejected %d; want 1 and 1", res.Loaded, res.Rejected)
	}
	got := rows(t, db, `select notes, extra from returns where source_file = ?`, p)
	if len(got) != 1 || got[0][0] != "caf\uFFFD visit" || got[0][1] != `{"comment":"ok`+"\uFFFD"+`"}` {
		t.Errorf("stored %q; want the note and extra with U+FFFD", got)
	}
	rej := rows(t, db, `select value from rejections where source_file = ?`, p)
	if len(rej) != 1 || rej[0][0] != "C\uFFFD1" {
		t.Errorf("rejected value %q; want %q", rej, "C\uFFFD1")
	}
	for _, r := range append(got, rej...) {
		for _, v := range r {
			if s, ok := v.(string); ok && !utf8.ValidString(s) {
				t.Errorf("stored invalid UTF-8: %q", s)
			}
		}
	}
}

func TestIngest_LimitErrorNamesTheLimitAndLoadsNothing(t *testing.T) {
	db := newDB(t)
	p := filepath.Join(t.TempDir(), "wide.csv")
	os.WriteFile(p, []byte("contract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,"+strings.Repeat("9", 200)+"\n"), 0o644)
	// Over a limit is a file-level rejection (issue 5): the run goes on.
	res, err := ingest.Run(ctx, db, []string{p}, ingest.Options{Limits: tabular.Limits{MaxLineBytes: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Files[0]; !strings.Contains(f.Problem, "max_line_bytes") || !strings.Contains(f.Problem, "line 3") || res.Problems() == 0 {
		t.Fatalf("file problem %q; want a max_line_bytes refusal at line 3", f.Problem)
	}
	if n := rows(t, db, `select count(*) from returns`)[0][0].(int64); n != 0 {
		t.Errorf("%d rows loaded from a refused file; want 0", n)
	}
}

// writeBook writes a workbook with the given sheets (name → rows) in order.
func writeBook(t *testing.T, path string, sheets ...struct {
	name string
	rows [][]any
}) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", sh.name)
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for j, r := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, j+1)
			if err := f.SetSheetRow(sh.name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

type bookSheet = struct {
	name string
	rows [][]any
}

// A file is atomic: a workbook whose later sheet goes over a limit loads
// nothing, not even its earlier sheets (here a contract that another file's
// return refers to), and the other files load, under ingest and validate
// alike.
func TestIngest_FileRefusedPartWayLoadsNothingOfIt(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "1-book.xlsx")
	returns := [][]any{{"contract_ref", "period", "measure_code", "value"}}
	for m := 4; m <= 9; m++ { // rows 2-7: row 6 is past max_rows = 5
		returns = append(returns, []any{"C3", fmt.Sprintf("2026-%02d", m), "SVM25.1.2", m})
	}
	writeBook(t, book,
		bookSheet{"Contracts", [][]any{
			{"contract_ref", "supplier_name", "trust_code", "value_gbp", "start_date", "end_date", "sv_weighting_pct"},
			{"C3", "New Co", "T01", 1000, "2026-04-01", "2027-03-31", 10},
		}},
		bookSheet{"Returns", returns})
	c3 := filepath.Join(dir, "2-c3.csv")
	os.WriteFile(c3, []byte("contract_ref,period,measure_code,value\nC3,2026-04,SVM25.1.2,1\n"), 0o644)
	good := filepath.Join(dir, "3-good.csv")
	os.WriteFile(good, []byte("contract_ref,period,measure_code,value\nC2,2026-05,SVM25.4.2,4\n"), 0o644)
	// Load order is by modification time: make it the names' order.
	for i, p := range []string{book, c3, good} {
		when := time.Date(2026, 10, 1, 0, i, 0, 0, time.UTC)
		os.Chtimes(p, when, when)
	}
	for _, dry := range []bool{true, false} {
		t.Run(fmt.Sprintf("dry run %v", dry), func(t *testing.T) {
			db := newDB(t)
			res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{DryRun: dry, Today: corpusToday, Limits: tabular.Limits{MaxRows: 5}})
			if err != nil {
				t.Fatalf("the run stopped instead of refusing the file: %v", err)
			}
			b, c, g := res.Files[0], res.Files[1], res.Files[2]
			if b.Path != book || b.Loaded != 0 || !strings.Contains(b.Problem, "max_rows") || !strings.Contains(b.Problem, `sheet "Returns" row 6`) {
				t.Errorf("workbook: %s loaded %d, problem %q; want nothing loaded and a max_rows refusal at row 6 of Returns", b.Path, b.Loaded, b.Problem)
			}
			for _, sh := range b.Sheets {
				if sh.Loaded != 0 {
					t.Errorf("sheet %q of the refused workbook: %d loaded", sh.Sheet, sh.Loaded)
				}
			}
			// C3 came only from the refused workbook, so its return is refused.
			if c.Loaded != 0 || c.Rejected != 1 {
				t.Errorf("c3.csv: loaded %d rejected %d; want 0 and 1 (unknown contract)", c.Loaded, c.Rejected)
			}
			if g.Loaded != 1 || g.Rejected != 0 || g.Problem != "" {
				t.Errorf("good.csv: loaded %d rejected %d problem %q; want 1, 0, none", g.Loaded, g.Rejected, g.Problem)
			}
			if res.Loaded != 1 || res.FileProblems != 1 {
				t.Errorf("run: loaded %d, file problems %d; want 1 and 1", res.Loaded, res.FileProblems)
			}
			var unknown bool
			for _, r := range res.Rejections {
				unknown = unknown || (r.File == c3 && r.Row == 2 && strings.Contains(r.Reason, `unknown contract "C3"`))
			}
			if !unknown {
				t.Errorf("no unknown-contract rejection for c3.csv row 2 in %+v", res.Rejections)
			}
			if dry {
				return
			}
			if got := rows(t, db, `select contract_ref, source_file from returns`); !reflect.DeepEqual(got, [][]any{{"C2", good}}) {
				t.Errorf("returns %v; want only good.csv's C2 row", got)
			}
			if n := rows(t, db, `select count(*) from contracts where contract_ref = 'C3'`)[0][0].(int64); n != 0 {
				t.Errorf("the refused workbook's contract C3 stayed loaded")
			}
			if got := rows(t, db, `select count(*) from rejections where source_file = ? and row_number is null and reason like '%max_rows%'`, book); got[0][0].(int64) != 1 {
				t.Errorf("no file-level rejection recorded for the workbook")
			}
			if n := rows(t, db, `select count(*) from ingest_files where file_sha256 = ?`, b.SHA256)[0][0].(int64); n != 0 {
				t.Errorf("the refused workbook is recorded as ingested, so sending it again would be skipped")
			}
		})
	}
}

// Row-level limits met in a later sheet (too many rejected rows, a row
// with too many cells) refuse that workbook as a whole, earlier sheets
// included, and the other files load: the run does not stop.
func TestIngest_RowLimitsInALaterSheetRefuseOnlyThatFile(t *testing.T) {
	dir := t.TempDir()
	long := []any{"contract_ref", "period", "measure_code", "value"}
	april := bookSheet{"April", [][]any{long, {"C1", "2026-04", "SVM25.1.2", 1}, {"C1", "2026-04", "SVM25.1.3", 50}}}
	garbage := [][]any{long}
	for i := 0; i < 20; i++ {
		garbage = append(garbage, []any{"zq#", "zq#", "zq#", "zq#"})
	}
	rejects := filepath.Join(dir, "rejects.xlsx")
	writeBook(t, rejects, april, bookSheet{"May", garbage})
	wide := filepath.Join(dir, "wide.xlsx")
	writeBook(t, wide, april, bookSheet{"May", [][]any{long, {"C1", "2026-05", "SVM25.1.2", 1, "a", "b", "c", "d", "e"}}})
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("contract_ref,period,measure_code,value\nC2,2026-05,SVM25.4.2,4\n"), 0o644)

	db := newDB(t)
	res, err := ingest.Run(ctx, db, []string{rejects, wide, good}, ingest.Options{Today: corpusToday, Limits: tabular.Limits{MaxRejectedRows: 5, MaxColumns: 6}})
	if err != nil {
		t.Fatalf("the run stopped instead of refusing the files: %v", err)
	}
	for _, c := range []struct{ path, words string }{{rejects, "max_rejected_rows"}, {wide, "max_columns"}} {
		i := slices.IndexFunc(res.Files, func(f *ingest.FileResult) bool { return f.Path == c.path })
		if f := res.Files[i]; f.Loaded != 0 || !strings.Contains(f.Problem, c.words) {
			t.Errorf("%s: loaded %d, problem %q; want nothing loaded, refused naming %s", c.path, f.Loaded, f.Problem, c.words)
		}
	}
	if got := rows(t, db, `select contract_ref, source_file from returns`); !reflect.DeepEqual(got, [][]any{{"C2", good}}) {
		t.Errorf("returns %v; want only good.csv's row (April's rows of both workbooks go with them)", got)
	}
	// The first 5 rejected rows of rejects.xlsx stay listed, with the refusal.
	if n := rows(t, db, `select count(distinct row_number) from rejections where source_file = ? and sheet = 'May'`, rejects)[0][0].(int64); n != 5 {
		t.Errorf("%d rejected rows of rejects.xlsx recorded; want 5", n)
	}
	if res.Loaded != 1 || res.FileProblems != 2 {
		t.Errorf("run: loaded %d, file problems %d; want 1 and 2", res.Loaded, res.FileProblems)
	}
}
