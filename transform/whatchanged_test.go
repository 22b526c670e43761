package transform_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// changeScenario is six contracts of one trust, each with one commitment to
// new apprenticeships (SVM25.1.2, summed), worked by hand. Today is 20
// October 2026, so the reporting month is September 2026 (the latest
// return) and the month before is August; monitoring starts in April (the
// first return); returns are due 30 days after their month ends.
//
//	C1 12 over Apr 26–Mar 27; 0 a month Apr–Aug, 6 in Sep. Aug: 0 of 5, red;
//	   Sep: 6 of 6, green: recovered.
//	C2 12 over Apr 26–Mar 27; 1 a month Apr–Jul, 0 in Aug and Sep. Aug: 4 of
//	   5 = 80%, amber; Sep: 4 of 6 = 67%, red: newly red.
//	C3 5 over Apr–Aug 26; 1 a month. Green at Aug, its last month: ended.
//	C4 12 over Apr 26–Mar 27; 1 a month Apr–Jul, none for Aug, 2 in Sep.
//	   Aug: 4 of 5, amber; Sep: 6 of 6, green. Aug's return fell due on 30
//	   September, between 20 Sep and 20 Oct: newly overdue.
//	C5 12 over Sep 26–Aug 27, started 1 Sep; 1 in Sep: 1 of 1, green; not
//	   in August's figures (no row before its first month). Started, with its
//	   flags new.
//	C6 no numeric target (grey), from Apr 26; no return until 1 in Sep: its
//	   no-follow-through flag (3 months after April) resolved; Apr–Aug
//	   overdue, Aug newly.
//
// KPIs. September, live: C1 green, C2 red, C4 green, C5 green, C6 grey:
// 3 of 4 judged on track = 75%; 5 contracts, 5 commitments, 1 red. August,
// live: C1 red, C2 amber, C3 green, C4 amber, C6 grey: 1 of 4 = 25%;
// 5 contracts, 5 commitments, 1 red. Change: +50 points, no change, no
// change, no change.
// Returns due by 20 Oct: C1–C4 Apr–Aug (20) and C6 Apr–Aug (5) = 25;
// received 19 (all but C4 Aug and C6's five): 76%, 6 overdue. Due by 20
// Sep (Apr–Jul): 16 + 4 = 20, received 16: 80%, 4 overdue. Change: −4
// points, +2.
func changeScenario(t *testing.T) (*store.DB, time.Time) {
	t.Helper()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	// loaded once per test binary; each test gets a copy (sharedDB)
	return sharedDB(t, "what changed scenario", store.Options{Today: today}, func(t *testing.T, db *store.DB) {
		loadFolder(t, db, writeChangeScenario(t), today)
	}), today
}

// writeChangeScenario writes changeScenario's files into a new folder.
func writeChangeScenario(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
C1,Alpha Ltd,T01,100000,2026-04-01,2027-03-31,10
C2,Beta Ltd,T01,100000,2026-04-01,2027-03-31,10
C3,Gamma Ltd,T01,100000,2026-04-01,2026-08-31,10
C4,Delta Ltd,T01,100000,2026-04-01,2027-03-31,10
C5,Epsilon Ltd,T01,100000,2026-09-01,2027-08-31,10
C6,Zeta Ltd,T01,100000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), `contract_ref,measure_code,target
C1,SVM25.1.2,12
C2,SVM25.1.2,12
C3,SVM25.1.2,5
C4,SVM25.1.2,12
C5,SVM25.1.2,12
C6,SVM25.1.2,
`)
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value\n")
	add := func(ref string, values map[string]string) {
		for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"} {
			if v, ok := values[m]; ok {
				returns.WriteString(ref + "," + m + ",SVM25.1.2," + v + "\n")
			}
		}
	}
	add("C1", map[string]string{"2026-04": "0", "2026-05": "0", "2026-06": "0", "2026-07": "0", "2026-08": "0", "2026-09": "6"})
	add("C2", map[string]string{"2026-04": "1", "2026-05": "1", "2026-06": "1", "2026-07": "1", "2026-08": "0", "2026-09": "0"})
	add("C3", map[string]string{"2026-04": "1", "2026-05": "1", "2026-06": "1", "2026-07": "1", "2026-08": "1"})
	add("C4", map[string]string{"2026-04": "1", "2026-05": "1", "2026-06": "1", "2026-07": "1", "2026-09": "2"})
	add("C5", map[string]string{"2026-09": "1"})
	add("C6", map[string]string{"2026-09": "1"})
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	return dir
}

func TestWhatChanged_SinceLastMonth(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, today := changeScenario(t)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.AsOf.Format("2006-01"); got != "2026-09" {
		t.Fatalf("reporting month %s, want 2026-09", got)
	}
	res := r.Data["what_changed"]
	col := func(row []any, name string) string {
		if v := row[res.Col(name)]; v != nil {
			return v.(string)
		}
		return ""
	}
	var got []string
	for _, row := range res.Rows {
		if col(row, "change") == "new_flag" {
			continue // checked below
		}
		got = append(got, strings.Join([]string{col(row, "change"), col(row, "contract_ref"), col(row, "item"), col(row, "was"), col(row, "now")}, " | "))
	}
	want := []string{
		"newly_red | C2 | New apprenticeships on the contract workforce | amber, 80% of expected | red, 67% of expected",
		"recovered | C1 | New apprenticeships on the contract workforce | red, 0% of expected | green, 100% of expected",
		"newly_overdue | C4 | Return for Aug 2026 | due 30 Sep 2026 | not received",
		"newly_overdue | C6 | Return for Aug 2026 | due 30 Sep 2026 | not received",
		"resolved_flag | C6 | no_followthrough | no return 3 months after the contract started | first return, for Sep 2026",
		"started | C5 |  |  | started 1 Sep 2026",
		"ended | C3 |  | live | ended 31 Aug 2026",
	}
	if !slices.Equal(got, want) {
		t.Errorf("what changed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// New flags come with the contract that started (C5 has no delivery
	// plan): every new flag is C5's.
	var newFlags []string
	for _, row := range res.Rows {
		if col(row, "change") == "new_flag" {
			newFlags = append(newFlags, col(row, "contract_ref")+" "+col(row, "item"))
		}
	}
	if !slices.Contains(newFlags, "C5 no_delivery_plan") {
		t.Errorf("new flags %q, want C5 no_delivery_plan among them", newFlags)
	}
	for _, f := range newFlags {
		if !strings.HasPrefix(f, "C5 ") {
			t.Errorf("new flag %q: only C5 started this month", f)
		}
	}
	if h := r.Spec.Blocks[slices.IndexFunc(r.Spec.Blocks, func(b spec.Block) bool { return b.ID == "what_changed" })].Headline(res, r.AsOf); !strings.HasPrefix(h,
		"Since August 2026: 1 commitment newly red, 1 recovered, 2 returns newly overdue, ") {
		t.Errorf("headline %q", h)
	}

	// The KPI tiles' changes (see changeScenario).
	k := r.Data["kpis"]
	changes := map[string]string{}
	for _, c := range r.Spec.Blocks[slices.IndexFunc(r.Spec.Blocks, func(b spec.Block) bool { return b.ID == "kpis" })].Columns {
		if c.Previous == "" {
			continue
		}
		ch, ok := formatChange(k, c)
		if ok {
			changes[c.Name] = ch
		}
	}
	wantChanges := map[string]string{
		"on_track_pct":         "+50 points",
		"contracts":            "no change",
		"commitments":          "no change",
		"red":                  "no change",
		"returns_received_pct": "−4 points",
		"missing_returns":      "+2",
	}
	for name, w := range wantChanges {
		if changes[name] != w {
			t.Errorf("change in %s = %q, want %q", name, changes[name], w)
		}
	}
}

func formatChange(k *spec.Result, c spec.Column) (string, bool) {
	if len(k.Rows) == 0 {
		return "", false
	}
	return format.Change(k.Rows[0][k.Col(c.Name)], k.Rows[0][k.Col(c.Previous)], c.Format)
}

// One definition per number: a vague commitment is a commitment with at
// least one vagueness flag. In changeScenario no commitment has a delivery
// plan (six no_delivery_plan flags) and C6 has no target either (a
// seventh flag, no_target): 6 vague commitments, 7 flags, and the
// Overview's tile and the flags' headline say the same 6.
func TestVagueCommitments_OneDefinition(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, today := changeScenario(t)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	k := r.Data["kpis"]
	if got, _ := format.Float(k.Rows[0][k.Col("vague_commitments")]); got != 6 {
		t.Errorf("Vague commitments tile = %v, want 6", got)
	}
	fs := r.Data["flag_summary"]
	b := r.Spec.Blocks[slices.IndexFunc(r.Spec.Blocks, func(b spec.Block) bool { return b.ID == "flag_summary" })]
	want := "6 vague commitments (no number or no real plan), with 7 vagueness flags between them; 0 contracts with no returns since award"
	if h := b.Headline(fs, r.AsOf); h != want {
		t.Errorf("flags headline %q, want %q", h, want)
	}
}
