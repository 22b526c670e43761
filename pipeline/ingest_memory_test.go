package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhs-hubs/svhub/internal/config"
	"github.com/nhs-hubs/svhub/internal/store"
)

// The ingest runs under ingest_memory_limit (DuckDB goes past its limit
// while it loads and rebuilds the marts), then puts memory_limit back;
// a blank ingest_memory_limit leaves memory_limit alone.
func TestIngestMemory_LowersThenRestores(t *testing.T) {
	ctx := context.Background()
	limit := func(db *store.DB) string {
		t.Helper()
		var v string
		if err := db.QueryRowContext(ctx, "select current_setting('memory_limit')").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// DuckDB shows binary units: memory_limit's default 1GB = 10^9 bytes =
	// 953.6 MiB; 300MB = 3*10^8 bytes = 286.1 MiB.
	for _, c := range []struct{ set, during string }{
		{"ingest_memory_limit=300MB", "286.1 MiB"},
		{"ingest_memory_limit=", "953.6 MiB"},
	} {
		t.Run(c.set, func(t *testing.T) {
			cfg, err := config.Load("", func(string) string { return "" }, []string{c.set})
			if err != nil {
				t.Fatal(err)
			}
			d := Database{Path: filepath.Join(t.TempDir(), "x.duckdb"), Config: cfg}
			db, err := OpenWrite(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			restore, err := ingestMemory(ctx, db, d)
			if err != nil {
				t.Fatal(err)
			}
			if got := limit(db); got != c.during {
				t.Errorf("while ingesting: memory_limit %q; want %q", got, c.during)
			}
			restore()
			if got := limit(db); got != "953.6 MiB" {
				t.Errorf("after: memory_limit %q; want the configured 953.6 MiB", got)
			}
		})
	}
}
