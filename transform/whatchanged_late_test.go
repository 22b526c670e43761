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
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/transform"
)

// lateScenario is four contracts of one trust, each committed to 12 new
// apprenticeships (SVM25.1.2, summed) over April 2026 to March 2027, loaded
// in two loads, worked by hand. Today is 20 October 2026; returns are due
// 30 days after their month ends.
//
// The first load (the hub's August: its latest return is for August) has
// the register and the returns for April to August, except L1's June and
// L2's August. The second load (september.csv) brings September for all
// four, so it arrived in September, and:
//
//	L1 June, due 30 July 2026: overdue on August's reference date (20
//	   September), first received now: received late.
//	L2 August, due 30 September: not yet due on 20 September, so not late
//	   by the board's measure (the previous month did not count it overdue).
//	K1 July again, 3 where the first load said 1: a correction, 1 → 3.
//	K2 July again with the same 1: no figure changed, not listed.
func lateScenario(t *testing.T) (*store.DB, time.Time) {
	t.Helper()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	first, second := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(first, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(first, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
K1,Kappa Ltd,T01,100000,2026-04-01,2027-03-31,10
K2,Lambda Ltd,T01,100000,2026-04-01,2027-03-31,10
L1,Mu Ltd,T01,100000,2026-04-01,2027-03-31,10
L2,Nu Ltd,T01,100000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(first, "commitments.csv"), "contract_ref,measure_code,target\nK1,SVM25.1.2,12\nK2,SVM25.1.2,12\nL1,SVM25.1.2,12\nL2,SVM25.1.2,12\n")
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value\n")
	for _, ref := range []string{"K1", "K2", "L1", "L2"} {
		for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08"} {
			if ref == "L1" && m == "2026-06" || ref == "L2" && m == "2026-08" {
				continue
			}
			returns.WriteString(ref + "," + m + ",SVM25.1.2,1\n")
		}
	}
	writeFile(t, filepath.Join(first, "returns.csv"), returns.String())
	writeFile(t, filepath.Join(second, "september.csv"), `contract_ref,period,measure_code,value
K1,2026-07,SVM25.1.2,3
K1,2026-09,SVM25.1.2,1
K2,2026-07,SVM25.1.2,1
K2,2026-09,SVM25.1.2,1
L1,2026-06,SVM25.1.2,1
L1,2026-09,SVM25.1.2,1
L2,2026-08,SVM25.1.2,1
L2,2026-09,SVM25.1.2,1
`)
	db := ingestFolder(t, first, today)
	ctx := context.Background()
	if res, err := ingest.Run(ctx, db, []string{second}, ingest.Options{Today: today}); err != nil || res.Rejected != 0 {
		t.Fatalf("second load: %v, %+v", err, res)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db, today
}

// changesOf lists what_changed's lines of the given kinds as
// "change | contract | what | was | now".
func changesOf(res *spec.Result, kinds ...string) []string {
	var got []string
	for _, row := range res.Rows {
		var f []string
		for _, c := range []string{"change", "contract_ref", "item", "was", "now"} {
			v, _ := row[res.Col(c)].(string)
			f = append(f, v)
		}
		if slices.Contains(kinds, f[0]) {
			got = append(got, strings.Join(f, " | "))
		}
	}
	return got
}

func TestWhatChanged_LateReturnsAndCorrections(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, today := lateScenario(t)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.AsOf.Format("2006-01"); got != "2026-09" {
		t.Fatalf("reporting month %s, want 2026-09", got)
	}
	res := r.Data["what_changed"]
	got := changesOf(res, "received_late", "corrected")
	want := []string{
		"received_late | L1 | Return for Jun 2026 | due 30 Jul 2026 | received, september.csv",
		"corrected | K1 | New apprenticeships on the contract workforce, Jul 2026 | 1 | 3, corrected by september.csv",
	}
	if !slices.Equal(got, want) {
		t.Errorf("late returns and corrections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	b := r.Spec.Blocks[slices.IndexFunc(r.Spec.Blocks, func(b spec.Block) bool { return b.ID == "what_changed" })]
	if h := b.Headline(res, r.AsOf); !strings.Contains(h, "1 return received late, 1 correction that changed a figure") {
		t.Errorf("headline %q: want the late return and the correction counted", h)
	}

	// August's own list: its loads are the first load, with nothing before
	// it, so nothing arrived late and nothing was corrected (the second
	// load's lines belong to September only).
	aug, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today, AsOf: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if got := changesOf(aug.Data["what_changed"], "received_late", "corrected"); len(got) != 0 {
		t.Errorf("August lists %q, want no late returns or corrections", got)
	}
}
