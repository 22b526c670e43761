package transform_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/excel"
	"github.com/nhs-hubs/svhub/transform"
)

// Thirty contracts C01..C30, each with one commitment of 12 apprentices
// over April 2026 to March 2027 and nothing delivered by July: every one is
// red (ratio 0). The board pack's Exceptions sheet shows the first 25
// (C01..C25, ties in contract order) and says where all 30 are; the All
// exceptions sheet lists all 30. No commitment has a delivery plan, so the
// flag no_delivery_plan is shown in words.
func TestBoardPack_ExceptionsInFull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	today := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	var contracts, commitments, returns strings.Builder
	contracts.WriteString("contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n")
	commitments.WriteString("contract_ref,measure_code,target\n")
	returns.WriteString("contract_ref,period,measure_code,value\n")
	for i := 1; i <= 30; i++ {
		ref := fmt.Sprintf("C%02d", i)
		fmt.Fprintf(&contracts, "%s,Supplier %02d Ltd,T01,100000,2026-04-01,2027-03-31,10\n", ref, i)
		fmt.Fprintf(&commitments, "%s,SVM25.1.2,12\n", ref)
		for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07"} {
			fmt.Fprintf(&returns, "%s,%s,SVM25.1.2,0\n", ref, m)
		}
	}
	writeFile(t, filepath.Join(dir, "contracts.csv"), contracts.String())
	writeFile(t, filepath.Join(dir, "commitments.csv"), commitments.String())
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	db, err := store.Open(ctx, store.Options{Path: preparedPath(t, "x.duckdb"), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	if res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: today}); err != nil || res.Rejected != 0 {
		t.Fatalf("ingest: %v, %+v", err, res)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
		t.Fatal(err)
	}
	s, layout := excel.Pack()
	r, err := dashboard.Build(ctx, db, s, dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pack.xlsx")
	if err := excel.WriteLayout(ctx, path, r, layout); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), "All exceptions") {
		t.Fatalf("sheets %q, want an All exceptions sheet", f.GetSheetList())
	}
	// refs lists the contract references in column A of a sheet's rows,
	// between the row titled from and the next title (a row with one cell).
	refs := func(sheet, from string) []string {
		rows, _ := f.GetRows(sheet)
		var out []string
		in := false
		for _, r := range rows {
			switch {
			case len(r) > 0 && r[0] == from:
				in = true
			case in && len(r) > 1 && strings.HasPrefix(r[0], "C") && len(r[0]) == 3:
				out = append(out, r[0])
				if !strings.HasSuffix(r[2], " (number)") { // the measure, with its unit (count) in words
					t.Errorf("%s row %q: no unit in words", sheet, r)
				}
			case in && len(out) > 0 && (len(r) <= 1):
				return out
			}
		}
		return out
	}
	want := func(n int) []string {
		var s []string
		for i := 1; i <= n; i++ {
			s = append(s, fmt.Sprintf("C%02d", i))
		}
		return s
	}
	if got := refs("Exceptions", "Off-track commitments"); !slices.Equal(got, want(25)) {
		t.Errorf("Exceptions lists %q, want C01..C25", got)
	}
	if got := refs("All exceptions", "Every off-track commitment"); !slices.Equal(got, want(30)) {
		t.Errorf("All exceptions lists %q, want C01..C30", got)
	}
	rows, _ := f.GetRows("Exceptions")
	all := fmt.Sprint(rows)
	if !strings.Contains(all, "Showing the 25 most material of 30: all 30 are on the sheet All exceptions.") {
		t.Errorf("no note saying where the other 5 are:\n%s", all)
	}
	var flag []string
	for _, r := range rows {
		if len(r) > 0 && r[0] == "No delivery plan" {
			flag = r
		}
	}
	// The Data sheet: the mission by name beside its code, the unit in words.
	data, _ := f.GetRows("Data")
	var head, first []string
	for i, r := range data {
		if len(r) > 0 && r[0] == "Month" {
			head, first = r, data[i+1]
			break
		}
	}
	col := func(name string) string {
		if i := slices.Index(head, name); i >= 0 && i < len(first) {
			return first[i]
		}
		return "(no column " + name + ")"
	}
	if got := col("Mission code") + "|" + col("Mission") + "|" + col("Unit"); got != "M1|Kickstart economic growth|number" {
		t.Errorf("Data sheet mission and unit %q, want M1|Kickstart economic growth|number", got)
	}
	if len(flag) < 5 || !strings.HasPrefix(flag[1], "No plan says how") || flag[3] != "30" {
		t.Errorf("flag row %q, want it in words, 30 flagged", flag)
	}
}
