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

// LimitMemory only lowers: a budget above the configured memory_limit (the
// ingest's 500MB on a database configured for 300MB) leaves the configured
// one in force, so a person who set a small limit keeps it.
func TestLimitMemory_NeverRaises(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "x.duckdb"), MemoryLimit: "0.3GB"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	restore, err := db.LimitMemory(ctx, "600MB")
	if err != nil {
		t.Fatal(err)
	}
	var v string
	if err := db.QueryRowContext(ctx, "select current_setting('memory_limit')").Scan(&v); err != nil {
		t.Fatal(err)
	}
	// 0.3 GB = 3*10^8 bytes = 286.1 MiB; 600 MB would show 572.2 MiB
	if v != "286.1 MiB" {
		t.Errorf("LimitMemory(600MB) under memory_limit 0.3GB: %q; want the configured 286.1 MiB", v)
	}
	restore()
	// 1 KiB = 1024 bytes > 1 KB = 1000 bytes: units as DuckDB reads them
	for _, c := range []struct {
		s    string
		want float64
	}{{"1KiB", 1024}, {"1 KB", 1000}, {"1.5GB", 1.5e9}, {"2MiB", 2 << 20}} {
		if got := sizeBytes(c.s); got != c.want {
			t.Errorf("sizeBytes(%q) = %v; want %v", c.s, got, c.want)
		}
	}
}
