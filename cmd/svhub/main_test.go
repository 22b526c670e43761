package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/browsertest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/xuri/excelize/v2"
)

// svhub runs one command line in-process and returns its exit code and output.
func svhub(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	now := func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC) }
	code := run(context.Background(), args, &out, &errb, now)
	return code, out.String(), errb.String()
}

// needECharts fails a test that needs the chart library when it is
// missing in CI, and skips it loudly elsewhere (browsertest.NeedAsset).
func needECharts(t *testing.T) {
	t.Helper()
	browsertest.NeedAsset(t, html.HasECharts(), "cmd/svhub: every test that draws a dashboard",
		"built without the ECharts JavaScript (report/html/assets/echarts.common.min.js); run `make test`")
}

// rowCells reads row n (1 is the header) of a CSV file, or of a sheet of a
// workbook, without svhub's reader.
func rowCells(t *testing.T, path, sheet string, n int) []string {
	t.Helper()
	if sheet != "" {
		x, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows(sheet)
		if err != nil || len(rows) < n {
			t.Fatalf("%s sheet %s: %d rows, want row %d: %v", path, sheet, len(rows), n, err)
		}
		return rows[n-1]
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	// the demo writes some returns semicolon-separated, as Excel does
	// where the decimal separator is a comma
	head, _ := bufio.NewReader(io.NewSectionReader(f, 0, 4096)).ReadString('\n')
	if strings.Count(head, ";") > strings.Count(head, ",") {
		r.Comma = ';'
	}
	recs, err := r.ReadAll()
	if err != nil || len(recs) < n {
		t.Fatalf("%s: %d rows, want row %d: %v", path, len(recs), n, err)
	}
	return recs[n-1]
}

// externalRef finds any src or href that would load something over the network.
var externalRef = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//`)

func TestDemo_EndToEnd(t *testing.T) {
	dir := demoCopy(t, smallDemo)
	out := smallDemo.stdout
	// 3 of the 24 contracts ended before the reporting month: they are
	// reported as completed, not counted in the month's headline
	for _, want := range []string{"contracts        21", "commitments", "on track", "rejected rows", "dashboard.html", "board-pack.xlsx", "query"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "dashboard.html"))
	if err != nil {
		t.Fatal(err)
	}
	if m := externalRef.Find(page); m != nil {
		t.Errorf("dashboard loads an external resource: %s", m)
	}
	if !bytes.Contains(page, []byte("echarts")) || !bytes.Contains(page, []byte("Social value delivery")) {
		t.Error("dashboard lacks ECharts or its title")
	}
	if st, err := os.Stat(filepath.Join(dir, "board-pack.xlsx")); err != nil || st.Size() < 5000 {
		t.Errorf("board pack missing or tiny: %v", err)
	}
	inbox, _ := filepath.Glob(filepath.Join(dir, "inbox", "*"))
	var csvs, xlsxs int
	for _, f := range inbox {
		switch filepath.Ext(f) {
		case ".csv":
			csvs++
		case ".xlsx":
			xlsxs++
		}
	}
	if csvs == 0 || xlsxs == 0 {
		t.Errorf("inbox should hold both .csv and .xlsx files, got %d and %d", csvs, xlsxs)
	}

	t.Run("query prints a table", func(t *testing.T) {
		code, out, errs := svhub(t, "--db", filepath.Join(dir, "svhub.duckdb"), "query", "select rag, count(*) as n from commitment_status_latest group by 1 order by 1")
		if code != 0 || !strings.Contains(out, "rag") || !strings.Contains(out, "green") || !strings.Contains(out, "rows)") {
			t.Errorf("exit %d\n%s\n%s", code, out, errs)
		}
	})

	// Every rejected row names its file, its sheet (a workbook's "Returns";
	// none for a CSV) and the row a person sees; where the reason quotes the
	// cell, that row of that file, read here independently, holds it.
	t.Run("planted bad rows are rejected with provenance", func(t *testing.T) {
		recs := queryCSV(t, filepath.Join(dir, "svhub.duckdb"),
			"select source_file, sheet, coalesce(row_number, 0), reason from rejections where column_name is not null order by all")
		var unknownContracts, checked int
		for _, r := range recs {
			file, sheet, row, reason := filepath.Base(r[0]), r[1], r[2], r[3]
			if strings.HasPrefix(reason, "unknown contract") {
				unknownContracts++
			}
			wantSheet := map[string]string{".csv": "", ".xlsx": "Returns"}[filepath.Ext(file)]
			if sheet != wantSheet {
				t.Errorf("%s row %s: sheet %q, want %q", file, row, sheet, wantSheet)
			}
			n, err := strconv.Atoi(row)
			if err != nil || n < 2 {
				t.Errorf("%s: row %q, want a data row under the header (2 or more)", file, row)
				continue
			}
			quoted := regexp.MustCompile(`"([^"]+)"`).FindStringSubmatch(reason)
			if quoted == nil {
				continue
			}
			if cells := rowCells(t, filepath.Join(dir, "inbox", file), sheet, n); !slices.Contains(cells, quoted[1]) {
				t.Errorf("%s sheet %q row %d is %q: it lacks the cell %q the rejection quotes (%s)", file, sheet, n, cells, quoted[1], reason)
			}
			checked++
		}
		// the demo plants unknown contracts, measures and numbers in CSV and
		// workbook returns (internal/synth: plantBadRows)
		if unknownContracts == 0 || checked < 4 {
			t.Errorf("%d unknown-contract rejections and %d checked against their file, want some of each:\n%v", unknownContracts, checked, recs)
		}
	})

	t.Run("report refuses a month or scope outside the data", func(t *testing.T) {
		db := filepath.Join(dir, "svhub.duckdb")
		for _, args := range [][]string{
			{"--db", db, "report", "html", "--as-of", "2031-01", "--out", filepath.Join(dir, "x.html")},
			{"--db", db, "report", "excel", "--trust", "NOPE", "--out", filepath.Join(dir, "x.xlsx")},
		} {
			code, _, errs := svhub(t, args...)
			if code != 2 || !strings.Contains(errs, "nothing to report") {
				t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "x.html")); err == nil {
			t.Error("a refused report must not write a file")
		}
	})

	t.Run("report for one ICS", func(t *testing.T) {
		out := filepath.Join(dir, "qwo.xlsx")
		code, _, errs := svhub(t, "--db", filepath.Join(dir, "svhub.duckdb"), "report", "excel", "--ics", "QWO", "--out", out)
		if code != 0 || !strings.Contains(errs, "wrote") {
			t.Fatalf("exit %d: %s", code, errs)
		}
	})

	// The rerun writes into the shared demo's own folder: the board pack
	// lists its sources by path, so only a run into the same folder can give
	// the same bytes. The bytes it writes are the ones it replaces, or the
	// test fails.
	t.Run("rerun is byte-identical", func(t *testing.T) {
		// a second whole demo run: make test-all (TestRun_ForceRebuildsByteIdentical
		// checks the same of `svhub run`, also there)
		skipShort(t)
		shared := smallDemo.folder(t)
		before := map[string][]byte{}
		for _, f := range []string{"dashboard.html", "board-pack.xlsx"} {
			before[f], _ = os.ReadFile(filepath.Join(shared, f))
		}
		if code, _, errs := svhub(t, "demo", "--out", shared, "--contracts", "24", "--months", "4", "-q"); code != 0 {
			t.Fatalf("rerun: %s", errs)
		}
		for f, b := range before {
			after, _ := os.ReadFile(filepath.Join(shared, f))
			if len(b) == 0 || !bytes.Equal(b, after) {
				t.Errorf("%s differs between two demo runs", f)
			}
		}
	})
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("contract_ref,period,measure_code,value\nNOPE,2026-04,SVM25.1.2,1\n"), 0o644)
	db := filepath.Join(dir, "x.duckdb")
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown flag", []string{"query", "--nope", "select 1"}, 2, "unknown flag"},
		{"missing argument", []string{"ingest"}, 2, "missing"},
		{"bad month", []string{"--db", db, "report", "html", "--as-of", "Sept"}, 2, "YYYY-MM"},
		{"bad format", []string{"--db", db, "query", "--format", "xml", "select 1"}, 2, "table, csv or json"},
		{"query without a database", []string{"--db", filepath.Join(dir, "none.duckdb"), "query", "select 1"}, 3, "svhub init"},
		{"validate finds a problem", []string{"--db", db, "validate", bad}, 1, "unknown contract"},
		{"strict ingest", []string{"--db", db, "ingest", "--strict", bad}, 1, "--strict"},
		{"ingest of a missing file", []string{"--db", db, "ingest", filepath.Join(dir, "nope.csv")}, 3, notExistText(filepath.Join(dir, "nope.csv"))},
		{"bad sql", []string{"--db", db, "query", "select nope from nowhere"}, 3, "nowhere"},
		{"unknown command", []string{"nope"}, 2, `unknown command "nope"`},
		{"report pdf", []string{"--db", db, "report", "pdf"}, 2, `unknown format "pdf": expected html or excel`},
		{"report pdf --out", []string{"--db", db, "report", "pdf", "--out", "x.pdf"}, 2, "print the HTML dashboard"},
		{"report without a format", []string{"--db", db, "report"}, 2, "missing the format"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := svhub(t, c.args...)
			if code != c.code || !strings.Contains(out+errs, c.msg) {
				t.Errorf("exit %d (want %d), output %q should mention %q", code, c.code, out+errs, c.msg)
			}
		})
	}
}

func TestQuery_CSVNeutralisesFormulas(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.duckdb")
	if code, _, errs := svhub(t, "--db", db, "init"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := svhub(t, "--db", db, "query", "--format", "csv", `select '=HYPERLINK("http://x")' as a, '@SUM(A1)' as b, 'plain' as c, -5 as d`)
	if code != 0 {
		t.Fatal(errs)
	}
	want := "a,b,c,d\n\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),plain,-5\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestHelperHoldLock is not a test: run as a child process, it holds a
// database open for writing until killed, so another test can meet the lock.
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv("SVHUB_HOLD_LOCK")
	if path == "" {
		t.Skip("helper process only")
	}
	db, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	os.Stdout.WriteString("ready\n")
	time.Sleep(30 * time.Second)
}

func TestLockedDatabase_ClearMessageExit3(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.duckdb")
	child := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	child.Env = append(os.Environ(), "SVHUB_HOLD_LOCK="+path)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { child.Process.Kill(); child.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper did not start: %q %v", line, err)
	}
	for _, args := range [][]string{{"--db", path, "init"}, {"--db", path, "query", "select 1"}} {
		code, _, errs := svhub(t, args...)
		if code != 3 || !strings.Contains(errs, "in use by another process") || strings.Contains(errs, "goroutine") {
			t.Errorf("%v: exit %d, stderr %q; want 3 and a message saying the database is in use", args, code, errs)
		}
		if !strings.Contains(errs, fmt.Sprintf("PID %d", child.Process.Pid)) {
			t.Errorf("%v: the message should name the holder, PID %d: %q", args, child.Process.Pid, errs)
		}
	}
}

func TestQuery_JSONAndTable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.duckdb")
	if code, _, errs := svhub(t, "--db", db, "init"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := svhub(t, "--db", db, "query", "--format", "json", "select 1 as n, date '2026-04-01' as d, 0.1 + 0.2 as x, null as z")
	// 0.1 + 0.2 is a DECIMAL in DuckDB: exactly 0.3, not a float sum
	if code != 0 {
		t.Fatal(errs)
	}
	want := "[\n  {\n    \"d\": \"2026-04-01\",\n    \"n\": 1,\n    \"x\": 0.3,\n    \"z\": null\n  }\n]\n"
	if out != want {
		t.Errorf("json: got %q, want %q", out, want)
	}
	code, out, _ = svhub(t, "--db", db, "query", "select 'a\tb' as s, 12.53 + 0.000000000000001 as v")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.Contains(lines[2], "a b") || !strings.Contains(lines[2], "12.53") || lines[3] != "(1 rows)" {
		t.Errorf("table: exit %d\n%s", code, out)
	}
}

func TestClock_SourceDateEpoch(t *testing.T) {
	if got, want := clock("1792488600")(), time.Date(2026, 10, 20, 9, 30, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("SOURCE_DATE_EPOCH=1792488600: %v, want %v", got, want)
	}
	for _, env := range []string{"", "soon", "-5"} {
		before := time.Now()
		if got := clock(env)(); got.Before(before) || time.Since(got) > time.Minute {
			t.Errorf("SOURCE_DATE_EPOCH=%q: %v, want the real clock", env, got)
		}
	}
}

// notExistText is the system's own words for a missing file ("no such file
// or directory" on Linux, "The system cannot find the file specified." on
// Windows), which the message quotes.
func notExistText(path string) string {
	_, err := os.Stat(path)
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return "no such file"
	}
	return pe.Err.Error()
}
