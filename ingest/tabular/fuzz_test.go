package tabular

import (
	"bytes"
	"context"
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
