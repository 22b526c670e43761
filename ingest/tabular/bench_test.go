package tabular

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The reader's own benchmarks, at a small size: a returns file as
// svhub gen writes one (quoted £ amounts, a note over two lines now and
// then), read as csv and as xlsx. They are for comparing a change to the
// readers with what was there before (go test -bench . -count 6, then
// benchstat), not for absolute figures.

const benchRows = 20000

func benchCells(i int) []string {
	value := fmt.Sprintf("%d.%d", i%97, i%10)
	switch i % 5 {
	case 1:
		value = fmt.Sprintf("£%d,%03d.%02d", 1+i%9, i%1000, i%100)
	case 3:
		value = "0"
	}
	note := ""
	if i%50 == 0 {
		note = "Two sites reporting, third site to follow.\nWill be included in next return."
	}
	return []string{
		fmt.Sprintf("ENG-2026-%04d", i/12), "2026-07", fmt.Sprintf("SVM25.%d.%d", 1+i%8, 1+i%4),
		value, fmt.Sprintf("Supplier %d Ltd", i/120), []string{"", "Payroll postcode report"}[i%2], note,
	}
}

var benchHeader = []string{"contract_ref", "period", "measure_code", "value", "supplier_name", "evidence", "notes"}

func benchCSV(b *testing.B) string {
	b.Helper()
	var sb strings.Builder
	sb.WriteString(strings.Join(benchHeader, ",") + "\n")
	for i := range benchRows {
		for j, c := range benchCells(i) {
			if j > 0 {
				sb.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\n\"") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			sb.WriteString(c)
		}
		sb.WriteByte('\n')
	}
	path := filepath.Join(b.TempDir(), "returns.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

func benchXLSX(b *testing.B) string {
	b.Helper()
	xl := excelize.NewFile()
	defer xl.Close()
	sw, err := xl.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	pct, err := xl.NewStyle(&excelize.Style{NumFmt: 9})
	if err != nil {
		b.Fatal(err)
	}
	row := make([]any, len(benchHeader))
	for j, h := range benchHeader {
		row[j] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		b.Fatal(err)
	}
	for i := range benchRows {
		for j, c := range benchCells(i) {
			row[j] = c
		}
		if i%3 == 0 { // a number cell, and now and then a percent
			cell := excelize.Cell{Value: float64(i%97) / 100}
			if i%9 == 0 {
				cell.StyleID = pct
			}
			row[3] = cell
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "returns.xlsx")
	if err := xl.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

func benchRead(b *testing.B, path string) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		f, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, s := range f.Sheets() {
			if err := f.Rows(context.Background(), s, func(r Row) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
		if n != benchRows+1 {
			b.Fatalf("read %d rows, want %d", n, benchRows+1)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(benchRows), "rows/op")
}

// BenchmarkRows_CSV opens (hash, encoding, delimiter) and reads a returns file.
func BenchmarkRows_CSV(b *testing.B) { benchRead(b, benchCSV(b)) }

// BenchmarkRows_XLSX opens (excelize: sheets, shared strings, styles) and
// reads the same rows from a workbook.
func BenchmarkRows_XLSX(b *testing.B) { benchRead(b, benchXLSX(b)) }
