package transform_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/transform"
)

// benchRegion writes a synthetic region of n contracts and ingests it.
func benchRegion(b *testing.B, n int) (*store.DB, string) {
	b.Helper()
	ctx := context.Background()
	region, err := synth.Generate(synth.Options{Seed: 1, Contracts: n, Months: 12})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(ctx, inbox, region); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(dir, "b.duckdb"), Today: region.Calendar.Today})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		b.Fatal(err)
	}
	return db, inbox
}

// BenchmarkIngest_Region measures a whole inbox (register and a year of
// returns) against DuckDB's own read_csv of the same CSV returns files, so
// the ratio shows what validation and provenance cost.
func BenchmarkIngest_Region(b *testing.B) {
	ctx := context.Background()
	db, inbox := benchRegion(b, 2000)
	var rows int
	for b.Loop() {
		res, err := ingest.Run(ctx, db, []string{inbox}, ingest.Options{Force: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
			b.Fatal(err)
		}
		rows = res.Loaded + res.Rejected
	}
	b.ReportMetric(float64(rows), "rows/op")
}

func BenchmarkRawDuckDB_ReadCSVReturns(b *testing.B) {
	db, inbox := benchRegion(b, 2000)
	glob := filepath.Join(inbox, "returns-*.csv")
	for b.Loop() {
		var n int
		// all_varchar and a lenient reader: the closest DuckDB gets to
		// reading the files without svhub's checks
		if err := db.QueryRow(`select count(*) from read_csv(?, all_varchar = true, union_by_name = true, null_padding = true, ignore_errors = true)`, glob).Scan(&n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitmentStatus_Month is the query every report runs: one month
// of commitment_status over a region.
func BenchmarkCommitmentStatus_Month(b *testing.B) {
	ctx := context.Background()
	db, inbox := benchRegion(b, 2000)
	if _, err := ingest.Run(ctx, db, []string{inbox}, ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
		b.Fatal(err)
	}
	for b.Loop() {
		var n int
		if err := db.QueryRow(`select count(*) from commitment_status where as_of = date '2026-09-01'`).Scan(&n); err != nil {
			b.Fatal(err)
		}
	}
}
