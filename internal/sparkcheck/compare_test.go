package sparkcheck

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-hubs/svhub/internal/store"
)

func openTemp(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "c.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The comparer on two small rollup_status tables worked by hand: each
// change to Spark's side is one difference naming the mart, the key and
// both values; a difference below 1e-9 relative is none.
func TestCompare(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	base := `create or replace table %s as select * from (values
		(date '2026-09-01', 'all', 'all', 10::bigint, 'green', 0.5::double),
		(date '2026-09-01', 'region', 'Y63', 4::bigint, 'amber', null::double)) as t(as_of, level, key, commitments, rag, median_ratio)`
	cases := []struct {
		name   string
		change string // applied to the Spark side
		want   []string
	}{
		{"same", ``, nil},
		{"within 1e-9", `update spark set median_ratio = 0.5 * (1 + 4e-10) where key = 'all'`, nil},
		{"number", `update spark set median_ratio = 0.5 * (1 + 3e-9) where key = 'all'`,
			[]string{`rollup_status [as_of=2026-09-01, level="all", key="all"] median_ratio: DuckDB 0.5, Spark 0.50000000150000001`}},
		{"count", `update spark set commitments = 11 where key = 'all'`,
			[]string{`rollup_status [as_of=2026-09-01, level="all", key="all"] commitments: DuckDB 10, Spark 11`}},
		{"NULL against a value", `update spark set median_ratio = 0 where key = 'Y63'`,
			[]string{`rollup_status [as_of=2026-09-01, level="region", key="Y63"] median_ratio: DuckDB NULL, Spark 0`}},
		{"RAG", `update spark set rag = 'red' where key = 'Y63'`,
			[]string{`rollup_status [as_of=2026-09-01, level="region", key="Y63"] rag: DuckDB "amber", Spark "red"`}},
		{"missing row", `delete from spark where key = 'Y63'`,
			[]string{`rollup_status [as_of=2026-09-01, level="region", key="Y63"] (rows): DuckDB 1 rows, Spark (no row)`}},
		{"extra row", `insert into spark values (date '2026-08-01', 'all', 'all', 1, 'grey', null)`,
			[]string{`rollup_status [as_of=2026-08-01, level="all", key="all"] (rows): DuckDB (no row), Spark 1 rows`}},
		{"column", `alter table spark drop column rag`,
			[]string{`rollup_status [] rag: DuckDB column, Spark (no column)`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, s := range []string{strings.ReplaceAll(base, "%s", "duck"), strings.ReplaceAll(base, "%s", "spark"), c.change} {
				if s == "" {
					continue
				}
				if _, err := db.ExecContext(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			diffs, err := Compare(ctx, db, "rollup_status", "duck", "spark")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range diffs {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
