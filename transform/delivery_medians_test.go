package transform_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/dashboard"
)

// mediansScenario, worked by hand. Today is 20 October 2026, so the
// reporting month is September 2026. Every commitment is SVM25.1.2,
// monthly; those of April 2026 to March 2027 have target 12, so by
// September 6 are expected (monitoring starts in September 2025, K7's first
// return, before any of them starts).
//
//	K1 Alpha Ltd,   T01 (ICS I01, region R01): 1 a month, 6 of 6 = 1.0
//	K2 Alpha Ltd,   T02 (ICS I01, region R01): 0.5 a month, 3 of 6 = 0.5
//	K3 Beta Ltd,    T03 (ICS I02, region R01): 2 a month, 12 of 6 = 2.0
//	K4 Gamma Ltd,   T03: no target, grey: not judged, in no median
//	K5 Delta Ltd,   T04 (ICS I03, region R02): 0.25 a month, 1.5 of 6 = 0.25
//	K6 Alpha Ltd,   T01: April to September 2026, target 6, 1.5 a month:
//	   9 of 6 = 1.5 in September, its last month (live: counted)
//	K7 Epsilon Ltd, T04: September 2025 to March 2027, no target, grey;
//	   live from September 2025, so the Trend has 12 months, October 2025
//	   to September 2026
//	K8 Alpha Ltd,   T02: no target and no return at all: grey, in no
//	   median; its supplier's page says "no return"
//
// Medians in September: England {0.25, 0.5, 1.0, 1.5, 2.0} = 1.0; R01
// {0.5, 1.0, 1.5, 2.0} = (1.0 + 1.5) ÷ 2 = 1.25; R02 0.25; I01 {0.5, 1.0,
// 1.5} = 1.0; I02 2.0; I03 0.25; T01 {1.0, 1.5} = 1.25; T02 0.5; T03 2.0;
// T04 0.25. Alpha Ltd {0.5, 1.0, 1.5} = 1.0, and within T01 1.25.
func mediansScenario(t *testing.T) (*store.DB, time.Time) {
	t.Helper()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), `trust_code,trust_name,ics_code,ics_name,region_code,region_name
T01,Trust One,I01,ICS One,R01,Region One
T02,Trust Two,I01,ICS One,R01,Region One
T03,Trust Three,I02,ICS Two,R01,Region One
T04,Trust Four,I03,ICS Three,R02,Region Two
`)
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
K1,Alpha Ltd,T01,100000,2026-04-01,2027-03-31,10
K2,Alpha Ltd,T02,100000,2026-04-01,2027-03-31,10
K3,Beta Ltd,T03,100000,2026-04-01,2027-03-31,10
K4,Gamma Ltd,T03,100000,2026-04-01,2027-03-31,10
K5,Delta Ltd,T04,100000,2026-04-01,2027-03-31,10
K6,Alpha Ltd,T01,100000,2026-04-01,2026-09-30,10
K7,Epsilon Ltd,T04,100000,2025-09-01,2027-03-31,10
K8,Alpha Ltd,T02,100000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target\nK1,SVM25.1.2,12\nK2,SVM25.1.2,12\nK3,SVM25.1.2,12\nK4,SVM25.1.2,\nK5,SVM25.1.2,12\nK6,SVM25.1.2,6\nK7,SVM25.1.2,\nK8,SVM25.1.2,\n")
	returns := "contract_ref,period,measure_code,value\n"
	for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"} {
		returns += "K1," + m + ",SVM25.1.2,1\nK2," + m + ",SVM25.1.2,0.5\nK3," + m + ",SVM25.1.2,2\nK4," + m + ",SVM25.1.2,1\nK5," + m + ",SVM25.1.2,0.25\nK6," + m + ",SVM25.1.2,1.5\n"
	}
	for m := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC); !m.After(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		returns += "K7," + m.Format("2006-01") + ",SVM25.1.2,1\n"
	}
	writeFile(t, filepath.Join(dir, "returns.csv"), returns)
	return ingestFolder(t, dir, today), today
}

func TestDeliveryMedians_EachLevelItsOwnMedian(t *testing.T) {
	t.Parallel()
	db, _ := mediansScenario(t)
	sameRows(t, "delivery_medians", queryText(t, db, `
		select level, coalesce(region_code, '-'), coalesce(ics_code, '-'), coalesce(trust_code, '-'), judged, median_ratio
		from delivery_medians where as_of = date '2026-09-01'
		order by case level when 'all' then 1 when 'region' then 2 when 'ics' then 3 else 4 end, 2, 3, 4`), [][]string{
		{"all", "-", "-", "-", "5", "1.0"},
		{"region", "R01", "-", "-", "4", "1.25"},
		{"region", "R02", "-", "-", "1", "0.25"},
		{"ics", "R01", "I01", "-", "3", "1.0"},
		{"ics", "R01", "I02", "-", "1", "2.0"},
		{"ics", "R02", "I03", "-", "1", "0.25"},
		{"trust", "R01", "I01", "T01", "2", "1.25"},
		{"trust", "R01", "I01", "T02", "1", "0.5"},
		{"trust", "R01", "I02", "T03", "1", "2.0"},
		{"trust", "R02", "I03", "T04", "1", "0.25"},
	})
}

// The Trend's September median in each view of a report, as worked above:
// the area's, ICS and trust views from delivery_medians, a supplier's view
// (and a report of one supplier) from the commitments; an ICS view of a
// trust's report holds that trust's commitments only.
func TestTrend_MedianInEveryView(t *testing.T) {
	t.Parallel()
	db, today := mediansScenario(t)
	for _, c := range []struct {
		name string
		p    dashboard.Params
		want map[string]string // view: September's median_delivery_pct ("" null)
	}{
		{"England", dashboard.Params{}, map[string]string{
			"all": "100.0", "ics:I01": "100.0", "ics:I02": "200.0", "ics:I03": "25.0",
			"trust:T01": "125.0", "trust:T02": "50.0", "trust:T03": "200.0", "trust:T04": "25.0",
			"supplier:Alpha Ltd": "100.0", "supplier:Beta Ltd": "200.0", "supplier:Gamma Ltd": "", "supplier:Delta Ltd": "25.0",
			"supplier:Epsilon Ltd": "",
		}},
		{"region R01", dashboard.Params{Region: "R01"}, map[string]string{
			"all": "125.0", "ics:I01": "100.0", "ics:I02": "200.0", "trust:T02": "50.0", "supplier:Alpha Ltd": "100.0",
		}},
		{"ICS I01", dashboard.Params{ICS: "I01"}, map[string]string{
			"all": "100.0", "ics:I01": "100.0", "trust:T01": "125.0", "trust:T02": "50.0",
		}},
		{"trust T03", dashboard.Params{Trust: "T03"}, map[string]string{
			"all": "200.0", "ics:I02": "200.0", "trust:T03": "200.0", "supplier:Gamma Ltd": "",
		}},
		{"supplier Alpha Ltd", dashboard.Params{Supplier: "Alpha Ltd"}, map[string]string{
			"all": "100.0", "ics:I01": "100.0", "trust:T01": "125.0", "trust:T02": "50.0",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.p.Now = today
			r, err := dashboard.Build(context.Background(), db, dashboard.Spec(), c.p)
			if err != nil {
				t.Fatal(err)
			}
			// England's: the 12 months to September, October 2025 on (K7, in
			// R02, is live from September 2025)
			if all := column(r.Scopes[0].Data["trend"], "month"); c.name == "England" && (len(all) != 12 || all[0][:7] != "2025-10") {
				t.Errorf("the whole report's trend has months %v; want October 2025 to September 2026", all)
			}
			got := map[string]string{}
			for i := range r.Scopes {
				tr := r.Scopes[i].Data["trend"]
				if tr == nil {
					continue
				}
				months, medians := column(tr, "month"), column(tr, "median_delivery_pct")
				if len(months) != len(slices.Compact(slices.Clone(months))) {
					t.Errorf("view %s: trend months %v, a month more than once", r.Scopes[i].ID, months)
				}
				for j := range months {
					if months[j][:7] == "2026-09" {
						got[r.Scopes[i].ID] = medians[j]
					}
				}
			}
			for view, want := range c.want {
				g, ok := got[view]
				if !ok {
					t.Errorf("no September in view %s (views %v)", view, keys(got))
					continue
				}
				if trimFloat(g) != trimFloat(want) {
					t.Errorf("view %s: median_delivery_pct %q, want %q", view, g, want)
				}
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// trimFloat writes "75.00000" and "75.0" alike.
func trimFloat(s string) string {
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		return s
	}
	return fmt.Sprint(f)
}

// A supplier's page lists its live commitments in the reporting month
// (supplier_commitments), a contract with no return first ("no_return", no
// figure), then red, amber, green, grey, each by delivered ÷ expected:
// Alpha Ltd's K8 (no return), K2 red (3 of 6), K1 green (6), K6 green (9,
// in its last month); Gamma Ltd's K4 grey (6 delivered, no target).
func TestSupplierCommitments_LiveCommitmentsNoReturnFirst(t *testing.T) {
	t.Parallel()
	db, today := mediansScenario(t)
	r, err := dashboard.Build(context.Background(), db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	for view, want := range map[string][]string{
		"supplier:Alpha Ltd": {"K8 no_return -", "K2 red 3", "K1 green 6", "K6 green 9"},
		"supplier:Gamma Ltd": {"K4 grey 6"},
		"all":                nil,
	} {
		var got []string
		for i := range r.Scopes {
			if r.Scopes[i].ID != view {
				continue
			}
			if res := r.Scopes[i].Data["supplier_commitments"]; res != nil {
				refs, rags, delivered := column(res, "contract_ref"), column(res, "rag"), column(res, "delivered_to_date")
				for j := range refs {
					d := trimFloat(delivered[j])
					if d == "" {
						d = "-"
					}
					got = append(got, refs[j]+" "+rags[j]+" "+d)
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("view %s: supplier_commitments %q, want %q", view, got, want)
		}
	}
}
