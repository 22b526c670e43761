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
	"github.com/nhs-hubs/svhub/report/spec"
)

// Financial-year totals across a year boundary, worked by hand. Today is
// 20 May 2026; the latest return is April 2026 and the first January 2025
// (monitoring starts then). Apprenticeships (SVM25.1.2) are worth £10 each.
//
//	Q1 quarterly, 4 over January–December 2025 (quarters Jan–Mar, Apr–Jun,
//	   Jul–Sep, Oct–Dec); returns Jan 0, Mar 1, Jun 1, Sep 2, Dec 0. By March
//	   2025 one quarter is complete: expected 1, delivered 1. By December
//	   (its end): expected 4, delivered 4. So FY2025 (April 2025–March
//	   2026): expected 4 − 1 = 3, delivered 4 − 1 = 3; FY2024 (April
//	   2024–March 2025): expected 1, delivered 1.
//	Y1 monthly, 24 over April 2025–March 2027; 1 a month April 2025–April
//	   2026. FY2025: expected 24 × 12/24 = 12, delivered 12; nothing in
//	   FY2024.
//
// FY2025: 2 commitments, expected 15, delivered 15 (100%), £150; a year
// earlier delivered 1, so +14. FY2024 has data for January–March 2025
// only: 3 of its 12 months, and the headline says so. With --period fy2025
// the report's month is March 2026, the period's last.
func TestPeriodTotals_FinancialYearAcrossTheBoundary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	today := time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
Q1,Alpha Ltd,T01,100000,2025-01-01,2025-12-31,10
Y1,Beta Ltd,T01,200000,2025-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target,frequency\nQ1,SVM25.1.2,4,quarterly\nY1,SVM25.1.2,24,monthly\n")
	writeFile(t, filepath.Join(dir, "proxy_values.csv"), "measure_code,gbp_per_unit,source,year\nSVM25.1.2,10,test proxies,2025\n")
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value\n")
	for m, v := range map[string]string{"2025-01": "0", "2025-03": "1", "2025-06": "1", "2025-09": "2", "2025-12": "0"} {
		returns.WriteString("Q1," + m + ",SVM25.1.2," + v + "\n")
	}
	for m := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC); !m.After(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		returns.WriteString("Y1," + m.Format("2006-01") + ",SVM25.1.2,1\n")
	}
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	db := ingestFolder(t, dir, today)
	from, to := dashboard.FinancialYear(2025)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.AsOf.Format("2006-01"); got != "2026-03" {
		t.Errorf("report month %s, want 2026-03 (the period's last)", got)
	}
	res := r.Data["period_totals"]
	if len(res.Rows) != 1 {
		t.Fatalf("%d rows, want one (one measure)", len(res.Rows))
	}
	row := res.Rows[0]
	var got []string
	for _, c := range []struct {
		name string
		f    spec.Format
	}{{"measure_code", spec.FormatText}, {"commitments", spec.FormatInt}, {"expected_in_period", spec.FormatNum}, {"delivered_in_period", spec.FormatNum},
		{"delivery_ratio", spec.FormatRatio}, {"expected_prev", spec.FormatNum}, {"delivered_prev", spec.FormatNum}, {"change_on_prev", spec.FormatNum},
		{"social_value_gbp", spec.FormatGBP}, {"social_value_gbp_prev", spec.FormatGBP}} {
		got = append(got, c.name+"="+format.Text(row[res.Col(c.name)], c.f))
	}
	want := []string{"measure_code=SVM25.1.2", "commitments=2", "expected_in_period=15.0", "delivered_in_period=15.0", "delivery_ratio=100%",
		"expected_prev=1.0", "delivered_prev=1.0", "change_on_prev=14.0", "social_value_gbp=£150", "social_value_gbp_prev=£10"}
	if !slices.Equal(got, want) {
		t.Errorf("FY2025 totals:\n%q\nwant\n%q", got, want)
	}
	b := r.Spec.Blocks[slices.IndexFunc(r.Spec.Blocks, func(b spec.Block) bool { return b.ID == "period_totals" })]
	if h, w := b.Headline(res, r.AsOf), "April 2025 to March 2026 beside April 2024 to March 2025 (partial: data for 3 of its 12 months)"; h != w {
		t.Errorf("headline %q, want %q", h, w)
	}
}
