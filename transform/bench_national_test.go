package transform_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/transform"
)

// benchNational ingests a small national data set (svhub gen's shape: all
// seven regions, about 12 commitments a contract) as CSV.
func benchNational(b *testing.B, n int) *store.DB {
	b.Helper()
	ctx := context.Background()
	r, err := synth.Generate(synth.Options{Seed: 1, Contracts: n, Months: 12, National: true, Commitments: 12})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteNational(ctx, inbox, r, "csv"); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(dir, "n.duckdb"), Today: r.Calendar.Today})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		b.Fatal(err)
	}
	if _, err := ingest.Run(ctx, db, []string{inbox}, ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
		b.Fatal(err)
	}
	return db
}

// BenchmarkDashboard_NationalVsRegional builds the dashboard's data over
// the materialised marts for all of England and for one region: the
// regional one should cost a fraction of the national one (sorted marts).
func BenchmarkDashboard_NationalVsRegional(b *testing.B) {
	db := benchNational(b, 1000)
	ctx := context.Background()
	now := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ name, region string }{{"national", ""}, {"regional", "Y60"}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Region: c.region, Now: now}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMaterialise_National rebuilds every mart over a small national
// data set: the cost each ingest pays for fast reports.
func BenchmarkMaterialise_National(b *testing.B) {
	db := benchNational(b, 1000)
	for b.Loop() {
		if err := transform.Refresh(context.Background(), db); err != nil {
			b.Fatal(err)
		}
	}
}
