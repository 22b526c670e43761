package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// hostileSupplier is a supplier name that would be a live link if a
// spreadsheet evaluated it.
const hostileSupplier = `=HYPERLINK("http://x","y")`

// templateRegister is a small register: contract C-1 (Apr 2026 to Mar 2027)
// commits monthly to apprenticeships (a count, target 12) and the Real Living
// Wage share (a percentage, target 50); C-2 (Jan to Dec 2026), from a supplier
// with a hostile name, commits quarterly to apprenticeships (target 8). C-1
// has returned apprenticeships for April and May 2026, so monitoring starts
// in April 2026.
var templateRegister = map[string]string{
	"organisations.csv": "trust_code,trust_name,ics_code,region_code\nRXX,Test Hospitals NHS Trust,QXX,Y63\n",
	"contracts.csv": "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n" +
		"C-1,Acme Ltd,RXX,100000,2026-04-01,2027-03-31,10\n" +
		`C-2,"=HYPERLINK(""http://x"",""y"")",RXX,50000,2026-01-01,2026-12-31,10` + "\n",
	"commitments.csv": "contract_ref,measure_code,target,frequency\nC-1,SVM25.1.2,12,monthly\nC-1,SVM25.1.3,50,monthly\nC-2,SVM25.1.2,8,quarterly\n",
	"returns.csv":     "contract_ref,period,measure_code,value\nC-1,2026-04,SVM25.1.2,1\nC-1,2026-05,SVM25.1.2,1\n",
}

// pythonOpenpyxl finds a python3 with openpyxl (Debian's python3-openpyxl,
// installed by .ci/run), or skips outside CI.
func pythonOpenpyxl(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import openpyxl").Run() == nil {
			return py
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("python3-openpyxl is missing: .ci/run installs it")
	}
	t.Skip("python3 with openpyxl not found (apt-get install python3-openpyxl)")
	return ""
}

// openpyxl runs a Python snippet with openpyxl imported and args as argv.
func openpyxl(t *testing.T, py, script string, args ...string) string {
	t.Helper()
	// openpyxl reads the Summary's KPI sparklines as an extension it does
	// not support and warns on stderr, which CombinedOutput would mix into
	// the lines the tests parse; only that warning is silenced.
	prelude := "import sys, warnings, openpyxl\nwarnings.filterwarnings('ignore', message='Sparkline Group extension')\n"
	cmd := exec.Command(py, append([]string{"-c", prelude + script}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	return string(out)
}

func queryCSV(t *testing.T, db, q string) [][]string {
	t.Helper()
	code, out, errs := svhub(t, "--db", db, "query", "--format", "csv", q)
	if code != 0 {
		t.Fatalf("query exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// slowTest skips a test that spawns many commands or other programs unless
// CI is set (.ci/run sets it) or SVHUB_SLOW_TESTS=1: on a busy machine they
// would push this package past go test's ten-minute limit.
func slowTest(t *testing.T) {
	t.Helper()
	if os.Getenv("CI") == "" && os.Getenv("SVHUB_SLOW_TESTS") == "" {
		t.Skip("slow (openpyxl, LibreOffice, many commands): runs in CI, or with SVHUB_SLOW_TESTS=1")
	}
}

func TestTemplate_RoundTrip(t *testing.T) {
	slowTest(t)
	py := pythonOpenpyxl(t)
	dir := t.TempDir()
	t.Setenv("SVHUB_TODAY", "2026-08-20")
	db := preparedDB(t, filepath.Join(dir, "t.duckdb"))
	var inputs []string
	for name, body := range templateRegister {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	if code, _, errs := svhub(t, "--db", db, "init", "-q"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := svhub(t, append([]string{"--db", db, "ingest", "--strict", "-q"}, inputs...)...); code != 0 {
		t.Fatalf("register: %s", errs)
	}

	out := filepath.Join(dir, "templates")
	code, stdout, errs := svhub(t, "--db", db, "template", "--all", "--out", out)
	if code != 0 {
		t.Fatalf("template exit %d: %s", code, errs)
	}
	files := strings.Fields(strings.ReplaceAll(stdout, " ", "_"))
	if len(files) != 2 {
		t.Fatalf("templates = %q, want two", stdout)
	}
	c1 := filepath.Join(out, "return C-1 Acme Ltd.xlsx")
	c2 := filepath.Join(out, "return C-2_HYPERLINK(_http_x_,_y_).xlsx")
	for _, p := range []string{c1, c2} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("no template %s (stdout %q)", p, stdout)
		}
	}

	t.Run("pre-filled rows: the periods due by frequency", func(t *testing.T) {
		// Today is 20 Aug 2026, so months up to July are due. C-1's
		// apprenticeships have April and May in: June and July are asked
		// for; its RLW share has nothing in: April to July. C-2 is
		// quarterly from January: the March quarter ended before monitoring
		// began (April), so only the June quarter is asked for.
		want := map[string][][]string{
			c1: {
				{"C-1", "2026-04", "SVM25.1.3", "pct"}, {"C-1", "2026-05", "SVM25.1.3", "pct"},
				{"C-1", "2026-06", "SVM25.1.2", "count"}, {"C-1", "2026-06", "SVM25.1.3", "pct"},
				{"C-1", "2026-07", "SVM25.1.2", "count"}, {"C-1", "2026-07", "SVM25.1.3", "pct"},
			},
			c2: {{"C-2", "2026-06", "SVM25.1.2", "count"}},
		}
		for p, rows := range want {
			f, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := f.GetRows("Return")
			f.Close()
			var keys [][]string
			for _, r := range got[4:] {
				keys = append(keys, []string{r[0], r[1], r[2], r[4]})
			}
			if !slices.EqualFunc(keys, rows, slices.Equal) {
				t.Errorf("%s rows = %q, want %q", filepath.Base(p), keys, rows)
			}
			if got[3][0] != "Contract ref" || got[3][6] != "Value" {
				t.Errorf("header = %q", got[3])
			}
		}
	})

	t.Run("protection, validation and hidden lists as another reader sees them", func(t *testing.T) {
		got := openpyxl(t, py, `
wb = openpyxl.load_workbook(sys.argv[1])
print([ws.title for ws in wb.worksheets], [ws.sheet_state for ws in wb.worksheets])
print(all(ws.protection.sheet for ws in wb.worksheets), bool(wb.security and wb.security.lockStructure))
ws = wb["Return"]
print(sorted(c.coordinate for row in ws.iter_rows(min_row=5) for c in row if not c.protection.locked))
for dv in ws.data_validations.dataValidation:
    print(dv.type, dv.operator, dv.formula1, dv.formula2 if dv.operator == "between" else "", dv.sqref)
`, c1)
		want := `['Instructions', 'Return', 'Commitments', 'Lists'] ['visible', 'visible', 'visible', 'hidden']
True True
['G10', 'G5', 'G6', 'G7', 'G8', 'G9', 'H10', 'H5', 'H6', 'H7', 'H8', 'H9', 'I10', 'I5', 'I6', 'I7', 'I8', 'I9']
decimal greaterThanOrEqual 0  G7 G9
decimal between 0 100 G5 G6 G8 G10
list None 'Lists'!$A$2:$A$13  B5:B10
list None 'Lists'!$B$2:$B$3  C5:C10
`
		if got != want {
			t.Errorf("openpyxl sees:\n%s\nwant:\n%s", got, want)
		}
	})

	ingestFile := func(t *testing.T, p string, strict bool) (int, string) {
		t.Helper()
		args := []string{"--db", db, "ingest", "-q", p}
		if strict {
			args = append(args, "--strict")
		}
		code, _, errs := svhub(t, args...)
		return code, errs
	}
	rejections := func(t *testing.T, p string) [][]string {
		t.Helper()
		return queryCSV(t, db, "select sheet, row_number, column_name, cell, reason from rejections where source_file = '"+p+"' order by row_number, column_name")
	}

	t.Run("filled by code: every row loads", func(t *testing.T) {
		f, err := excelize.OpenFile(c1)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range []float64{55, 60, 2, 65, 1, 70} {
			if err := f.SetCellValue("Return", "G"+strconv.Itoa(5+i), v); err != nil {
				t.Fatal(err)
			}
		}
		filled := filepath.Join(dir, "c1-by-code.xlsx")
		if err := f.SaveAs(filled); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if code, errs := ingestFile(t, filled, true); code != 0 {
			t.Fatalf("strict ingest exit %d: %s", code, errs)
		}
		if r := rejections(t, filled); len(r) != 0 {
			t.Errorf("rejections: %q", r)
		}
		got := queryCSV(t, db, "select strftime(period, '%Y-%m'), measure_code, value from returns_clean where source_file = '"+filled+"' order by 1, 2")
		want := [][]string{{"2026-04", "SVM25.1.3", "55"}, {"2026-05", "SVM25.1.3", "60"}, {"2026-06", "SVM25.1.2", "2"},
			{"2026-06", "SVM25.1.3", "65"}, {"2026-07", "SVM25.1.2", "1"}, {"2026-07", "SVM25.1.3", "70"}}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("loaded %q, want %q", got, want)
		}
	})

	t.Run("filled with openpyxl as a supplier's Excel would: every row loads", func(t *testing.T) {
		filled := filepath.Join(dir, "c2-by-openpyxl.xlsx")
		openpyxl(t, py, `
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Return"]
ws["G5"] = 3
ws["H5"] = "Apprentice records on the shared drive"
wb.save(sys.argv[2])
`, c2, filled)
		if code, errs := ingestFile(t, filled, true); code != 0 {
			t.Fatalf("strict ingest exit %d: %s", code, errs)
		}
		if r := rejections(t, filled); len(r) != 0 {
			t.Errorf("rejections: %q", r)
		}
		got := queryCSV(t, db, "select contract_ref, strftime(period, '%Y-%m'), measure_code, value, evidence from returns_clean where source_file = '"+filled+"'")
		if want := [][]string{{"C-2", "2026-06", "SVM25.1.2", "3", "Apprentice records on the shared drive"}}; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("loaded %q, want %q", got, want)
		}
	})

	// Each tampered copy starts from C-1's template with every value filled.
	fill := `
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Return"]
for r in range(5, 11):
    ws.cell(row=r, column=7).value = 10
`
	tampered := []struct {
		name, edit string
		want       [][]string
	}{
		// The sheets a template marks as information are passed over, so
		// only the Return sheet is named.
		{"column deleted", `ws.delete_cols(7)`,
			[][]string{{"", "", "", "", `no table svhub knows: no row in any sheet ("Return") is a header with the columns of a return or a register; ` +
				"a return needs the columns contract_ref, period, measure_code and value (or one column per measure code); " +
				"the README (What svhub reads) lists the register tables and the other names each column may go by"}}},
		{"text in a value cell", `ws["G6"] = "about 5"`,
			[][]string{{"Return", "6", "value", "G6", `expected a number such as 1,250 or £3,400.50, got "about 5"; write a plain number such as 1250 or 1,250.50`}}},
		{"period outside the contract", `ws["B5"] = "2025-12"`,
			[][]string{{"Return", "5", "period", "B5", "Dec 2025 is outside the contract's term (Apr 2026 to Mar 2027); check the month, or the contract's dates in the register"}}},
		{"protection removed and a row added", `ws.protection.sheet = False
ws.append(["C-1", "2026-07", "SVM25.1.3", "", "", "", 80])`,
			[][]string{{"Return", "11", "", "", `duplicate: row 10 of sheet "Return" already gives C-1 / 2026-07 / SVM25.1.3; keep one row per key in a file; send a correction as a new file`}}},
	}
	for i, tc := range tampered {
		t.Run("tampered: "+tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "tampered-"+string(rune('a'+i))+".xlsx")
			openpyxl(t, py, fill+tc.edit+"\nwb.save(sys.argv[2])\n", c1, p)
			code, errs := ingestFile(t, p, true)
			if code != 1 {
				t.Errorf("strict ingest exit %d, want 1 (%s)", code, errs)
			}
			got := rejections(t, p)
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("rejections:\n%q\nwant\n%q", got, tc.want)
			}
		})
	}

	t.Run("hostile supplier name is inert in the board pack, feedback workbooks and CSV", func(t *testing.T) {
		// A file from Acme alone, loaded without --strict: its good rows
		// load and its rejected row goes back to Acme, as do the rows of
		// the tampered copies of C-1's template (C-1 is Acme's in the
		// register); the copy with a column deleted was refused whole, with
		// no row to trace to a contract, so it goes to no one.
		partial := filepath.Join(dir, "acme-partly-wrong.xlsx")
		openpyxl(t, py, fill+`ws["G7"] = "two"`+"\nwb.save(sys.argv[2])\n", c1, partial)
		if code, errs := ingestFile(t, partial, false); code != 0 {
			t.Fatalf("ingest: %s", errs)
		}
		pack := filepath.Join(dir, "pack.xlsx")
		if code, _, errs := svhub(t, "--db", db, "report", "excel", "--out", pack); code != 0 {
			t.Fatalf("report excel: %s", errs)
		}
		if n := inertCells(t, pack); n == 0 {
			t.Errorf("the board pack never shows the hostile supplier name")
		}
		fb := filepath.Join(dir, "feedback")
		code, out, errs := svhub(t, "--db", db, "report", "excel", "--per-supplier", fb)
		if code != 0 {
			t.Fatalf("report excel --per-supplier: %s", errs)
		}
		files, _ := filepath.Glob(filepath.Join(fb, "*.xlsx"))
		if len(files) != 2 {
			t.Fatalf("feedback workbooks %q (stdout %q), want two", files, out)
		}
		for _, f := range files {
			inertCells(t, f)
		}
		hostileFB := filepath.Join(fb, "feedback HYPERLINK(_http_x_,_y_).xlsx")
		if n := inertCells(t, hostileFB); n == 0 {
			t.Errorf("%s never names its supplier", hostileFB)
		}
		acme, _ := excelize.OpenFile(filepath.Join(fb, "feedback Acme Ltd.xlsx"))
		rows, _ := acme.GetRows("Rejected rows")
		acme.Close()
		var got []string
		for _, r := range rows[min(5, len(rows)):] {
			got = append(got, strings.Join(r[:min(5, len(r))], "|"))
		}
		want := []string{"acme-partly-wrong.xlsx|Return|7|value|G7", "tampered-b.xlsx|Return|6|value|G6",
			"tampered-c.xlsx|Return|5|period|B5", "tampered-d.xlsx|Return|11||"}
		if !slices.Equal(got, want) {
			t.Errorf("Acme's rejected rows %q, want %q", got, want)
		}
		other, _ := excelize.OpenFile(hostileFB)
		rows, _ = other.GetRows("Rejected rows")
		other.Close()
		if strings.Contains(fmt.Sprint(rows), "acme-partly-wrong") {
			t.Errorf("another supplier's feedback shows Acme's rejected rows: %q", rows)
		}
		recs := queryCSV(t, db, "select supplier_name from contracts order by contract_ref")
		if len(recs) != 2 || recs[1][0] != "'"+hostileSupplier {
			t.Errorf("CSV supplier names = %q, want the hostile one neutralised", recs)
		}
	})

	t.Run("hostile supplier name is inert text", func(t *testing.T) {
		f, err := excelize.OpenFile(c2)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, sh := range []string{"Instructions", "Return", "Commitments"} {
			rows, _ := f.GetRows(sh)
			for r, row := range rows {
				for c, v := range row {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if formula, _ := f.GetCellFormula(sh, ref); formula != "" {
						t.Errorf("%s!%s holds a formula %q", sh, ref, formula)
					}
					if strings.HasPrefix(v, "=") {
						t.Errorf("%s!%s = %q starts with =", sh, ref, v)
					}
				}
			}
		}
		if v, _ := f.GetCellValue("Instructions", "B4"); v != "'"+hostileSupplier {
			t.Errorf("Instructions supplier = %q, want it neutralised", v)
		}
	})
}

// inertCells checks that no cell of a workbook holds a formula or text a
// spreadsheet would run (starting with =, +, -, @), and returns how many
// cells show the hostile supplier name, which must be neutralised.
func inertCells(t *testing.T, path string) int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sh, ref); formula != "" {
					t.Errorf("%s %s!%s holds a formula %q", filepath.Base(path), sh, ref, formula)
				}
				if v != "" && strings.ContainsAny(v[:1], "=+@") {
					t.Errorf("%s %s!%s = %q could run as a formula", filepath.Base(path), sh, ref, v)
				}
				if strings.Contains(v, "HYPERLINK") {
					n++
					if strings.HasPrefix(strings.TrimLeft(v, " "), "=") {
						t.Errorf("%s %s!%s = %q", filepath.Base(path), sh, ref, v)
					}
				}
			}
		}
	}
	return n
}
