package transform_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// Novation: a register that changes a contract's supplier used to rewrite
// its history, every month of delivery and every missed return moving to
// the new supplier. Now each month goes to the supplier holding the
// contract then.
//
// Today is 5 November 2026; returns run April–September 2026, so September
// is the reporting month and monitoring starts in April. Two contracts,
// 1 Apr 2026 – 31 Mar 2027, each committed to 12 apprentices (SVM25.1.2,
// monthly: 1 expected a month).
//
//	N1  Old Co, novated to New Co from 1 July 2026 (effective_from in the
//	    register). Returns Apr 1, Jun 2, Aug 2, Sep 1; May and Jul missing.
//	N2  Old Two Ltd; a register loaded on 20 August 2026 (the load's
//	    reference date) names New Two Ltd with no effective_from, so New
//	    Two holds it from August. Returns 1 a month April–September.
//
// A month goes to the supplier holding the contract on its last day, so a
// change dated within a month takes that month.
func TestNovation_MonthsGoToTheSupplierOfTheTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: preparedPath(t, "n.duckdb"), Today: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	load := func(today string, files map[string]string) *ingest.Result {
		t.Helper()
		var paths []string
		for name, body := range files {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		day, _ := time.Parse("2006-01-02", today)
		res, err := ingest.Run(ctx, db, paths, ingest.Options{Today: day})
		if err != nil {
			t.Fatal(err)
		}
		if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
			t.Fatal(err)
		}
		if res.Rejected != 0 || res.FileProblems != 0 {
			t.Fatalf("load of %s: %d rejected: %+v", today, res.Rejected, res.Rejections)
		}
		return res
	}
	const contractsHead = "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct,effective_from\n"
	const returnsHead = "contract_ref,period,measure_code,value\n"
	load("2026-06-10", map[string]string{
		"organisations.csv": "trust_code,trust_name,ics_code,region_code\nT01,Trust One,I01,R01\n",
		"contracts.csv":     contractsHead + "N1,Old Co,T01,100000,2026-04-01,2027-03-31,10,\nN2,Old Two Ltd,T01,100000,2026-04-01,2027-03-31,10,\n",
		"commitments.csv":   "contract_ref,measure_code,target\nN1,SVM25.1.2,12\nN2,SVM25.1.2,12\n",
		"returns-1.csv":     returnsHead + "N1,2026-04,SVM25.1.2,1\nN2,2026-04,SVM25.1.2,1\nN2,2026-05,SVM25.1.2,1\n",
	})
	res := load("2026-08-20", map[string]string{
		"contracts-2.csv": contractsHead + "N1,New Co,T01,100000,2026-04-01,2027-03-31,10,2026-07-01\nN2,New Two Ltd,T01,100000,2026-04-01,2027-03-31,10,\n",
	})
	if len(res.Changes) != 2 {
		t.Errorf("register changes %+v; want the two suppliers reported", res.Changes)
	}
	load("2026-11-05", map[string]string{
		"returns-2.csv": returnsHead + "N1,2026-06,SVM25.1.2,2\nN1,2026-08,SVM25.1.2,2\nN1,2026-09,SVM25.1.2,1\n" +
			"N2,2026-06,SVM25.1.2,1\nN2,2026-07,SVM25.1.2,1\nN2,2026-08,SVM25.1.2,1\nN2,2026-09,SVM25.1.2,1\n",
	})

	sameRows(t, "contract_suppliers", queryText(t, db, `select contract_ref, effective_from, supplier_name from contract_suppliers order by all`), [][]string{
		{"N1", "2026-04-01", "Old Co"}, // the first supplier: from the contract's start
		{"N1", "2026-07-01", "New Co"}, // the register's effective_from
		{"N2", "2026-04-01", "Old Two Ltd"},
		{"N2", "2026-08-20", "New Two Ltd"}, // no date given: the load's reference date
	})
	// N1: expected 1 a month from April; delivered Apr 1, May 0, Jun 2,
	// Jul 0, Aug 2, Sep 1 (running 1, 1, 3, 3, 5, 6). Ratios 1, 0.5, 1,
	// 0.75, 1, 1: green, red, green, amber (0.75 is amber's floor), green,
	// green. N2: 1 a month, all green.
	sameRows(t, "commitment_status", queryText(t, db, `select contract_ref, strftime(as_of, '%Y-%m'), supplier_name, expected_to_date, delivered_to_date, rag
		from commitment_status order by contract_ref, as_of`), [][]string{
		{"N1", "2026-04", "Old Co", "1", "1", "green"},
		{"N1", "2026-05", "Old Co", "2", "1", "red"},
		{"N1", "2026-06", "Old Co", "3", "3", "green"},
		{"N1", "2026-07", "New Co", "4", "3", "amber"},
		{"N1", "2026-08", "New Co", "5", "5", "green"},
		{"N1", "2026-09", "New Co", "6", "6", "green"},
		{"N2", "2026-04", "Old Two Ltd", "1", "1", "green"},
		{"N2", "2026-05", "Old Two Ltd", "2", "2", "green"},
		{"N2", "2026-06", "Old Two Ltd", "3", "3", "green"},
		{"N2", "2026-07", "Old Two Ltd", "4", "4", "green"},
		{"N2", "2026-08", "New Two Ltd", "5", "5", "green"},
		{"N2", "2026-09", "New Two Ltd", "6", "6", "green"},
	})
	// Missed returns are due 30 days after the month's end: by 5 November,
	// April to August. N1 missed May (due 30 June, Old Co's month) and July
	// (due 30 August, New Co's): 128 and 67 days overdue.
	sameRows(t, "missing_returns", queryText(t, db, `select contract_ref, strftime(period, '%Y-%m'), supplier_name, due_date, days_overdue
		from missing_returns order by all`), [][]string{
		{"N1", "2026-05", "Old Co", "2026-06-30", "128"},
		{"N1", "2026-07", "New Co", "2026-08-30", "67"},
	})
	// The supplier rollup: June's two green commitments are the old
	// suppliers', September's the new ones'.
	sameRows(t, "rollup_status by supplier", queryText(t, db, `select strftime(as_of, '%Y-%m'), key, commitments, green, amber, red
		from rollup_status where level = 'supplier' and as_of in ('2026-06-01', '2026-07-01', '2026-09-01') order by all`), [][]string{
		{"2026-06", "Old Co", "1", "1", "0", "0"},
		{"2026-06", "Old Two Ltd", "1", "1", "0", "0"},
		{"2026-07", "New Co", "1", "0", "1", "0"},
		{"2026-07", "Old Two Ltd", "1", "1", "0", "0"},
		{"2026-09", "New Co", "1", "1", "0", "0"},
		{"2026-09", "New Two Ltd", "1", "1", "0", "0"},
	})
	// The tiles' pre-counted rows (contract_rag_months) split the same
	// way: N1's June is Old Co's (green), July New Co's (amber), one row
	// each; N2's July Old Two Ltd's, August New Two Ltd's.
	sameRows(t, "contract_rag_months", queryText(t, db, `select contract_ref, strftime(as_of, '%Y-%m'), supplier_name, rag, commitments
		from contract_rag_months where as_of in ('2026-06-01', '2026-07-01', '2026-08-01') order by all`), [][]string{
		{"N1", "2026-06", "Old Co", "green", "1"},
		{"N1", "2026-07", "New Co", "amber", "1"},
		{"N1", "2026-08", "New Co", "green", "1"},
		{"N2", "2026-06", "Old Two Ltd", "green", "1"},
		{"N2", "2026-07", "Old Two Ltd", "green", "1"},
		{"N2", "2026-08", "New Two Ltd", "green", "1"},
	})
}
