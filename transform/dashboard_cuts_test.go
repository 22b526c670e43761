package transform_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/transform"
)

// openPlaces is the hand-worked scenario (testdata/scenario) with a place
// for each contract, the ICS's priorities, and a file of returns that are
// all rejected, for the dashboard's place, priority and rejection sections.
func openPlaces(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	today := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	for _, name := range []string{"organisations.csv", "commitments.csv", "returns.csv"} {
		b, err := os.ReadFile(filepath.Join("../testdata/scenario", name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), string(b))
	}
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct,local_area
C1,Acme Catering Ltd,T01,1000000,2026-04-15,2027-03-31,10,Riverton
C2,Build Co Ltd,T01,250000,2026-05-01,2027-04-30,12,Hillside
`)
	writeFile(t, filepath.Join(dir, "priorities.csv"), `ics_code,outcome_code,mission,priority
I01,,M1,high
I01,4,,medium
I01,,M5,low
`)
	// Every row rejected: C2's value is not a number (the register names
	// Build Co); C9 is no contract but the row names Acme; C8 names no
	// supplier at all; C1's row names another supplier, which is refused
	// too (issue 18: a sign of a mistyped contract reference), but the
	// register's (Acme) is the one reports use.
	writeFile(t, filepath.Join(dir, "zz-returns-bad.csv"), `contract_ref,period,measure_code,value,supplier_name
C2,2026-07,SVM25.4.2,TBC,
C9,2026-07,SVM25.1.2,3,Acme Catering Ltd
C8,2026-07,SVM25.1.2,2,
C1,2026-06,SVM25.1.2,lots,Someone Else Ltd
`)
	// A file of Acme's alone: two rows that repeat C1's returns (loaded,
	// nothing changes) and one for a contract that does not exist and no
	// supplier named, which the file traces to Acme.
	writeFile(t, filepath.Join(dir, "returns-acme.csv"), `contract_ref,period,measure_code,value
C1,2026-04,SVM25.1.2,1
C1,2026-05,SVM25.1.2,0
C7,2026-07,SVM25.1.2,1
`)
	db, err := store.Open(ctx, store.Options{Path: preparedPath(t, "p.duckdb"), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
		t.Fatal(err)
	}
	if res.Rejected != 5 {
		t.Fatalf("%d rows rejected, want the 4 of zz-returns-bad.csv and 1 of returns-acme.csv: %+v", res.Rejected, res.Rejections)
	}
	return db
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// column reads one column of a result as text (numbers as Go writes them).
func column(res *spec.Result, name string) []string {
	i := res.Col(name)
	var out []string
	for _, row := range res.Rows {
		switch v := row[i].(type) {
		case nil:
			out = append(out, "")
		case string:
			out = append(out, v)
		case int64:
			out = append(out, strconv.FormatInt(v, 10))
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', 5, 64))
		default:
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

func sameList(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// At July 2026 (see TestDashboard_HandWorkedScenario): C1 apprenticeships
// amber (ratio 0.75), C1 Real Living Wage green (0.9625), C2 waste red
// (1 + 1.5 + 1 = 3.5 of 6 expected: 0.583333).
func TestDashboard_PlacesPrioritiesRejections(t *testing.T) {
	t.Parallel()
	db := openPlaces(t)
	r, err := dashboard.Build(context.Background(), db, dashboard.Spec(), dashboard.Params{})
	if err != nil {
		t.Fatal(err)
	}
	view := func(id string) *spec.Scope {
		for i := range r.Scopes {
			if r.Scopes[i].ID == id {
				return &r.Scopes[i]
			}
		}
		t.Fatalf("no view %s", id)
		return nil
	}

	t.Run("by place", func(t *testing.T) {
		// Riverton is C1: 1 green of 2 judged = 50%; Hillside is C2: 0 of 1.
		p := r.Data["by_place"]
		sameList(t, "places, best first", column(p, "label"), "Riverton", "Hillside")
		sameList(t, "on track %", column(p, "on_track_pct"), "50.00000", "0.00000")
		sameList(t, "red %", column(p, "red_pct"), "0.00000", "100.00000")
		if got := r.Scopes[0].Titles["by_place"]; got != "Highest share off track: Hillside (100% red, 1 of 1); highest on track: Riverton (50%, 1 of 2)" {
			t.Errorf("headline %q", got)
		}
	})

	t.Run("priority gaps", func(t *testing.T) {
		// M1 (both C1 commitments): median of 0.75 and 0.9625 = 0.85625,
		// under green's 0.95 and over amber's 0.75: behind. Outcome 2025.4
		// (C2 waste, 0.583333): off track; by place Hillside off track and
		// Riverton with none. M5: no commitments anywhere. Least covered
		// first.
		g := r.Data["priority_gaps"]
		sameList(t, "targets", column(g, "target_code"), "M5", "2025.4", "M1")
		sameList(t, "gaps", column(g, "gap"), "no commitments", "off track", "behind")
		sameList(t, "commitments", column(g, "commitments"), "0", "1", "2")
		sameList(t, "median ratio", column(g, "median_ratio"), "", "0.58333", "0.85625")
		sameList(t, "places off track", column(g, "places_off_track"), "", "Hillside", "")
		sameList(t, "places with none", column(g, "places_none"), "Hillside, Riverton", "Riverton", "Hillside")
		sameList(t, "places shown", column(g, "places"), "No commitments: Hillside, Riverton", "Off track: Hillside. No commitments: Riverton", "No commitments: Hillside")
		if got := r.Scopes[0].Titles["priority_gaps"]; got != "3 of 3 ICS priorities fall short: 1 with no commitments, 1 off track, 1 behind plan" {
			t.Errorf("headline %q", got)
		}
		if n := len(view("ics:I01").Data["priority_gaps"].Rows); n != 3 {
			t.Errorf("the ICS view has %d priorities, want its 3", n)
		}
		if n := len(view("supplier:Build Co Ltd").Data["priority_gaps"].Rows); n != 0 {
			t.Errorf("a supplier view has %d ICS priorities, want none", n)
		}
	})

	t.Run("rejections by supplier", func(t *testing.T) {
		// Acme: C9 (named by the row), C1 (the register's supplier, not
		// the row's "Someone Else Ltd"; refused for its value and for that
		// name, two reasons) and C7 (from Acme's own file): 3 rows. Build
		// Co: C2, from the register: 1. C8 names no supplier in a file of
		// several suppliers' rows: last, not traced.
		j := r.Data["rejections"]
		sameList(t, "suppliers", column(j, "supplier_name"), "Acme Catering Ltd", "Acme Catering Ltd", "Acme Catering Ltd", "Acme Catering Ltd", "Build Co Ltd", "")
		reasons := column(j, "reason")
		for i, want := range []string{`expected a number such as 1,250 or £3,400.50, got "lots"`,
			`supplier_name "Someone Else Ltd" is not the register's supplier for C1`, `unknown contract "C7"`, `unknown contract "C9"`,
			`expected a number such as 1,250 or £3,400.50, got "TBC"`, `unknown contract "C8"`} {
			if i >= len(reasons) || !strings.HasPrefix(reasons[i], want) {
				t.Errorf("reason %d: got %q, want it to start %q", i, reasons, want)
				break
			}
		}
		sameList(t, "rows", column(j, "rows_rejected"), "1", "1", "1", "1", "1", "1")
		sameList(t, "files", column(j, "files"), "zz-returns-bad.csv", "zz-returns-bad.csv", "returns-acme.csv", "zz-returns-bad.csv", "zz-returns-bad.csv", "zz-returns-bad.csv")
		if got := r.Scopes[0].Titles["rejections"]; got != "5 rows rejected at load, from 2 suppliers; 1 could not be traced to a supplier" {
			t.Errorf("headline %q", got)
		}
		// The trust's view holds the rows whose contract is the trust's
		// (C1, C2); Acme's view holds its three, those traced by the row
		// and by the file too.
		if got := view("trust:T01").Titles["rejections"]; got != "2 rows rejected at load, from 2 suppliers" {
			t.Errorf("trust view headline %q", got)
		}
		if got := view("ics:I01").Titles["rejections"]; got != "2 rows rejected at load, from 2 suppliers" {
			t.Errorf("ICS view headline %q (the trust's ICS, through the register)", got)
		}
		if got := view("supplier:Acme Catering Ltd").Titles["rejections"]; got != "3 rows rejected at load, from 1 supplier" {
			t.Errorf("Acme view headline %q", got)
		}
		// Acme's feedback page lists its three rows, cell by cell.
		sr := view("supplier:Acme Catering Ltd").Data["supplier_rejections"]
		sameList(t, "Acme's rejected cells", column(sr, "cell"), "A4", "A3", "D5", "E5")
		sameList(t, "Acme's rejected values", column(sr, "value"), "C7", "C9", "lots", "Someone Else Ltd")
		var pages []string
		for _, p := range dashboard.SupplierReports(r) {
			pages = append(pages, p.Scope+"="+fmt.Sprint(len(p.Data["supplier_rejections"].Rows)))
		}
		sameList(t, "feedback pages and their rejected rows", pages, "Acme Catering Ltd=4", "Build Co Ltd=1")
		var from []string
		rows, err := db.Query(`select contract_ref || '=' || coalesce(supplier_from, '') from rejected_rows order by source_file, row_number`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			rows.Scan(&s)
			from = append(from, s)
		}
		sameList(t, "where each supplier came from", from, "C7=file", "C2=register", "C9=row", "C8=", "C1=register", "C1=register")
	})
}
