package transform_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/format"
)

// Off-track lists rank by materiality, worked by hand. Reporting month
// September 2026 (today 20 October); every contract runs one year, April
// 2026 to March 2027 (364 days: the value a year is the value), with one
// commitment of monthly returns; apprenticeships (SVM25.1.2) have a proxy
// of £1,000 each, fair-work jobs (SVM25.1.1) none.
//
//	M1 £120,000; 12 apprenticeships, none delivered: expected 6 by
//	   September, ratio 0, £ behind plan 6 × £1,000 = £6,000.
//	M2 £1,000,000; 12 fair-work FTE, 3 delivered (April): expected 6,
//	   ratio 0.5, no proxy so no £ behind plan.
//	M3 £50,000; 24 apprenticeships, none delivered: expected 12, ratio 0,
//	   £12,000 behind plan.
//
// By £ behind plan, then value a year: M3, M1, M2 (by ratio it was M1, M3,
// M2, the smallest shortfall first among equals).
func TestOffTrack_RankedByMateriality(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
M1,Alpha Ltd,T01,120000,2026-04-01,2027-03-31,10
M2,Beta Ltd,T01,1000000,2026-04-01,2027-03-31,10
M3,Gamma Ltd,T01,50000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target\nM1,SVM25.1.2,12\nM2,SVM25.1.1,12\nM3,SVM25.1.2,24\n")
	writeFile(t, filepath.Join(dir, "proxy_values.csv"), "measure_code,gbp_per_unit,source,year\nSVM25.1.2,1000,test proxies,2026\n")
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value\n")
	for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"} {
		v := "0"
		if m == "2026-04" {
			v = "3"
		}
		returns.WriteString("M1," + m + ",SVM25.1.2,0\nM2," + m + ",SVM25.1.1," + v + "\nM3," + m + ",SVM25.1.2,0\n")
	}
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	db := ingestFolder(t, dir, today)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Data["off_track"]
	var got []string
	for _, row := range res.Rows {
		got = append(got, strings.Join([]string{
			row[res.Col("contract_ref")].(string),
			format.Text(row[res.Col("delivery_ratio")], "ratio"),
			format.Text(row[res.Col("value_gbp_per_year")], "gbp"),
			format.Text(row[res.Col("gbp_at_risk")], "gbp"),
		}, " "))
	}
	want := []string{"M3 0% £50,000 £12,000", "M1 0% £120,000 £6,000", "M2 50% £1,000,000 –"}
	if !slices.Equal(got, want) {
		t.Errorf("off track, most material first:\n%q\nwant\n%q", got, want)
	}
}

// Highlights rank by what was delivered, leaving out targets expected to
// deliver under one unit by now. September 2026, one-year contracts from
// April (6 of 12 months due); apprenticeships (SVM25.1.2) £1,000 each,
// training hours (SVM25.1.4) no proxy.
//
//	H1 1 apprenticeship, 1 delivered: expected 0.5 (under one unit), ratio
//	   200%: left out, though furthest ahead by ratio.
//	H2 12 apprenticeships, 8 delivered: expected 6, ratio 133%, £8,000.
//	H3 120 hours, 70 delivered: expected 60, ratio 117%, no £.
//	H4 240 hours, 130 delivered: expected 120, ratio 108%, no £.
//
// By £, then amount delivered: H2 (£8,000), H4 (130), H3 (70).
func TestHighlights_ByAbsoluteDelivery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
H1,Alpha Ltd,T01,100000,2026-04-01,2027-03-31,10
H2,Beta Ltd,T01,100000,2026-04-01,2027-03-31,10
H3,Gamma Ltd,T01,100000,2026-04-01,2027-03-31,10
H4,Delta Ltd,T01,100000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target\nH1,SVM25.1.2,1\nH2,SVM25.1.2,12\nH3,SVM25.1.4,120\nH4,SVM25.1.4,240\n")
	writeFile(t, filepath.Join(dir, "proxy_values.csv"), "measure_code,gbp_per_unit,source,year\nSVM25.1.2,1000,test proxies,2026\n")
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value\n")
	for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"} {
		h1, h2, h3, h4 := "0", "1", "10", "20"
		if m == "2026-04" {
			h1, h2, h3, h4 = "1", "3", "20", "30"
		}
		returns.WriteString("H1," + m + ",SVM25.1.2," + h1 + "\nH2," + m + ",SVM25.1.2," + h2 + "\nH3," + m + ",SVM25.1.4," + h3 + "\nH4," + m + ",SVM25.1.4," + h4 + "\n")
	}
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	db := ingestFolder(t, dir, today)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Data["highlights"]
	var got []string
	for _, row := range res.Rows {
		got = append(got, strings.Join([]string{
			row[res.Col("contract_ref")].(string),
			format.Text(row[res.Col("delivered_to_date")], "int"),
			format.Text(row[res.Col("delivery_ratio")], "ratio"),
			format.Text(row[res.Col("social_value_gbp")], "gbp"),
		}, " "))
	}
	want := []string{"H2 8 133% £8,000", "H4 130 108% –", "H3 70 117% –"}
	if !slices.Equal(got, want) {
		t.Errorf("highlights, most delivered first:\n%q\nwant\n%q", got, want)
	}
}

// A supplier's page says "no return received" for a contract that has sent
// none, not "delivered 0, red": N2 (Beta Ltd) has never sent a return; N1
// (Alpha Ltd) sent 0 a month and is red.
func TestSupplierPage_NoReturnReceived(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
N1,Alpha Ltd,T01,100000,2026-04-01,2027-03-31,10
N2,Beta Ltd,T01,100000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target\nN1,SVM25.1.2,12\nN2,SVM25.1.2,12\n")
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value\n")
	for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"} {
		returns.WriteString("N1," + m + ",SVM25.1.2,0\n")
	}
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	db := ingestFolder(t, dir, today)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today, AllSupplierViews: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, sc := range r.Scopes {
		res := sc.Data["supplier_commitments"]
		if res == nil || len(res.Rows) == 0 {
			continue
		}
		row := res.Rows[0]
		got[sc.ID] = row[res.Col("rag")].(string) + " " + format.Text(row[res.Col("delivered_to_date")], "num1")
	}
	if got["supplier:Beta Ltd"] != "no_return –" || got["supplier:Alpha Ltd"] != "red 0.0" {
		t.Errorf("supplier pages: %q; want Beta Ltd no_return –, Alpha Ltd red 0.0", got)
	}
}
