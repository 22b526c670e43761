package tabular

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const fixtures = "../../testdata/tabular"

// readAll collects every row of a sheet.
func readAll(t *testing.T, f *File, sheet string) []Row {
	t.Helper()
	var rows []Row
	err := f.Rows(context.Background(), sheet, func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		t.Fatalf("Rows(%q): %v", sheet, err)
	}
	return rows
}

func open(t *testing.T, path string) *File {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return f
}

func assertRows(t *testing.T, got, want []Row) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows differ\n got: %+v\nwant: %+v", got, want)
	}
}

func sha(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestOpen_CSVDialects(t *testing.T) {
	latin1 := filepath.Join(t.TempDir(), "latin1.csv")
	// Windows-1252 as Excel writes it: 0xA3 is £, 0xE9 is é.
	if err := os.WriteFile(latin1, []byte("contract_ref,supplier_name,value_gbp\r\nC-001,Caf\xe9 Ltd,\xa3900\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		path     string
		encoding string
		delim    rune
		rows     []Row
	}{
		{
			name: "utf-8 bom, crlf, title and blank line", path: filepath.Join(fixtures, "bom_crlf.csv"),
			encoding: "utf-8-bom", delim: ',',
			rows: []Row{
				{1, []string{"Social value return – Q1 2026"}},
				{3, []string{"contract_ref", "supplier_name", "value_gbp"}},
				{4, []string{"C-001", "Acme Ltd", "£1,234.50"}},
				{5, []string{"C-002", "Smith, Jones & Co", "£900"}},
			},
		},
		{
			name: "semicolon with decimal commas", path: filepath.Join(fixtures, "semicolon.csv"),
			encoding: "utf-8", delim: ';',
			rows: []Row{
				{1, []string{"contract_ref", "measure_code", "value", "notes"}},
				{2, []string{"C-001", "NT01", "1234,50", "includes; overtime"}},
				{3, []string{"C-002", "NT02", "12"}},
			},
		},
		{
			name: "embedded newline, blank lines, ragged rows", path: filepath.Join(fixtures, "multiline.csv"),
			encoding: "utf-8", delim: ',',
			rows: []Row{
				{1, []string{"contract_ref", "notes", "value"}},
				{2, []string{"C-001", "first line\nsecond line", "10"}},
				// Lines 4 and 5 are blank (rows 3 and 4); ",," is row 6, blank.
				{5, []string{"C-002", "short"}},
				{7, []string{"C-003", `a "quoted" word`, "30", "extra"}},
			},
		},
		{
			name: "windows-1252", path: latin1, encoding: "windows-1252", delim: ',',
			rows: []Row{
				{1, []string{"contract_ref", "supplier_name", "value_gbp"}},
				{2, []string{"C-001", "Café Ltd", "£900"}},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := open(t, c.path)
			if f.Format != "csv" || f.Encoding != c.encoding || f.Delimiter != c.delim {
				t.Errorf("format %q encoding %q delimiter %q, want csv %q %q", f.Format, f.Encoding, f.Delimiter, c.encoding, c.delim)
			}
			if want := sha(t, c.path); f.SHA256 != want {
				t.Errorf("SHA256 = %s, want %s", f.SHA256, want)
			}
			if got := f.Sheets(); !reflect.DeepEqual(got, []string{""}) {
				t.Errorf("Sheets() = %q, want [\"\"]", got)
			}
			assertRows(t, readAll(t, f, ""), c.rows)
		})
	}
}

func TestOpen_Rejects(t *testing.T) {
	dir := t.TempDir()
	utf16 := filepath.Join(dir, "unicode.csv")
	if err := os.WriteFile(utf16, []byte("\xff\xfea\x00,\x00b\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path string
		want       []string
	}{
		{"unknown extension", filepath.Join(dir, "returns.pdf"), []string{"returns.pdf", ".pdf", ".csv, .xlsx"}},
		{"old xls", filepath.Join(dir, "returns.xls"), []string{"returns.xls", ".xlsx"}},
		{"no extension", filepath.Join(dir, "returns"), []string{"returns", "no extension", ".csv, .xlsx"}},
		{"missing file", filepath.Join(dir, "missing.csv"), []string{"missing.csv", "no such file"}},
		{"utf-16", utf16, []string{"unicode.csv", "UTF-16", "CSV UTF-8"}},
		{"not a zip", filepath.Join(fixtures, "table.csv") + ".xlsx", []string{"table.csv.xlsx"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Open(c.path)
			if err == nil {
				f.Close()
				t.Fatalf("Open(%s) succeeded, want an error", c.path)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestSniffDelimiter_Heuristic(t *testing.T) {
	cases := []struct {
		name string
		head string
		want rune
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon", "a;b;c\n1;2;3\n", ';'},
		{"semicolon title with comma data", "Return; Q1\na,b,c\n1,2,3\n4,5,6\n", ','},
		{"comma title with semicolon data", "Trust A, Q1 2026\na;b\n1;2\n3;4\n", ';'},
		{"decimal commas in semicolon file", "a;b;c\nx;1,5;2,5\ny;3,5;4\n", ';'},
		{"semicolons inside quotes", "a,b\n\"x;y;z\",1\n\"p;q;r\",2\n", ','},
		{"no delimiter", "just one column\nvalue\n", ','},
		{"empty", "", ','},
		{"tie goes to comma", "a,b;c\n", ','},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sniffDelimiter([]byte(c.head)); got != c.want {
				t.Errorf("sniffDelimiter(%q) = %q, want %q", c.head, got, c.want)
			}
		})
	}
}

// writeWorkbook builds the xlsx fixture in the test so no binary file is
// committed: a title row above the header, a gap of blank rows, a date and
// numbers, and a second sheet.
func writeWorkbook(t *testing.T) string {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(x.SetSheetName("Sheet1", "Returns"))
	set := func(sheet, cell string, v any) { t.Helper(); must(x.SetCellValue(sheet, cell, v)) }
	set("Returns", "A1", "Social value return Q1 2026")
	set("Returns", "A3", "contract_ref")
	set("Returns", "B3", "period")
	set("Returns", "C3", "value")
	set("Returns", "D3", "submitted")
	set("Returns", "A4", "C-001")
	set("Returns", "B4", "Apr 2026")
	set("Returns", "C4", 0.45)
	set("Returns", "D4", time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC))
	set("Returns", "A8", "C-002")
	set("Returns", "C8", 1234.5)
	set("Returns", "A9", "   ") // looks empty to a person
	if _, err := x.NewSheet("Notes"); err != nil {
		t.Fatal(err)
	}
	set("Notes", "A1", "note")
	set("Notes", "C5", "x")
	path := filepath.Join(t.TempDir(), "returns.xlsx")
	must(x.SaveAs(path))
	return path
}

func TestRows_XLSX(t *testing.T) {
	path := writeWorkbook(t)
	f := open(t, path)
	if f.Format != "xlsx" || f.Encoding != "" {
		t.Errorf("format %q encoding %q, want xlsx and no encoding", f.Format, f.Encoding)
	}
	if want := sha(t, path); f.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", f.SHA256, want)
	}
	if got, want := f.Sheets(), []string{"Returns", "Notes"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Sheets() = %q, want %q", got, want)
	}
	t.Run("returns sheet", func(t *testing.T) {
		assertRows(t, readAll(t, f, "Returns"), []Row{
			{1, []string{"Social value return Q1 2026"}},
			{3, []string{"contract_ref", "period", "value", "submitted"}},
			// 30 April 2026 is Excel serial 46142; raw reads keep it a number.
			{4, []string{"C-001", "Apr 2026", "0.45", "46142"}},
			{8, []string{"C-002", "", "1234.5"}},
		})
	})
	t.Run("second sheet", func(t *testing.T) {
		assertRows(t, readAll(t, f, "Notes"), []Row{
			{1, []string{"note"}},
			{5, []string{"", "", "x"}},
		})
	})
	t.Run("unknown sheet", func(t *testing.T) {
		err := f.Rows(context.Background(), "Summary", func(Row) error { return nil })
		if err == nil || !strings.Contains(err.Error(), `"Summary"`) || !strings.Contains(err.Error(), "returns.xlsx") {
			t.Errorf("error = %v, want one naming the sheet and the file", err)
		}
	})
}

// TestRows_XLSXMissingRows uses the stream writer, which writes only the
// rows given, so the sheet XML jumps from row 2 to row 7 with nothing in
// between; the row numbers must still be Excel's.
func TestRows_XLSXMissingRows(t *testing.T) {
	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		cell string
		vals []any
	}{{"A2", []any{"header"}}, {"A7", []any{"a", 1}}, {"B1000", []any{"far"}}} {
		if err := sw.SetRow(r.cell, r.vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gaps.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	x.Close()
	f := open(t, path)
	assertRows(t, readAll(t, f, "Sheet1"), []Row{
		{2, []string{"header"}},
		{7, []string{"a", "1"}},
		{1000, []string{"", "far"}},
	})
}

// TestRows_SameTableBothFormats checks that a table saved as csv and built
// as xlsx reads the same, so loaders need not care which they got.
func TestRows_SameTableBothFormats(t *testing.T) {
	x := excelize.NewFile()
	rows := [][]any{
		{"contract_ref", "supplier_name", "value_gbp", "sv_weighting_pct"},
		{"C-001", "Acme Ltd", 1234.5, 0.1},
		{"C-002", "Smith & Co", 900, 10},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "table.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	x.Close()

	fromXLSX := readAll(t, open(t, path), "Sheet1")
	fromCSV := readAll(t, open(t, filepath.Join(fixtures, "table.csv")), "")
	assertRows(t, fromXLSX, fromCSV)
	if len(fromCSV) != 3 || fromCSV[1].Cells[2] != "1234.5" {
		t.Errorf("unexpected csv rows %+v", fromCSV)
	}
}

func TestRows_Control(t *testing.T) {
	files := map[string]struct{ path, sheet string }{
		"csv":  {filepath.Join(fixtures, "multiline.csv"), ""},
		"xlsx": {writeWorkbook(t), "Returns"},
	}
	for name, c := range files {
		t.Run(name+"/twice gives the same rows", func(t *testing.T) {
			f := open(t, c.path)
			first := readAll(t, f, c.sheet)
			if len(first) < 3 {
				t.Fatalf("only %d rows", len(first))
			}
			assertRows(t, readAll(t, f, c.sheet), first)
		})
		t.Run(name+"/ErrStop ends early without error", func(t *testing.T) {
			f := open(t, c.path)
			var got []Row
			err := f.Rows(context.Background(), c.sheet, func(r Row) error {
				got = append(got, r)
				if len(got) == 2 {
					return ErrStop
				}
				return nil
			})
			if err != nil || len(got) != 2 {
				t.Errorf("err %v after %d rows, want nil after 2", err, len(got))
			}
			// The file can still be read in full afterwards.
			if n := len(readAll(t, f, c.sheet)); n <= 2 {
				t.Errorf("full read after ErrStop gave %d rows", n)
			}
		})
		t.Run(name+"/other errors come back unchanged", func(t *testing.T) {
			f := open(t, c.path)
			boom := errors.New("boom")
			if err := f.Rows(context.Background(), c.sheet, func(Row) error { return boom }); err != boom {
				t.Errorf("err = %v, want boom itself", err)
			}
		})
		t.Run(name+"/cancelled context stops", func(t *testing.T) {
			f := open(t, c.path)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := 0
			err := f.Rows(ctx, c.sheet, func(Row) error {
				n++
				cancel()
				return nil
			})
			if !errors.Is(err, context.Canceled) || n != 1 {
				t.Errorf("err %v after %d rows, want context.Canceled after 1", err, n)
			}
			if !strings.Contains(err.Error(), filepath.Base(c.path)) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	t.Run("csv has no named sheets", func(t *testing.T) {
		f := open(t, filepath.Join(fixtures, "table.csv"))
		if err := f.Rows(context.Background(), "Sheet1", func(Row) error { return nil }); err == nil {
			t.Error("Rows(\"Sheet1\") on a csv succeeded")
		}
	})
}
