package transform_test

import (
	"context"
	"database/sql"
	"math"
	"testing"

	"github.com/nhs-hubs/svhub/transform"
)

// metricsDB is an in-memory database with the metrics macros only
// (sql/reports/metrics.sql), one connection so the test's tables are seen.
func metricsDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if err := transform.CreateMetrics(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// The RAG measures, worked by hand: 3 green, 1 amber, 1 red and 2 grey
// commitments. 7 commitments, 5 can be judged; on track = 3 ÷ 5 = 60%,
// amber 1 ÷ 5 = 20%, red 20%. Delivered ÷ expected: green 1.2, 1.0, 0.95,
// amber 0.7, red 0.3, grey 5.0 and none: the median of the five judged is
// 0.95 (with the grey 5.0 counted it would be (0.95 + 1.0) ÷ 2).
func TestMetrics_RAGCounts(t *testing.T) {
	t.Parallel()
	db := metricsDB(t)
	var commitments, green, amber, red, grey, judged int64
	var greenPct, amberPct, redPct, onTrack, median float64
	err := db.QueryRow(`
with c(rag, delivery_ratio) as (values ('green', 1.2), ('green', 1.0), ('green', 0.95), ('amber', 0.7), ('red', 0.3), ('grey', 5.0), ('grey', null))
select r.commitments, r.green, r.amber, r.red, r.grey, r.judged, r.green_pct, r.amber_pct, r.red_pct, r.on_track_pct, m
from (select rag_counts(rag) as r, median_delivery(delivery_ratio, rag) as m from c)`).
		Scan(&commitments, &green, &amber, &red, &grey, &judged, &greenPct, &amberPct, &redPct, &onTrack, &median)
	if err != nil {
		t.Fatal(err)
	}
	if commitments != 7 || green != 3 || amber != 1 || red != 1 || grey != 2 || judged != 5 {
		t.Errorf("counts: %d commitments, %d green, %d amber, %d red, %d grey, %d judged; want 7, 3, 1, 1, 2, 5",
			commitments, green, amber, red, grey, judged)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"on track", onTrack, 60}, {"green", greenPct, 60}, {"amber", amberPct, 20}, {"red", redPct, 20}, {"median", median, 0.95}} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

// Shares: 3 returns received of 4 due is 75%; nothing to judge is no share
// (null), not 0%. £ totals add as decimals: 0.1 + 0.2 is 0.3, not
// 0.30000000000000004.
func TestMetrics_SharesAndTotals(t *testing.T) {
	t.Parallel()
	db := metricsDB(t)
	var received, onTrackNone sql.NullFloat64
	var gbp float64
	var noneGreen sql.NullFloat64
	err := db.QueryRow(`
select returns_received_pct(3, 4), on_track_pct(0, 0),
    (select gbp_total(x) from (values (0.1::double), (0.2::double)) t(x)),
    (select rag_counts(rag).on_track_pct from (values ('grey'), ('grey')) t(rag))`).Scan(&received, &onTrackNone, &gbp, &noneGreen)
	if err != nil {
		t.Fatal(err)
	}
	if !received.Valid || received.Float64 != 75 {
		t.Errorf("returns received 3 of 4: %v, want 75", received)
	}
	if onTrackNone.Valid || noneGreen.Valid {
		t.Errorf("on track with none judged: %v and %v, want null", onTrackNone, noneGreen)
	}
	if gbp != 0.3 {
		t.Errorf("£ 0.1 + 0.2 = %v, want 0.3", gbp)
	}
}

// The scope fan-out, by hand: three rows in region Y60 (ICS A: trusts T1 and
// T2, suppliers S1 and S2; ICS B: trust T3, supplier S1) and one in Y61.
// The whole report with drill-down and supplier views: 'all' 3, ics:A 2,
// ics:B 1, trust:T1..T3 1 each, supplier:S1 2, supplier:S2 1 (Y61 is out of
// scope). Without supplier views no supplier scope; without drill-down only
// 'all'; scoped to trust T1 only T1's row, in its views; to ICS B only
// T3's row; to supplier S1 its two rows in Y60.
func TestMetrics_Scoped(t *testing.T) {
	t.Parallel()
	db := metricsDB(t)
	if _, err := db.Exec(`create table r as select * from (values
    ('Y60', 'A', 'T1', 'S1'), ('Y60', 'A', 'T2', 'S2'), ('Y60', 'B', 'T3', 'S1'), ('Y61', 'C', 'T4', 'S1'))
    t(region_code, ics_code, trust_code, supplier_name)`); err != nil {
		t.Fatal(err)
	}
	count := func(ics, trust, supplier string, drill, supplierViews bool) map[string]int {
		rows, err := db.Query(`select scope, count(*) from scoped(r, 'Y60', $ics, $trust, $supplier, $drill, $sv) group by scope`,
			sql.Named("ics", ics), sql.Named("trust", trust), sql.Named("supplier", supplier), sql.Named("drill", drill), sql.Named("sv", supplierViews))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				t.Fatal(err)
			}
			got[s] = n
		}
		return got
	}
	for _, tc := range []struct {
		ics, trust, supplier string
		drill, supplierViews bool
		want                 map[string]int
	}{
		{"", "", "", true, true, map[string]int{"all": 3, "ics:A": 2, "ics:B": 1, "trust:T1": 1, "trust:T2": 1, "trust:T3": 1, "supplier:S1": 2, "supplier:S2": 1}},
		{"", "", "", true, false, map[string]int{"all": 3, "ics:A": 2, "ics:B": 1, "trust:T1": 1, "trust:T2": 1, "trust:T3": 1}},
		{"", "", "", false, true, map[string]int{"all": 3}},
		{"", "T1", "", true, false, map[string]int{"all": 1, "ics:A": 1, "trust:T1": 1}},
		{"B", "", "", true, false, map[string]int{"all": 1, "ics:B": 1, "trust:T3": 1}},
		{"", "", "S1", false, false, map[string]int{"all": 2}},
	} {
		got := count(tc.ics, tc.trust, tc.supplier, tc.drill, tc.supplierViews)
		if len(got) != len(tc.want) {
			t.Errorf("%+v: %v", tc, got)
			continue
		}
		for s, n := range tc.want {
			if got[s] != n {
				t.Errorf("%+v: %v", tc, got)
				break
			}
		}
	}
}

// A capped list keeps, of a scope's 40 rows with a block Limit of 15: 100
// (keep_all) for 'all', 15 for an ICS, 15 for a supplier unless the list
// shows suppliers in full (then all 40).
func TestMetrics_ListKeeps(t *testing.T) {
	t.Parallel()
	db := metricsDB(t)
	for _, tc := range []struct {
		scope string
		full  bool
		want  int
	}{{"all", true, 100}, {"ics:A", true, 15}, {"supplier:S1", false, 15}, {"supplier:S1", true, 40}, {"trust:T1", true, 15}} {
		var got int
		if err := db.QueryRow(`select list_keeps($scope, 40, 15, 100, $full)`, sql.Named("scope", tc.scope), sql.Named("full", tc.full)).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s (suppliers in full %v): keeps %d, want %d", tc.scope, tc.full, got, tc.want)
		}
	}
}

// The list orders, by hand: flags from no_target (1) to
// uncommitted_returns (11), anything else 12; gaps from no commitments (1)
// to not yet judged (4), anything else (on track) 5. The vague flags are
// the four without a number or a plan. A measure in svhub's wording is
// marked so. Three flags on two commitments (one with no measure) count 2.
func TestMetrics_OrdersAndNames(t *testing.T) {
	t.Parallel()
	db := metricsDB(t)
	flags := []string{"no_target", "zero_target", "generic_plan", "no_delivery_plan", "no_followthrough", "unknown_measure",
		"low_sv_weighting", "no_carbon_reduction_plan", "no_net_zero_commitment", "no_climate_commitment", "uncommitted_returns", "other"}
	for i, f := range flags {
		var rank int
		var vague bool
		if err := db.QueryRow(`select flag_rank($f), is_vague($f)`, sql.Named("f", f)).Scan(&rank, &vague); err != nil {
			t.Fatal(err)
		}
		if rank != i+1 {
			t.Errorf("flag_rank(%s) = %d, want %d", f, rank, i+1)
		}
		if want := i < 4; vague != want {
			t.Errorf("is_vague(%s) = %v, want %v", f, vague, want)
		}
	}
	for i, g := range []string{"no commitments", "off track", "behind", "not yet judged", "on track"} {
		var rank int
		if err := db.QueryRow(`select gap_rank($g)`, sql.Named("g", g)).Scan(&rank); err != nil {
			t.Fatal(err)
		}
		if rank != i+1 {
			t.Errorf("gap_rank(%s) = %d, want %d", g, rank, i+1)
		}
	}
	var provisional, verified string
	var counted int
	if err := db.QueryRow(`select worded_name('Apprentices', 'provisional'), worded_name('Apprentices', 'verified'),
    (select commitments_counted(c, m) from (values ('C1', 'M1'), ('C1', 'M1'), ('C1', null)) t(c, m))`).Scan(&provisional, &verified, &counted); err != nil {
		t.Fatal(err)
	}
	if provisional != "Apprentices (svhub wording)" || verified != "Apprentices" || counted != 2 {
		t.Errorf("worded_name: %q and %q; commitments_counted: %d; want \"Apprentices (svhub wording)\", \"Apprentices\", 2", provisional, verified, counted)
	}
}
