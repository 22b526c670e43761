package transform_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}

func overdue(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Query(`select contract_ref || ' ' || strftime(period, '%Y-%m') || ' ' || days_overdue from missing_returns order by 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		got = append(got, s)
	}
	return got
}

func TestMarts_AreSortedTablesThatFollowTheReportsClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.duckdb")
	w := scenarioDB(t, path, time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC))
	var tables, views int
	err := w.QueryRow(`select count(*) filter (where table_type = 'BASE TABLE'), count(*) filter (where table_type = 'VIEW')
		from information_schema.tables where table_name in ('commitment_months', 'commitment_details', 'missing_returns', 'commitment_flags', 'commitment_status', 'returns_clean')`).Scan(&tables, &views)
	if err != nil {
		t.Fatal(err)
	}
	// commitment_status is a view joining commitment_months to commitment_details
	if tables != 4 || views != 2 {
		t.Errorf("got %d tables and %d views, want the 4 marts as tables, commitment_status and returns_clean views", tables, views)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)

	// See the hand-worked scenario: on 5 October only August is overdue
	// (due 30 Sep, 5 days); on 5 November August is 36 days overdue and
	// September (due 30 Oct) 6 days.
	for _, c := range []struct {
		today string
		want  []string
	}{
		{"2026-10-05", []string{"C1 2026-08 5", "C2 2026-08 5"}},
		{"2026-11-05", []string{"C1 2026-08 36", "C1 2026-09 6", "C2 2026-08 36", "C2 2026-09 6"}},
		{"2026-10-05", []string{"C1 2026-08 5", "C2 2026-08 5"}},
	} {
		d, _ := time.Parse("2006-01-02", c.today)
		r, err := store.Open(ctx, store.Options{Path: path, ReadOnly: true, Today: d})
		if err != nil {
			t.Fatal(err)
		}
		if err := transform.CheckReadable(ctx, r); err != nil {
			t.Fatal(err)
		}
		rebuilt, err := transform.FreshenMarts(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		got := overdue(t, r)
		var status int
		r.QueryRow(`select count(*) from commitment_status`).Scan(&status)
		r.Close()
		if len(got) != len(c.want) {
			t.Fatalf("today %s: got %v, want %v", c.today, got, c.want)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("today %s: got %v, want %v", c.today, got, c.want)
				break
			}
		}
		// 11 rows: see TestCommitmentStatus_HandWorkedScenario (C1 8, C2 3).
		if status != 11 {
			t.Errorf("today %s: commitment_status has %d rows, want 11", c.today, status)
		}
		same := c.today == "2026-10-05"
		if same != (len(rebuilt) == 0) {
			t.Errorf("today %s: rebuilt %v; want none on the ingest's day, the clock's marts otherwise", c.today, rebuilt)
		}
		for _, m := range rebuilt {
			if m == "commitment_months" || m == "commitment_details" {
				t.Errorf("today %s: rebuilt %s, which does not depend on the day", c.today, m)
			}
		}
	}
	if fileHash(t, path) != before {
		t.Error("read-only sessions changed the database file")
	}
}

// The threads and memory_limit settings reach DuckDB (lives here, not in
// internal/store, to keep DuckDB-linking test binaries few).
func TestStoreOpen_ThreadsAndMemoryLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "s.duckdb"), Threads: 1, MemoryLimit: "512MB"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var threads, limit string
	if err := db.QueryRow(`select current_setting('threads')::varchar, current_setting('memory_limit')::varchar`).Scan(&threads, &limit); err != nil {
		t.Fatal(err)
	}
	// DuckDB reads 512MB as 512,000,000 bytes and prints it as 488.2 MiB.
	if threads != "1" || !strings.Contains(limit, "488") {
		t.Errorf("threads %s, memory_limit %s; want 1 and 512MB", threads, limit)
	}
	if _, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "t.duckdb"), MemoryLimit: "lots"}); err == nil {
		t.Error(`memory_limit "lots" accepted`)
	}
}

// The ingest rebuilds the marts after its data commits (RebuildMarts). If
// that rebuild never ran (the process died, or it failed), the marts on
// disk describe older data: every reader must see that and build the marts
// for its own session, so no report shows stale figures.
func TestMarts_StaleAfterALoadAreRebuiltByReaders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.duckdb")
	today := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	w := scenarioDB(t, path, today)
	delivered := func(q interface {
		QueryRow(string, ...any) *sql.Row
	}) float64 {
		var d float64
		if err := q.QueryRow(`select coalesce(sum(delivered_to_date), 0) from commitment_status where contract_ref = 'C1'`).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	if delivered(w) == 0 {
		t.Fatal("the scenario's C1 has no deliveries: the test needs some")
	}
	// A load whose mart rebuild never ran: C1's returns withdrawn, one more
	// file recorded, the marts left as they were.
	err := w.Write(ctx, func(x *store.Writer) error {
		for _, s := range []string{
			`delete from returns where contract_ref = 'C1'`,
			`insert into ingest_files (file_sha256, source_file, format, load_seq, ingested_at, rows_loaded, rows_rejected, strict_failed)
				values ('f00d', 'withdrawn.csv', 'csv', 999, now(), 0, 0, false)`,
		} {
			if _, err := x.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if delivered(w) == 0 {
		t.Fatal("the stored mart changed without a rebuild: the test cannot see staleness")
	}
	w.Close()

	r, err := store.Open(ctx, store.Options{Path: path, ReadOnly: true, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rebuilt, err := transform.FreshenMarts(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+strings.Join(rebuilt, " ")+" ", " commitment_months ") {
		t.Errorf("rebuilt %v; want every mart, commitment_months among them", rebuilt)
	}
	if d := delivered(r); d != 0 {
		t.Errorf("C1 delivered %v after its returns were withdrawn; want 0", d)
	}
}

// memory_limit is a target: a mart rebuild that runs out of memory under it
// is built again with DuckDB's own limit, and the configured limit is put
// back afterwards.
func TestRebuildMarts_RetriesWithoutTheMemoryLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.duckdb")
	scenarioDB(t, path, time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)).Close()
	w, err := store.Open(ctx, store.Options{Path: path, Today: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC), MemoryLimit: "8MB"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var configured string
	w.QueryRow(`select current_setting('memory_limit')`).Scan(&configured)
	// the limit is too small for a rebuild: the first try must fail
	first := w.Write(ctx, func(x *store.Writer) error { return transform.Materialise(ctx, x) })
	if !transform.IsOutOfMemory(first) {
		t.Fatalf("a rebuild under 8MB gave %v; want DuckDB's out-of-memory error", first)
	}
	if err := transform.RebuildMarts(ctx, w); err != nil {
		t.Fatalf("RebuildMarts: %v", err)
	}
	var n int
	if err := w.QueryRow(`select count(*) from commitment_status`).Scan(&n); err != nil || n != 11 {
		t.Errorf("commitment_status has %d rows (%v), want 11 (TestCommitmentStatus_HandWorkedScenario)", n, err)
	}
	var limit string
	w.QueryRow(`select current_setting('memory_limit')`).Scan(&limit)
	if limit != configured || !strings.HasSuffix(limit, "MiB") {
		t.Errorf("memory_limit after the rebuild is %s; want the configured 8MB (%s) back", limit, configured)
	}
}

// scenarioDB is a database at path holding the hand-worked scenario,
// ingested on today.
func scenarioDB(t *testing.T, path string, today time.Time) *store.DB {
	t.Helper()
	ctx := context.Background()
	writePrepared(t, path)
	w, err := store.Open(ctx, store.Options{Path: path, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if err := transform.Prepare(ctx, w); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, w, []string{"../testdata/scenario"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := transform.RebuildMarts(ctx, w); err != nil { // the ingest leaves the marts to its caller
		t.Fatal(err)
	}
	return w
}
