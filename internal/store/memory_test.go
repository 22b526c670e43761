package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A run's report steps lower DuckDB's memory limit to leave room for the
// Go memory beside it, then put the configured one back; a connection
// opened meanwhile must not set the configured limit again.
func TestLimitMemory_SetsThenRestores(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "x.duckdb"), MemoryLimit: "1GB"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	limit := func() string {
		t.Helper()
		var v string
		if err := db.QueryRowContext(ctx, "select current_setting('memory_limit')").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// DuckDB shows sizes in binary units: 1 GB = 10^9 bytes = 953.6 MiB,
	// 300 MB = 3*10^8 bytes = 286.1 MiB.
	if got := limit(); got != "953.6 MiB" {
		t.Fatalf("configured limit %q; want 953.6 MiB", got)
	}
	restore, err := db.LimitMemory(ctx, "300MB")
	if err != nil {
		t.Fatal(err)
	}
	if got := limit(); got != "286.1 MiB" {
		t.Errorf("during LimitMemory: %q; want 286.1 MiB", got)
	}
	if !db.lifted.Load() {
		t.Errorf("during LimitMemory a new connection would set the configured limit again")
	}
	restore()
	if got := limit(); got != "953.6 MiB" {
		t.Errorf("after restore: %q; want the configured 953.6 MiB", got)
	}
	if db.lifted.Load() {
		t.Error("after restore, new connections no longer set the configured limit")
	}
	if _, err := db.LimitMemory(ctx, "lots"); err == nil {
		t.Error(`LimitMemory("lots"): no error; want a refusal of a size DuckDB cannot read`)
	}
}
