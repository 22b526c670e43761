package main

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/excel"
	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/transform"
)

// The board pack's Summary chart names every trust when there are 30 or
// fewer, best first; with more it draws the 20 with the lowest share on
// track, lowest first, and its headline says so. Worked by hand: trust Tnn
// (nn = 1..N) has nn green and 10 red live commitments, so its on-track
// share nn/(nn+10) rises with nn. With 25 trusts: all 25, Trust 25 (71%)
// first, Trust 01 (9%) last. With 35: Trust 01 to Trust 20, in that order.
func TestBoardPack_TrustChartAtScale(t *testing.T) {
	s, _ := excel.Pack()
	var query string
	var own []any // the query's own parameters (the trust counts)
	for _, q := range s.Queries {
		if q.Name == "xl_trust_chart" {
			query = q.Text()
			for n, v := range q.Args {
				own = append(own, sql.Named(n, v))
			}
		}
	}
	var headline func(*spec.Result, time.Time) string
	for _, b := range s.Blocks {
		if b.ID == "xl_trust_chart" {
			headline = b.Headline
		}
	}
	if query == "" || headline == nil {
		t.Fatal("the pack has no xl_trust_chart query or block headline")
	}
	for _, tc := range []struct {
		trusts      int
		rows        int
		first, last string
		headline    string // "" : the dashboard's own (all trusts drawn)
	}{
		{25, 25, "Trust 25", "Trust 01", ""},
		{35, 20, "Trust 01", "Trust 20", "The 20 trusts with the lowest share of commitments on track, of 35"},
	} {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `create table commitment_status as
			select date '2026-09-01' as as_of, date '2027-03-01' as last_month,
			    printf('T%02d', i) as trust_code, printf('Trust %02d', i) as trust_name,
			    case when j <= i then 'green' else 'red' end as rag,
			    'Y60' as region_code, 'QHM' as ics_code, 'Supplier' as supplier_name
			from range(1, ?::bigint + 1) t(i), range(1, i + 11) u(j)`, tc.trusts); err != nil {
			t.Fatal(err)
		}
		if err := transform.CreateMetrics(ctx, db); err != nil {
			t.Fatal(err)
		}
		args := append([]any{sql.Named("as_of", time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)),
			sql.Named("region", ""), sql.Named("ics", ""), sql.Named("trust", ""), sql.Named("supplier", "")}, own...)
		rows, err := db.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		res, err := rowset.Read(rows)
		if err != nil {
			t.Fatal(err)
		}
		li := res.Col("label")
		if len(res.Rows) != tc.rows || res.Rows[0][li] != tc.first || res.Rows[len(res.Rows)-1][li] != tc.last {
			t.Errorf("%d trusts: %d bars, %v first, %v last; want %d, %s, %s", tc.trusts, len(res.Rows), res.Rows[0][li], res.Rows[len(res.Rows)-1][li], tc.rows, tc.first, tc.last)
		}
		got := headline(res, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
		switch {
		case tc.headline != "" && got != tc.headline:
			t.Errorf("%d trusts: headline %q, want %q", tc.trusts, got, tc.headline)
		case tc.headline == "" && (got == "" || got[:4] == "The "):
			t.Errorf("%d trusts: headline %q, want the dashboard's (highest share off track ...)", tc.trusts, got)
		}
	}
}
