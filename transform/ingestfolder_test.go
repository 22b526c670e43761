package transform_test

import (
	"context"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// ingestFolder loads every file in dir into a new database whose reference
// date is today, failing the test on any rejected row: the hand-worked
// report scenarios start from it.
func ingestFolder(t *testing.T, dir string, today time.Time) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: preparedPath(t, "x.duckdb"), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	loadFolder(t, db, dir, today)
	return db
}

// loadFolder ingests every file in dir into db, failing the test on any
// rejected row, and rebuilds the marts.
func loadFolder(t *testing.T, db *store.DB, dir string, today time.Time) {
	t.Helper()
	ctx := context.Background()
	if res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: today}); err != nil || res.Rejected != 0 {
		t.Fatalf("ingest: %v, %+v", err, res)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
		t.Fatal(err)
	}
}
