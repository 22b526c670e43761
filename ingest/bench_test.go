package ingest_test

import (
	"path/filepath"
	"testing"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/transform"
)

// BenchmarkValidate_Returns reads and checks a synthetic region's returns,
// CSV and xlsx apart (a dry run: no appender, no marts), so allocs/op
// divided by rows/op is the per-row cost of reading and validating.
func BenchmarkValidate_Returns(b *testing.B) {
	region, err := synth.Generate(synth.Options{Seed: 1, Contracts: 300, Months: 12})
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
	reg := []string{filepath.Join(inbox, "organisations.csv"), filepath.Join(inbox, "contract-register.xlsx")}
	if _, err := ingest.Run(ctx, db, reg, ingest.Options{Today: region.Calendar.Today}); err != nil {
		b.Fatal(err)
	}
	for _, ext := range []string{"csv", "xlsx"} {
		returns, err := filepath.Glob(filepath.Join(inbox, "returns-*."+ext))
		if err != nil || len(returns) == 0 {
			b.Fatalf("no returns files in %s: %v", inbox, err)
		}
		b.Run(ext, func(b *testing.B) {
			var rows int
			b.ReportAllocs()
			for b.Loop() {
				res, err := ingest.Run(ctx, db, returns, ingest.Options{DryRun: true, Today: region.Calendar.Today})
				if err != nil {
					b.Fatal(err)
				}
				if res.Rejected > res.Loaded/10 {
					b.Fatalf("%d rows rejected of %d: the register did not load", res.Rejected, res.Loaded+res.Rejected)
				}
				rows = res.Loaded + res.Rejected
			}
			b.ReportMetric(float64(rows), "rows/op")
		})
	}
}
