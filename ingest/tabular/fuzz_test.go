package tabular

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// fuzzLimits keep one fuzz input cheap: a hostile input is refused by a
// limit, not read for seconds.
var fuzzLimits = Limits{MaxWorkbookBytes: 8 << 20, MaxSheetXMLBytes: 4 << 20, MaxSharedStringsBytes: 1 << 20,
	MaxRows: 10_000, MaxColumns: 1_000, MaxCellChars: 32_767, MaxLineBytes: 64 << 10}

// readAllRows opens data as a file named name and reads every sheet,
// checking what must hold for any input: rows come in increasing order,
// every cell is valid UTF-8 within the limits, and nothing panics.
func readAllRows(t *testing.T, name string, data []byte) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenLimited(path, fuzzLimits)
	if err != nil {
		return // refused with a reason: fine
	}
	defer f.Close()
	for _, sheet := range f.Sheets() {
		last := 0
		_ = f.Rows(context.Background(), sheet, func(r Row) error {
			if r.Number <= last {
				t.Fatalf("%s sheet %q: row %d after row %d", name, sheet, r.Number, last)
			}
			last = r.Number
			if len(r.Cells) > fuzzLimits.MaxColumns || r.Number > fuzzLimits.MaxRows {
				t.Fatalf("%s: row %d with %d cells passed the limits", name, r.Number, len(r.Cells))
			}
			for _, c := range r.Cells {
				if !utf8.ValidString(c) || utf8.RuneCountInString(c) > fuzzLimits.MaxCellChars {
					t.Fatalf("%s row %d: cell %q is not valid UTF-8 within the limit", name, r.Number, c)
				}
			}
			return nil
		})
	}
}

// FuzzCSV covers dialect detection (encoding, BOM, delimiter) and reading.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"contract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,1\n",
		"\xef\xbb\xbfcontract_ref;period;measure_code;value\r\nC1;2026-04;SVM25.1.2;1,5\r\n",
		"title\n\ncontract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,\"1,000\"\n",
		"a,b\n\"multi\nline\",2\n", "a,b\n\"unterminated,2\n3,4\n", "caf\xe9,na\xefve\n1,2\n",
		"\xff\xfea\x00,\x00b\x00\n\x00", "a,b\n12\" monitor,3\n", "", "\n\n\n", ",,,\n;;;\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readAllRows(t, "f.csv", data)
	})
}

// FuzzXLSX reads small crafted workbooks: the seeds are real workbooks that
// the fuzzer mutates into damaged zips, odd XML and strange cell types.
func FuzzXLSX(f *testing.F) {
	for _, seed := range xlsxSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readAllRows(t, "f.xlsx", data)
	})
}

func xlsxSeeds(f *testing.F) [][]byte {
	var out [][]byte
	build := func(fill func(x *excelize.File)) {
		x := excelize.NewFile()
		fill(x)
		var b bytes.Buffer
		if err := x.Write(&b); err != nil {
			f.Fatal(err)
		}
		out = append(out, b.Bytes())
	}
	build(func(x *excelize.File) {
		x.SetSheetRow("Sheet1", "A1", &[]any{"contract_ref", "period", "measure_code", "value"})
		x.SetSheetRow("Sheet1", "A2", &[]any{"C1", "2026-04", "SVM25.1.2", 1.5})
	})
	build(func(x *excelize.File) {
		x.SetCellValue("Sheet1", "B3", strings.Repeat("é", 40))
		x.SetCellFormula("Sheet1", "C3", "=1/0")
		x.NewSheet("Hidden")
		x.SetSheetVisible("Hidden", false)
		x.SetCellValue("Hidden", "Z1", "far right")
	})
	return out
}

// FuzzSheetXML fuzzes what FuzzXLSX rarely reaches: a damaged zip fails its
// checksum before any XML is parsed, so here the zip stays valid and the
// fuzzer writes the sheet XML and the shared-strings table inside it.
func FuzzSheetXML(f *testing.F) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"contract_ref", "period", "measure_code", "value"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"C1", "2026-04", "SVM25.1.2", 1.5})
	x.SetCellFormula("Sheet1", "E2", "=D2*2")
	var base bytes.Buffer
	if err := x.Write(&base); err != nil {
		f.Fatal(err)
	}
	parts := map[string][]byte{}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		f.Fatal(err)
	}
	var order []string
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			f.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			f.Fatal(err)
		}
		parts[zf.Name] = b
		order = append(order, zf.Name)
	}
	const sheet, sst = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	if _, ok := parts[sst]; !ok {
		order = append(order, sst)
	}
	f.Add(parts[sheet], parts[sst])
	f.Add([]byte(`<worksheet><sheetData><row r="3"><c r="B3" t="s"><v>0</v></c><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c r="A2"><v>1e400</v></c></row></sheetData></worksheet>`),
		[]byte(`<sst count="1"><si><t>caf&#xe9;</t></si><si><r><t>a</t></r><r><t>b</t></r></si></sst>`))
	f.Fuzz(func(t *testing.T, sheetXML, sstXML []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, name := range order {
			b := parts[name]
			switch name {
			case sheet:
				b = sheetXML
			case sst:
				b = sstXML
			}
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(b)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		readAllRows(t, "f.xlsx", buf.Bytes())
		// Where the sheet is well-formed XML, svhub's scanner must read
		// what excelize reads (xlsx_test.go).
		if len(sstXML) == 0 {
			sstXML = nil
		}
		differential(t, sheetXML, sstXML)
	})
}
