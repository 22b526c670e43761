package transform_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

const scenario2 = "../testdata/scenarios/frequencies"

// openScenario2 loads testdata/scenarios/frequencies: its inbox, and a
// later correction that supersedes one return. Monitoring
// starts in April 2027 through the configuration's session variable, as
// svhub.toml or SVHUB_MONITORING_START would set it; today is 30 March 2028.
func openScenario2(t *testing.T, vars map[string]any) *store.DB {
	t.Helper()
	if vars == nil {
		vars = map[string]any{"svhub_monitoring_start": "2027-04"}
	}
	return openInboxAndLater(t, scenario2, time.Date(2028, 3, 30, 0, 0, 0, 0, time.UTC), vars, 1)
}

// openInboxAndLater loads dir/inbox and then every file of dir/later (the
// corrections) into a fresh database with today fixed, and checks that the
// load was clean and superseded wantSupersessions returns.
func openInboxAndLater(t *testing.T, dir string, today time.Time, vars map[string]any, wantSupersessions int) *store.DB {
	t.Helper()
	key := fmt.Sprintf("%s on %s with %v, %d superseded", dir, today.Format(time.DateOnly), vars, wantSupersessions)
	return sharedDB(t, key, store.Options{Today: today, Vars: vars}, func(t *testing.T, db *store.DB) {
		loadInboxAndLater(t, db, dir, today, wantSupersessions)
	})
}

func loadInboxAndLater(t *testing.T, db *store.DB, dir string, today time.Time, wantSupersessions int) {
	t.Helper()
	ctx := context.Background()
	// One ingest (marts are rebuilt once per ingest): the corrections are
	// copied and dated a minute after the newest inbox file, so they load
	// after the inbox and supersede the earlier figures.
	newest := time.Time{}
	entries, _ := os.ReadDir(filepath.Join(dir, "inbox"))
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.ModTime().After(newest) {
			newest = info.ModTime()
		}
	}
	paths := []string{filepath.Join(dir, "inbox")}
	later, _ := os.ReadDir(filepath.Join(dir, "later"))
	tmp := t.TempDir()
	for _, e := range later {
		b, err := os.ReadFile(filepath.Join(dir, "later", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(tmp, e.Name())
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, newest.Add(time.Minute), newest.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res, err := ingest.Run(ctx, db, paths, ingest.Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
		t.Fatal(err)
	}
	if res.Rejected != 0 {
		t.Fatalf("the scenario should load cleanly, got %d rejections, first: %+v", res.Rejected, res.Rejections[0])
	}
	if len(res.Supersessions) != wantSupersessions {
		t.Fatalf("the corrections should supersede %d returns, got %d", wantSupersessions, len(res.Supersessions))
	}
}

// readExpected reads an expected-results CSV, skipping '#' comment lines
// (where the numbers are worked out by hand).
func readExpected(t *testing.T, name string) ([]string, [][]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(scenario2, "expected", name))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(strings.Join(lines, "\n"))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs[0], recs[1:]
}

// queryText runs q and returns every cell as text: NULL as "", dates as
// YYYY-MM-DD, numbers as given.
func queryText(t *testing.T, db *store.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
			case time.Time:
				rec[i] = x.Format("2006-01-02")
			case float64:
				rec[i] = strconv.FormatFloat(x, 'f', -1, 64)
			default:
				rec[i] = fmt.Sprint(x)
			}
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameCell compares an expected cell with a got one: numbers within 1e-6
// (relative for large ones), everything else exactly.
func sameCell(want, got string) bool {
	if want == got {
		return true
	}
	w, err1 := strconv.ParseFloat(want, 64)
	g, err2 := strconv.ParseFloat(got, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	return math.Abs(w-g) <= 1e-6*math.Max(1, math.Abs(w))
}

func compareTable(t *testing.T, name string, got [][]string) {
	t.Helper()
	header, want := readExpected(t, name)
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d\ngot:  %v\nwant: %v", name, len(got), len(want), got, want)
		return
	}
	for i := range want {
		for j := range header {
			if j >= len(got[i]) || !sameCell(want[i][j], got[i][j]) {
				t.Errorf("%s row %d (%s) %s: got %q, want %q", name, i+1, strings.Join(want[i][:min(3, len(want[i]))], " "), header[j], cellOf(got[i], j), want[i][j])
			}
		}
	}
}

func cellOf(r []string, j int) string {
	if j < len(r) {
		return r[j]
	}
	return "<missing>"
}

// expectedQuery selects the expected file's columns from a view.
func expectedQuery(t *testing.T, name, from, where, order string) string {
	header, _ := readExpected(t, name)
	return "select " + strings.Join(header, ", ") + " from " + from + " where " + where + " order by " + order
}

func TestScenario2_HandWorked(t *testing.T) {
	t.Parallel()
	db := openScenario2(t, nil)

	t.Run("commitment_status", func(t *testing.T) {
		header, want := readExpected(t, "status.csv")
		var got [][]string
		for _, w := range want {
			r := queryText(t, db, "select "+strings.Join(header, ", ")+` from commitment_status
				where as_of = cast(? as date) and contract_ref = ? and measure_code = ?`, w[0], w[1], w[2])
			if len(r) != 1 {
				t.Fatalf("%d rows for %v", len(r), w[:3])
			}
			got = append(got, r[0])
		}
		compareTable(t, "status.csv", got)
	})
	t.Run("commitment_status_latest", func(t *testing.T) {
		compareTable(t, "latest.csv", queryText(t, db, expectedQuery(t, "latest.csv", "commitment_status_latest", "true", "1, 2")))
	})
	t.Run("completed_commitments", func(t *testing.T) {
		compareTable(t, "completed_commitments.csv", queryText(t, db, expectedQuery(t, "completed_commitments.csv", "completed_commitments", "true", "contract_ref, measure_code")))
	})
	t.Run("completed_contracts", func(t *testing.T) {
		compareTable(t, "completed_contracts.csv", queryText(t, db, expectedQuery(t, "completed_contracts.csv", "completed_contracts", "true", "1")))
	})
	t.Run("missing_returns", func(t *testing.T) {
		compareTable(t, "missing_returns.csv", queryText(t, db, expectedQuery(t, "missing_returns.csv", "missing_returns", "true", "1, 2")))
	})
	t.Run("commitment_flags", func(t *testing.T) {
		compareTable(t, "commitment_flags.csv", queryText(t, db, expectedQuery(t, "commitment_flags.csv", "commitment_flags", "true", "1, 2 nulls first, 3")))
	})
	t.Run("rollup mission", func(t *testing.T) {
		compareTable(t, "rollup_mission.csv", queryText(t, db, expectedQuery(t, "rollup_mission.csv", "rollup_status",
			"level = 'mission' and as_of = date '2028-02-01'", "key")))
	})
	t.Run("priority_gaps", func(t *testing.T) {
		compareTable(t, "priority_gaps.csv", queryText(t, db, expectedQuery(t, "priority_gaps.csv", "priority_gaps", "true",
			"ics_code, priority_rank, target_code, level, local_area nulls first")))
	})
	t.Run("highlights", func(t *testing.T) {
		compareTable(t, "highlights.csv", queryText(t, db, expectedQuery(t, "highlights.csv", "highlights", "true", "kind, supplier_name")))
	})
	t.Run("report_settings", func(t *testing.T) {
		got := queryText(t, db, `select reporting_month, monitoring_start, monitoring_start_source, proxy_label from report_settings`)
		want := []string{"2028-02-01", "2027-04-01", "setting monitoring_start", "illustrative proxy values: Scenario proxy table (illustrative), 2027"}
		if len(got) != 1 || strings.Join(got[0], "|") != strings.Join(want, "|") {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

// Without the monitoring_start setting, monitoring starts at the earliest
// return: C's backdated January 2026 return. C's volunteering is then judged
// over Jan 2026-Feb 2028 (26 months: expected 960*26/96 = 260, delivered
// 10 + 90 = 100 -> 0.384615 red), and every month of 2026 and Mar 2027
// without a return is overdue for C: Feb 2026-Mar 2027 is 14 months, plus
// Oct 2027 = 15 rows (Jan 2026 has its return).
func TestScenario2_MonitoringStartDefaultsToEarliestReturn(t *testing.T) {
	t.Parallel()
	db := openScenario2(t, map[string]any{})
	got := queryText(t, db, `select expected_to_date, delivered_to_date, delivery_ratio, rag from commitment_status_latest
		where contract_ref = 'C' and measure_code = 'SVM20.8.1'`)
	want := []string{"260", "100", "0.384615", "red"}
	if len(got) != 1 {
		t.Fatalf("rows %v", got)
	}
	for i := range want {
		if !sameCell(want[i], got[0][i]) {
			t.Errorf("column %d: got %s, want %s", i, got[0][i], want[i])
		}
	}
	n := queryText(t, db, `select count(*), strftime(min(period), '%Y-%m') from missing_returns where contract_ref = 'C'`)
	if n[0][0] != "15" || n[0][1] != "2026-02" {
		t.Errorf("C missing %s from %s, want 15 from 2026-02", n[0][0], n[0][1])
	}
}

// Configured thresholds reach the views: with green at 1.1 (flag or file),
// A SVM25.1.2 at 1.0 in Feb 2028 is amber; with grace 31 days, E's January
// return (due 1 Mar + 1 day = 2 Mar) is 28 days overdue.
func TestScenario2_ConfiguredThresholds(t *testing.T) {
	t.Parallel()
	db := openScenario2(t, map[string]any{"svhub_monitoring_start": "2027-04", "svhub_rag_green_min": "1.1", "svhub_return_grace_days": "31"})
	if got := queryText(t, db, `select rag from commitment_status_latest where contract_ref = 'A' and measure_code = 'SVM25.1.2'`); got[0][0] != "amber" {
		t.Errorf("rag %s, want amber", got[0][0])
	}
	if got := queryText(t, db, `select days_overdue from missing_returns where contract_ref = 'E' and period = date '2028-01-01'`); len(got) != 1 || got[0][0] != "28" {
		t.Errorf("days overdue %v, want 28", got)
	}
}

var _ = sql.ErrNoRows

// commitment_status is a view joining commitment_months (one narrow row per
// commitment-month) to commitment_details (one row per commitment) on
// commitment_id, which int_commitment_terms numbers in key order. Worked by
// hand from inbox/commitments.csv sorted by contract, then measure.
func TestScenario2_CommitmentSplit(t *testing.T) {
	t.Parallel()
	db := openScenario2(t, nil)
	got := queryText(t, db, `select commitment_id, contract_ref, measure_code from commitment_details order by commitment_id`)
	want := [][]string{
		{"1", "A", "SVM25.1.2"}, {"2", "A", "SVM25.4.1"},
		{"3", "B", "SVM25.1.3"}, {"4", "B", "SVM25.2.1"}, {"5", "B", "SVM25.3.1"}, {"6", "B", "SVM25.4.2"},
		{"7", "C", "SVM20.6.2"}, {"8", "C", "SVM20.8.1"},
		{"9", "D", "SVM25.1.1"}, {"10", "D", "SVM25.4.1"},
		{"11", "E", "SVM25.4.3"}, {"12", "E", "SVM25.8.2"}, {"13", "E", "SVM25.9.9"},
	}
	sameRows(t, "commitment_details", got, want)
	// every monthly row has its commitment, once per month, and the view
	// neither drops nor repeats a row
	got = queryText(t, db, `select
		(select count(*) from commitment_months),
		(select count(distinct (commitment_id, as_of)) from commitment_months),
		(select count(*) from commitment_months m anti join commitment_details d on d.commitment_id = m.commitment_id),
		(select count(*) from commitment_status)`)
	if n := got[0]; n[0] != n[1] || n[2] != "0" || n[3] != n[0] || n[0] == "0" {
		t.Errorf("commitment_months rows, distinct (commitment, month), without details, commitment_status rows = %v; want n, n, 0, n", n)
	}
	// commitment B/SVM25.4.2 runs July to December 2027: six monthly rows
	got = queryText(t, db, `select count(*), min(as_of), max(as_of) from commitment_months where commitment_id = 6`)
	sameRows(t, "commitment 6's months", got, [][]string{{"6", "2027-07-01", "2027-12-01"}})
}
