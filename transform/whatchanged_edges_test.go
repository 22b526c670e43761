package transform_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/transform"
)

// What changed at its edges: each line of the board's "what changed" list
// has a month or day boundary, and an off-by-one there moves a line into
// the wrong month or drops it. These scenarios put a contract right on each
// boundary, worked by hand.

// edgeLoads ingests each folder in turn (one load each, as a hub's months
// arrive), with today as the reference date, and rebuilds the marts.
func edgeLoads(t *testing.T, today time.Time, loads ...map[string]string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "edges.duckdb"), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	for i, files := range loads {
		dir := t.TempDir()
		for name, body := range files {
			writeFile(t, filepath.Join(dir, name), body)
		}
		res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: today})
		if err != nil || res.Rejected != 0 || res.FileProblems != 0 {
			t.Fatalf("load %d: %v, %+v", i+1, err, res)
		}
	}
	if err := transform.RebuildMarts(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// changeLines lists what_changed's lines for the month asOf (zero: the
// reporting month) as "change | contract | supplier | item | was | now",
// sorted, leaving out the kinds in skip.
func changeLines(t *testing.T, db *store.DB, today, asOf time.Time, skip ...string) []string {
	t.Helper()
	r, err := dashboard.Build(context.Background(), db, dashboard.Spec(), dashboard.Params{Now: today, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Data["what_changed"]
	var got []string
	for _, row := range res.Rows {
		var f []string
		for _, c := range []string{"change", "contract_ref", "supplier_name", "item", "was", "now"} {
			v, _ := row[res.Col(c)].(string)
			f = append(f, v)
		}
		if !slices.Contains(skip, f[0]) {
			got = append(got, strings.Join(f, " | "))
		}
	}
	slices.Sort(got)
	return got
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const (
	edgeOrgs      = "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n"
	edgeContracts = "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct,effective_from\n"
	edgeReturns   = "contract_ref,period,measure_code,value\n"
	apprentices   = "New apprenticeships on the contract workforce"
)

// TestWhatChanged_DayAndMonthEdges: today is 30 October 2026, so the
// reporting month is September (the latest return), its reference date 30
// October and the previous month's 30 September. Returns are due 30 days
// after their month ends: August's on 30 September, September's on 30
// October, June's on 30 July. Every contract is one commitment to 12
// apprenticeships (SVM25.1.2, summed) over April 2026 to March 2027, so 1 a
// month is on plan, unless said otherwise; amber from 75%, red below.
//
// Load 1 (the hub's July) brings the register and April to July. Load 2
// (september.csv) brings August and September, so it arrived in September.
// Load 3 brings two late files (fix.csv, h1-june.csv) and a register
// change.
//
//	A1 Aug and Sep in load 2. August fell due on 30 September, the previous
//	   month's reference date itself: not yet overdue then (overdue is after
//	   the due date), so not received late.
//	B1 Sep in load 2, no August: August's return (due 30 September) became
//	   overdue in the month to 30 October: newly overdue, on the first day
//	   of the window.
//	C1 Aug in load 2, no September: due 30 October, the reference date
//	   itself: not overdue yet, not listed.
//	D1 6 over April–September 2026 (its last month is September); Apr–Jul
//	   1, Aug 0, Sep 0. August 4 of 5 = 80%, amber; September 4 of 6 = 67%,
//	   red: newly red in its last month.
//	E1 12 over September 2026–August 2027, started 1 September; 0 in Sep:
//	   0 of 1, red, with no month before: newly red, "not judged" before;
//	   and started.
//	H1 two commitments (apprenticeships and SVM25.2.2 internships, 12
//	   each); Apr, May, Jul, Aug, Sep of both, June of neither until load 3
//	   brings June's apprenticeships in fix.csv and June's internships in
//	   h1-june.csv: June (due 30 July, overdue since) received late, named
//	   by the first of the two files.
//	K3 Apr–Jul 1 in load 1, nothing in load 2, July again as 2 in fix.csv
//	   (load 3, its only row): corrected 1 → 2. Its August is newly overdue.
//	X1 A Ltd; novated to B Ltd from 1 August (load 2's register) and to C
//	   Ltd from 1 October (load 3's). Apr–Jun 1, Jul 0 (load 1), Aug 0, Sep 1
//	   (load 2). July 3 of 4 = 75%, amber; August 3 of 5 = 60%, red;
//	   September 4 of 6 = 67%, still red. So X1 is newly red in August, B
//	   Ltd's first month, and nothing in September.
func TestWhatChanged_DayAndMonthEdges(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)
	var load1, load2 strings.Builder
	load1.WriteString(edgeReturns)
	load2.WriteString(edgeReturns)
	ret := func(b *strings.Builder, ref, measure string, months []string, value string) {
		for _, m := range months {
			b.WriteString(ref + "," + m + "," + measure + "," + value + "\n")
		}
	}
	aprJul := []string{"2026-04", "2026-05", "2026-06", "2026-07"}
	for _, ref := range []string{"A1", "B1", "C1", "D1", "K3"} {
		ret(&load1, ref, "SVM25.1.2", aprJul, "1")
	}
	ret(&load2, "A1", "SVM25.1.2", []string{"2026-08", "2026-09"}, "1")
	ret(&load2, "B1", "SVM25.1.2", []string{"2026-09"}, "1")
	ret(&load2, "C1", "SVM25.1.2", []string{"2026-08"}, "1")
	ret(&load2, "D1", "SVM25.1.2", []string{"2026-08", "2026-09"}, "0")
	ret(&load2, "E1", "SVM25.1.2", []string{"2026-09"}, "0")
	for _, m := range []string{"SVM25.1.2", "SVM25.2.2"} {
		ret(&load1, "H1", m, []string{"2026-04", "2026-05", "2026-07"}, "1")
		ret(&load2, "H1", m, []string{"2026-08", "2026-09"}, "1")
	}
	ret(&load1, "X1", "SVM25.1.2", []string{"2026-04", "2026-05", "2026-06"}, "1")
	ret(&load1, "X1", "SVM25.1.2", []string{"2026-07"}, "0")
	ret(&load2, "X1", "SVM25.1.2", []string{"2026-08"}, "0")
	ret(&load2, "X1", "SVM25.1.2", []string{"2026-09"}, "1")

	db := edgeLoads(t, today,
		map[string]string{
			"organisations.csv": edgeOrgs,
			"contracts.csv": edgeContracts +
				"A1,Alpha Ltd,T01,100000,2026-04-01,2027-03-31,10,\n" +
				"B1,Beta Ltd,T01,100000,2026-04-01,2027-03-31,10,\n" +
				"C1,Gamma Ltd,T01,100000,2026-04-01,2027-03-31,10,\n" +
				"D1,Delta Ltd,T01,100000,2026-04-01,2026-09-30,10,\n" +
				"E1,Epsilon Ltd,T01,100000,2026-09-01,2027-08-31,10,\n" +
				"H1,Eta Ltd,T01,100000,2026-04-01,2027-03-31,10,\n" +
				"K3,Kappa Ltd,T01,100000,2026-04-01,2027-03-31,10,\n" +
				"X1,A Ltd,T01,100000,2026-04-01,2027-03-31,10,\n",
			"commitments.csv": "contract_ref,measure_code,target\nA1,SVM25.1.2,12\nB1,SVM25.1.2,12\nC1,SVM25.1.2,12\nD1,SVM25.1.2,6\n" +
				"E1,SVM25.1.2,12\nH1,SVM25.1.2,12\nH1,SVM25.2.2,12\nK3,SVM25.1.2,12\nX1,SVM25.1.2,12\n",
			"returns-1.csv": load1.String(),
		},
		map[string]string{
			"contracts-2.csv": edgeContracts + "X1,B Ltd,T01,100000,2026-04-01,2027-03-31,10,2026-08-01\n",
			"september.csv":   load2.String(),
		},
		map[string]string{
			"contracts-3.csv": edgeContracts + "X1,C Ltd,T01,100000,2026-04-01,2027-03-31,10,2026-10-01\n",
			"fix.csv":         edgeReturns + "K3,2026-07,SVM25.1.2,2\nH1,2026-06,SVM25.1.2,1\n",
			"h1-june.csv":     edgeReturns + "H1,2026-06,SVM25.2.2,1\n",
		},
	)

	sameLines(t, "September's changes", changeLines(t, db, today, time.Time{}, "new_flag"), []string{
		"newly_red | D1 | Delta Ltd | " + apprentices + " | amber, 80% of expected | red, 67% of expected",
		"newly_red | E1 | Epsilon Ltd | " + apprentices + " | not judged | red, 0% of expected",
		"newly_overdue | B1 | Beta Ltd | Return for Aug 2026 | due 30 Sep 2026 | not received",
		"newly_overdue | K3 | Kappa Ltd | Return for Aug 2026 | due 30 Sep 2026 | not received",
		"received_late | H1 | Eta Ltd | Return for Jun 2026 | due 30 Jul 2026 | received, fix.csv",
		"corrected | K3 | Kappa Ltd | " + apprentices + ", Jul 2026 | 1 | 2, corrected by fix.csv",
		"started | E1 | Epsilon Ltd |  |  | started 1 Sep 2026",
	})

	// August: X1 turned red in B Ltd's first month, so the line names B Ltd
	// (not A Ltd, whose months ended in July, nor C Ltd, who holds it now).
	// August's reference date is 30 September: B1's and K3's August
	// returns, due that day, were not yet overdue then, and July's (due 30
	// August, the window's first day) had all come in, so August has no
	// newly overdue return.
	var x1, overdue []string
	for _, l := range changeLines(t, db, today, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)) {
		if strings.Contains(l, " | X1 | ") {
			x1 = append(x1, l)
		}
		if strings.HasPrefix(l, "newly_overdue") {
			overdue = append(overdue, l)
		}
	}
	sameLines(t, "August's changes for X1", x1, []string{
		"newly_red | X1 | B Ltd | " + apprentices + " | amber, 75% of expected | red, 60% of expected",
	})
	sameLines(t, "August's newly overdue returns", overdue, nil)
}

// TestWhatChanged_FollowThroughEdges: today is 1 November 2026, so the
// reporting month is September (F's latest return), its reference date 1
// November and the previous month's 1 October. A contract with no return
// at all 3 months (the default) after its start month is flagged, from the
// day those months run out.
//
//	F  returns April–September: sets the reporting month.
//	G1 started 1 August, no return: its 3 months ran out on 1 November,
//	   the reference date itself: flagged this month, a new flag.
//	G2 started 1 July, no return: flagged since 1 October, the previous
//	   month's reference date: not new.
//	G3 started 1 July, first return for September: it was flagged on 1
//	   October and its first return came in September: resolved.
func TestWhatChanged_FollowThroughEdges(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	db := edgeLoads(t, today, map[string]string{
		"organisations.csv": edgeOrgs,
		"contracts.csv": edgeContracts +
			"F,Phi Ltd,T01,100000,2026-04-01,2027-03-31,10,\n" +
			"G1,Gimel Ltd,T01,100000,2026-08-01,2027-07-31,10,\n" +
			"G2,Gamma Two Ltd,T01,100000,2026-07-01,2027-06-30,10,\n" +
			"G3,Gamma Three Ltd,T01,100000,2026-07-01,2027-06-30,10,\n",
		"commitments.csv": "contract_ref,measure_code,target\nF,SVM25.1.2,12\nG1,SVM25.1.2,12\nG2,SVM25.1.2,12\nG3,SVM25.1.2,12\n",
		"returns.csv": edgeReturns + "F,2026-04,SVM25.1.2,1\nF,2026-05,SVM25.1.2,1\nF,2026-06,SVM25.1.2,1\n" +
			"F,2026-07,SVM25.1.2,1\nF,2026-08,SVM25.1.2,1\nF,2026-09,SVM25.1.2,1\nG3,2026-09,SVM25.1.2,3\n",
	})
	var got []string
	for _, l := range changeLines(t, db, today, time.Time{}) {
		f := strings.Split(l, " | ")
		if f[0] == "new_flag" || f[0] == "resolved_flag" {
			got = append(got, strings.Join([]string{f[0], f[1], f[3], f[4]}, " | "))
		}
	}
	sameLines(t, "flags new and resolved", got, []string{
		"new_flag | G1 | no_followthrough | ",
		"resolved_flag | G3 | no_followthrough | no return 3 months after the contract started",
	})
}
