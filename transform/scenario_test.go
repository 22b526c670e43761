package transform_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// openScenario loads testdata/scenario (two contracts, three commitments,
// four months of returns) into a fresh database with today fixed.
func openScenario(t *testing.T, today string) *store.DB {
	t.Helper()
	d, _ := time.Parse("2006-01-02", today)
	return sharedDB(t, "scenario on "+today, store.Options{Today: d}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := ingest.Run(ctx, db, []string{"../testdata/scenario"}, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
			t.Fatal(err)
		}
		if res.Rejected != 0 {
			t.Fatalf("scenario should load cleanly, got %d rejections, first: %+v", len(res.Rejections), res.Rejections[0])
		}
	})
}

type status struct {
	expected, delivered, ratio float64
	rag                        string
}

func statusAt(t *testing.T, db *store.DB, asOf string) map[string]status {
	t.Helper()
	rows, err := db.Query(`select contract_ref || ' ' || measure_code, expected_to_date, coalesce(delivered_to_date, -1), coalesce(delivery_ratio, -1), rag
		from commitment_status where as_of = cast(? as date)`, asOf)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]status{}
	for rows.Next() {
		var k string
		var s status
		if err := rows.Scan(&k, &s.expected, &s.delivered, &s.ratio, &s.rag); err != nil {
			t.Fatal(err)
		}
		got[k] = s
	}
	return got
}

// The expected numbers are worked out by hand:
//
//	C1 runs 15 Apr 2026 – 31 Mar 2027: 12 months, April to March.
//	  SVM25.1.2 apprenticeships (sum), target 12 → 1 a month expected.
//	    returns Apr 1, May 0, Jun 2, Jul 0.
//	    at Jul: expected 12×4/12 = 4, delivered 3, ratio 0.75 → amber (≥ 0.75).
//	    at Jun: expected 3, delivered 3, ratio 1 → green.
//	  SVM25.1.3 Real Living Wage % (latest), target 80.
//	    returns 70, 75, 78, 77 → at Jul delivered 77, ratio 0.9625 → green;
//	    at May delivered 75, ratio 0.9375 → amber.
//	C2 runs 1 May 2026 – 30 Apr 2027: 12 months.
//	  SVM25.4.2 waste tonnes (sum), target 24 → 2 a month expected.
//	    returns May 1, Jun 1.5, Jul 1.
//	    at Jul: expected 24×3/12 = 6, delivered 3.5, ratio 0.583333 → red.
//	    at Jun: expected 4, delivered 2.5, ratio 0.625 → red.
func TestCommitmentStatus_HandWorkedScenario(t *testing.T) {
	t.Parallel()
	db := openScenario(t, "2026-10-05")
	cases := []struct {
		asOf, key string
		want      status
	}{
		{"2026-07-01", "C1 SVM25.1.2", status{4, 3, 0.75, "amber"}},
		{"2026-07-01", "C1 SVM25.1.3", status{80, 77, 0.9625, "green"}},
		{"2026-07-01", "C2 SVM25.4.2", status{6, 3.5, 0.583333, "red"}},
		{"2026-06-01", "C1 SVM25.1.2", status{3, 3, 1, "green"}},
		{"2026-06-01", "C2 SVM25.4.2", status{4, 2.5, 0.625, "red"}},
		{"2026-05-01", "C1 SVM25.1.3", status{80, 75, 0.9375, "amber"}},
	}
	for _, c := range cases {
		t.Run(c.asOf+" "+c.key, func(t *testing.T) {
			got, ok := statusAt(t, db, c.asOf)[c.key]
			if !ok {
				t.Fatalf("no row for %s at %s", c.key, c.asOf)
			}
			if !near(got.expected, c.want.expected) || !near(got.delivered, c.want.delivered) || !near(got.ratio, c.want.ratio) || got.rag != c.want.rag {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}

	t.Run("rows run from each commitment's first month to the reporting month", func(t *testing.T) {
		var c1, c2 int
		var first string
		err := db.QueryRow(`select count(*) filter (where contract_ref = 'C1'), count(*) filter (where contract_ref = 'C2'),
			strftime(min(as_of) filter (where contract_ref = 'C2'), '%Y-%m') from commitment_status`).Scan(&c1, &c2, &first)
		if err != nil {
			t.Fatal(err)
		}
		// C1: Apr–Jul for two commitments = 8; C2: May–Jul = 3.
		if c1 != 8 || c2 != 3 || first != "2026-05" {
			t.Errorf("C1 rows %d (want 8), C2 rows %d (want 3), C2 starts %s (want 2026-05)", c1, c2, first)
		}
	})

	t.Run("latest view is the reporting month", func(t *testing.T) {
		var n int
		var asOf string
		if err := db.QueryRow(`select count(*), strftime(max(as_of), '%Y-%m') from commitment_status_latest`).Scan(&n, &asOf); err != nil {
			t.Fatal(err)
		}
		if n != 3 || asOf != "2026-07" {
			t.Errorf("got %d rows at %s, want 3 at 2026-07", n, asOf)
		}
	})

	t.Run("missing returns: August is overdue on 5 October, September is not", func(t *testing.T) {
		// August's due date is 31 Aug + 30 days = 30 Sep; on 5 Oct that is 5
		// days overdue. September's (30 Oct) has not passed.
		rows, err := db.Query(`select contract_ref, strftime(period, '%Y-%m'), days_overdue from missing_returns order by 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var c, p string
			var d int
			rows.Scan(&c, &p, &d)
			got = append(got, c+" "+p+" "+itoa(d))
		}
		want := []string{"C1 2026-08 5", "C2 2026-08 5"}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func TestCommitmentStatus_Thresholds(t *testing.T) {
	t.Parallel()
	// Lower amber from 0.75 to 0.5 (green stays 0.95): at Jul C2's waste
	// at 0.583333 turns from red to amber, C1's apprenticeships at 0.75 stay
	// amber and its RLW measure at 0.9625 stays green.
	db := openScenario(t, "2026-10-05")
	if _, err := db.Exec(`update settings set value = '0.5' where key = 'rag_amber_min'`); err != nil {
		t.Fatal(err)
	}
	// Marts are tables: a settings change rebuilds them, as commands that
	// change settings do.
	if err := transform.Refresh(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	got := statusAt(t, db, "2026-07-01")
	if got["C2 SVM25.4.2"].rag != "amber" || got["C1 SVM25.1.2"].rag != "amber" || got["C1 SVM25.1.3"].rag != "green" {
		t.Errorf("with amber at 0.5 got %+v", got)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func itoa(n int) string {
	s := ""
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestRollupStatus_HandWorkedScenario(t *testing.T) {
	t.Parallel()
	// At Jul 2026: C1 apprenticeships amber, C1 RLW green, C2 waste red.
	// M1 holds both C1 measures (1 green of 2 judged = 50%); M2 the waste
	// measure (0 of 1); the trust all three (1 of 3 = 33.3%).
	db := openScenario(t, "2026-10-05")
	cases := []struct {
		level, key              string
		green, amber, red, grey int
		onTrack                 float64
	}{
		{"mission", "M1", 1, 1, 0, 0, 50},
		{"mission", "M2", 0, 0, 1, 0, 0},
		{"trust", "T01", 1, 1, 1, 0, 100.0 / 3},
		{"supplier", "Build Co Ltd", 0, 0, 1, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.level+" "+c.key, func(t *testing.T) {
			var g, a, r, gr int
			var pct float64
			err := db.QueryRow(`select green, amber, red, grey, on_track_pct from rollup_status
				where as_of = date '2026-07-01' and level = ? and key = ?`, c.level, c.key).Scan(&g, &a, &r, &gr, &pct)
			if err != nil {
				t.Fatal(err)
			}
			if g != c.green || a != c.amber || r != c.red || gr != c.grey || !near(pct, c.onTrack) {
				t.Errorf("got %d/%d/%d/%d %.4f, want %d/%d/%d/%d %.4f", g, a, r, gr, pct, c.green, c.amber, c.red, c.grey, c.onTrack)
			}
		})
	}
}
