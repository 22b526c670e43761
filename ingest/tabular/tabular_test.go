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
				{Number: 1, Cells: []string{"Social value return – Q1 2026"}},
				{Number: 3, Cells: []string{"contract_ref", "supplier_name", "value_gbp"}},
				{Number: 4, Cells: []string{"C-001", "Acme Ltd", "£1,234.50"}},
				{Number: 5, Cells: []string{"C-002", "Smith, Jones & Co", "£900"}},
			},
		},
		{
			name: "semicolon with decimal commas", path: filepath.Join(fixtures, "semicolon.csv"),
			encoding: "utf-8", delim: ';',
			rows: []Row{
				{Number: 1, Cells: []string{"contract_ref", "measure_code", "value", "notes"}},
				{Number: 2, Cells: []string{"C-001", "NT01", "1234,50", "includes; overtime"}},
				{Number: 3, Cells: []string{"C-002", "NT02", "12"}},
			},
		},
		{
			name: "embedded newline, blank lines, ragged rows", path: filepath.Join(fixtures, "multiline.csv"),
			encoding: "utf-8", delim: ',',
			rows: []Row{
				{Number: 1, Cells: []string{"contract_ref", "notes", "value"}},
				{Number: 2, Cells: []string{"C-001", "first line\nsecond line", "10"}},
				// Lines 4 and 5 are blank (rows 3 and 4); ",," is row 6, blank.
				{Number: 5, Cells: []string{"C-002", "short"}},
				{Number: 7, Cells: []string{"C-003", `a "quoted" word`, "30", "extra"}},
			},
		},
		{
			// Excel's "Unicode Text": UTF-16 LE with a BOM, tab-separated.
			name: "utf-16 unicode text", path: filepath.Join(fixtures, "unicode_text.txt"), encoding: "utf-16le", delim: '\t',
			rows: []Row{
				{Number: 1, Cells: []string{"contract_ref", "supplier_name", "value_gbp"}},
				{Number: 2, Cells: []string{"C-001", "Café Ltd", "£900"}},
			},
		},
		{
			name: "utf-16 le without bom", path: filepath.Join(fixtures, "utf16le_nobom.csv"), encoding: "utf-16le", delim: ',',
			rows: []Row{
				{Number: 1, Cells: []string{"contract_ref", "supplier_name", "value_gbp"}},
				{Number: 2, Cells: []string{"C-001", "Café Ltd", "£900"}},
			},
		},
		{
			name: "utf-16 be without bom, semicolons", path: filepath.Join(fixtures, "utf16be_nobom.csv"), encoding: "utf-16be", delim: ';',
			rows: []Row{
				{Number: 1, Cells: []string{"contract_ref", "supplier_name", "value_gbp"}},
				{Number: 2, Cells: []string{"C-001", "Café Ltd", "£900"}},
			},
		},
		{
			// Row 4 opens a quote it never closes. encoding/csv with
			// LazyQuotes read rows 4-6 as one record (the stray quote closed
			// at the end of row 6); now row 4 alone is refused and the rows
			// after it load, while row 7's real two-line note still reads.
			name: "unterminated quote swallows nothing", path: filepath.Join(fixtures, "unterminated.csv"), encoding: "utf-8", delim: ',',
			rows: []Row{
				{Number: 1, Cells: []string{"contract_ref", "period", "measure_code", "value", "notes"}},
				{Number: 2, Cells: []string{"C1", "2026-04", "M1", "1", "ok"}},
				{Number: 3, Cells: []string{"C1", "2026-05", "M1", "2", "ok"}},
				{Number: 4, Problem: problemUnclosedQuote, Hint: hintUnclosedQuote, Text: `C1,2026-06,M1,3,"unterminated note`},
				{Number: 5, Cells: []string{"C1", "2026-07", "M1", "4", "ok"}},
				{Number: 6, Cells: []string{"C1", "2026-08", "M1", "5", `a "quoted" note`}},
				{Number: 7, Cells: []string{"C1", "2026-09", "M1", "6", "two\nlines"}},
				{Number: 8, Cells: []string{"C1", "2026-10", "M1", "7", "ok"}},
			},
		},
		{
			name: "windows-1252", path: latin1, encoding: "windows-1252", delim: ',',
			rows: []Row{
				{Number: 1, Cells: []string{"contract_ref", "supplier_name", "value_gbp"}},
				{Number: 2, Cells: []string{"C-001", "Café Ltd", "£900"}},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := open(t, c.path)
			if f.Format != "csv" || f.Encoding != c.encoding || f.Delimiter != c.delim {
				t.Errorf("format %q encoding %q delimiter %q, want csv %q %q", f.Format, f.Encoding, f.Delimiter, c.encoding, c.delim)
			}
			// Only a semicolon file reads 12,5 as twelve and a half.
			if f.DecimalComma() != (c.delim == ';') {
				t.Errorf("DecimalComma() = %v for delimiter %q", f.DecimalComma(), c.delim)
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

func TestOpen_RefusedFilesAreFileErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csvText, err := os.ReadFile(filepath.Join(fixtures, "table.csv"))
	if err != nil {
		t.Fatal(err)
	}
	book, err := os.ReadFile(writeWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	cases := []struct {
		name, path string
		reason     string // in the reason
		hint       string // in the hint
	}{
		{"unknown extension", write("returns.pdf", []byte("%PDF")), "unsupported file type (.pdf)", ".xlsx or .csv"},
		{"no extension", write("returns", []byte("a,b")), "unsupported file type (no extension)", ".xlsx or .csv"},
		{"old xls", write("returns.xls", ole), ".xls", "save it as an Excel Workbook (.xlsx)"},
		{"ods", write("returns.ods", book), "OpenDocument", ".xlsx"},
		{"numbers", write("returns.numbers", book), "Apple Numbers", ".xlsx"},
		{"missing file", filepath.Join(dir, "missing.csv"), "no such file", "check the name"},
		{"csv renamed xlsx", write("table.xlsx", csvText), "not an Excel workbook: it looks like a CSV file renamed to .xlsx", "rename it to .csv"},
		{"xlsx renamed csv", write("book.csv", book), "it is an Excel workbook", "rename it to .xlsx"},
		{"encrypted workbook", write("locked.xlsx", ole), "password-protected", "remove the password"},
		{"empty csv", write("empty.csv", nil), "the file is empty", "send the file again"},
		{"empty xlsx", write("empty.xlsx", nil), "the file is empty", "send the file again"},
		{"binary csv", write("image.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), "not a text file", ".xlsx"},
		{"zip that is not a workbook", write("other.xlsx", []byte("PK\x03\x04garbage")), "not an Excel workbook, or it is damaged", "save it again"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Open(c.path)
			if err == nil {
				f.Close()
				t.Fatalf("Open(%s) succeeded, want a file error", c.path)
			}
			fe, ok := AsFileError(err)
			if !ok {
				t.Fatalf("error %v (%T) is not a *FileError", err, err)
			}
			if fe.Path != c.path || !strings.Contains(fe.Reason, c.reason) || !strings.Contains(fe.Hint, c.hint) {
				t.Errorf("got path %q reason %q hint %q, want %q, reason with %q, hint with %q", fe.Path, fe.Reason, fe.Hint, c.path, c.reason, c.hint)
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
			{Number: 1, Cells: []string{"Social value return Q1 2026"}},
			{Number: 3, Cells: []string{"contract_ref", "period", "value", "submitted"}},
			// 30 April 2026 is Excel serial 46142; raw reads keep it a number.
			// It is marked as a date (CellDate), so a number column refuses it.
			{Number: 4, Cells: []string{"C-001", "Apr 2026", "0.45", "46142"}, marks: []mark{0, 0, 0, markDate}},
			{Number: 8, Cells: []string{"C-002", "", "1234.5"}},
		})
	})
	t.Run("second sheet", func(t *testing.T) {
		assertRows(t, readAll(t, f, "Notes"), []Row{
			{Number: 1, Cells: []string{"note"}},
			{Number: 5, Cells: []string{"", "", "x"}},
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
		{Number: 2, Cells: []string{"header"}},
		{Number: 7, Cells: []string{"a", "1"}},
		{Number: 1000, Cells: []string{"", "far"}},
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
