package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Verified delivery, hand-worked (reference date 20 Oct 2026, so the
// reporting month is September 2026, the latest with returns; monitoring
// starts in May, the earliest return). Kestrel Ltd's K1 runs April 2026 to
// March 2027.
//
//   - SVM25.1.2 (count, sum), target 12 over June 2026–March 2027 (10
//     months): expected by September 12 × 4/10 = 4.8. Returns of 1 for May
//     (before the commitment: outside it), June, July, August, September.
//     Evidence seen for May, June and September: verified = June + September
//     = 2, not May; 2/4.8 = 0.416667, red. Four returns claimed in the
//     commitment (June to September), two of them verified.
//   - SVM25.1.3 (pct, latest), target 50: August 40 and September 60, both
//     seen. The latest counts, not the sum: verified 60, 60/50 = 1.2, green.
//   - SVM25.1.4 (hours), no target and no return: still a row, nothing
//     claimed or verified, grey.
func TestVerifiedDelivery_HandWorked(t *testing.T) {
	t.Parallel()
	needECharts(t)
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	files := map[string]string{
		"organisations.csv": "trust_code,trust_name,ics_code,region_code\nT1,Leeds Teaching Hospitals,I1,R1\n",
		"contracts.csv": "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n" +
			"K1,Kestrel Ltd,T1,500000,2026-04-01,2027-03-31,10\n",
		"commitments.csv": "contract_ref,measure_code,target,period_from,period_to,delivery_plan\n" +
			"K1,SVM25.1.2,12,2026-06-01,2027-03-31,Apprentices with the local college\n" +
			"K1,SVM25.1.3,50,,,Local suppliers through the chamber of commerce\n" +
			"K1,SVM25.1.4,,,,Training hours\n",
		"returns.csv": "contract_ref,period,measure_code,value\n" +
			"K1,2026-05,SVM25.1.2,1\nK1,2026-06,SVM25.1.2,1\nK1,2026-07,SVM25.1.2,1\nK1,2026-08,SVM25.1.2,1\nK1,2026-09,SVM25.1.2,1\n" +
			"K1,2026-08,SVM25.1.3,40\nK1,2026-09,SVM25.1.3,60\n",
	}
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(inbox, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := preparedDB(t, filepath.Join(dir, "s.duckdb"))
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-10-20", "-q", "ingest", "--strict", inbox); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, errs)
	}
	var log strings.Builder
	log.WriteString("Item key,Log month,Status,Date checked,Evidence status,Notes\n")
	for _, k := range []string{"K1|2026-05|SVM25.1.2", "K1|2026-06|SVM25.1.2", "K1|2026-09|SVM25.1.2", "K1|2026-08|SVM25.1.3", "K1|2026-09|SVM25.1.3"} {
		log.WriteString("evidence|" + k + ",2026-09,resolved,05/10/2026,seen,payroll extract seen\n")
	}
	hubLog := filepath.Join(dir, "hub log.csv")
	if err := os.WriteFile(hubLog, []byte(log.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-10-20", "-q", "ingest", "--strict", hubLog); code != 0 {
		t.Fatalf("ingest hub log: exit %d\n%s", code, errs)
	}
	got := queryCSV(t, db, `select measure_code, expected_to_date, verified_to_date, returns_claimed, returns_verified, verified_ratio, verified_rag
		from verified_delivery order by measure_code`)
	want := []string{
		"SVM25.1.2,4.8,2,4,2,0.416667,red",
		"SVM25.1.3,50,60,2,2,1.2,green",
		"SVM25.1.4,,0,0,0,,grey",
	}
	var lines []string
	for _, r := range got {
		lines = append(lines, strings.Join(r, ","))
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("verified_delivery:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
