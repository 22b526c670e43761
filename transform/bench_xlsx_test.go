package transform_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/excel"
	"github.com/nhs-hubs/svhub/transform"
)

// nationalXLSX writes svhub gen's national shape as workbooks (the register
// and one returns workbook per supplier and month), the files both xlsx
// benchmarks below read.
func nationalXLSX(b *testing.B, n int) (dir string, today time.Time) {
	b.Helper()
	r, err := synth.Generate(synth.Options{Seed: 1, Contracts: n, Months: 12, National: true, Commitments: 12})
	if err != nil {
		b.Fatal(err)
	}
	dir = filepath.Join(b.TempDir(), "inbox")
	if _, err := synth.WriteNational(context.Background(), dir, r, "xlsx"); err != nil {
		b.Fatal(err)
	}
	return dir, r.Calendar.Today
}

// BenchmarkIngest_NationalXLSX is the whole xlsx ingest into a fresh
// database, marts included: compare with BenchmarkRawExcelize_NationalXLSX
// on the same workbooks (bench/run prints the same ratio at 1/10 of England).
func BenchmarkIngest_NationalXLSX(b *testing.B) {
	ctx := context.Background()
	inbox, today := nationalXLSX(b, 250)
	i := 0
	for b.Loop() {
		i++
		db, err := store.Open(ctx, store.Options{Path: filepath.Join(b.TempDir(), "x.duckdb"), Today: today})
		if err != nil {
			b.Fatal(err)
		}
		if err := transform.Prepare(ctx, db); err != nil {
			b.Fatal(err)
		}
		res, err := ingest.Run(ctx, db, []string{inbox}, ingest.Options{})
		if err == nil {
			err = transform.RebuildMarts(ctx, db) // the caller rebuilds the marts
		}
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Loaded+res.Rejected), "rows/op")
	}
}

// BenchmarkRawExcelize_NationalXLSX streams every cell of every sheet of
// the same workbooks with excelize and does nothing else: the floor an
// xlsx ingest is measured against.
func BenchmarkRawExcelize_NationalXLSX(b *testing.B) {
	inbox, _ := nationalXLSX(b, 250)
	files, err := filepath.Glob(filepath.Join(inbox, "*.xlsx"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no workbooks in %s: %v", inbox, err)
	}
	for b.Loop() {
		rows := 0
		for _, path := range files {
			rows += rawRows(b, path)
		}
		b.ReportMetric(float64(rows), "rows/op")
	}
}

func rawRows(b *testing.B, path string) int {
	f, err := excelize.OpenFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	n := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
	}
	return n
}

// BenchmarkBoardPack_National writes the board pack over a small national
// data set: its queries and every sheet, charts included.
func BenchmarkBoardPack_National(b *testing.B) {
	db := benchNational(b, 1000)
	ctx := context.Background()
	params := dashboard.Params{Now: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)}
	out := filepath.Join(b.TempDir(), "pack.xlsx")
	for b.Loop() {
		if _, err := excel.WriteBoardPack(ctx, db, params, out, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	if st, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(st.Size())/1e6, "MB")
	}
}
