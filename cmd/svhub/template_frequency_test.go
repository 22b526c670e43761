package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTemplate_FrequencyAsTheMartsReadIt: a register that writes a
// quarterly commitment as "qtr" is quarterly to the marts (stg_commitments);
// the template reads the same view, so it asks for the quarters the hub
// counts as due, not every month. Today is 20 Aug 2026 and monitoring
// began in April (C-1's first return): C-3 runs January to December, so
// the March quarter ended before monitoring and only the June quarter is
// due — one row, where reading the register's own word asked for April to
// July (four).
func TestTemplate_FrequencyAsTheMartsReadIt(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SVHUB_TODAY", "2026-08-20")
	db := preparedDB(t, filepath.Join(dir, "t.duckdb"))
	files := map[string]string{
		"organisations.csv": "trust_code,trust_name,ics_code,region_code\nRXX,Test Hospitals NHS Trust,QXX,Y63\n",
		"contracts.csv": "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n" +
			"C-1,Acme Ltd,RXX,100000,2026-04-01,2027-03-31,10\n" +
			"C-3,Beta Ltd,RXX,50000,2026-01-01,2026-12-31,10\n",
		"commitments.csv": "contract_ref,measure_code,target,frequency\nC-1,SVM25.1.2,12,monthly\nC-3,SVM25.1.2,8,qtr\n",
		"returns.csv":     "contract_ref,period,measure_code,value\nC-1,2026-04,SVM25.1.2,1\n",
	}
	var inputs []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	if code, _, errs := svhub(t, "--db", db, "init", "-q"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := svhub(t, append([]string{"--db", db, "ingest", "-q"}, inputs...)...); code != 0 {
		t.Fatalf("register: %s", errs)
	}
	if got := queryCSV(t, db, "select frequency from stg_commitments where contract_ref = 'C-3'"); len(got) != 1 || got[0][0] != "quarterly" {
		t.Fatalf("stg_commitments reads C-3 as %q, want quarterly", got)
	}
	out := filepath.Join(dir, "templates")
	path := filepath.Join(out, "return C-3 Beta Ltd.xlsx")
	if code, _, errs := svhub(t, "--db", db, "template", "--contract", "C-3", "--out", out); code != 0 {
		t.Fatalf("template: %s", errs)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Return")
	var periods []string
	for _, r := range rows[4:] {
		periods = append(periods, r[1])
	}
	if want := []string{"2026-06"}; !slices.Equal(periods, want) {
		t.Errorf("C-3's template asks for %q, want %q", periods, want)
	}
	commitments, _ := f.GetRows("Commitments")
	found := false
	for _, r := range commitments {
		if slices.Contains(r, "SVM25.1.2") {
			found = slices.Contains(r, "quarterly")
		}
	}
	if !found {
		t.Errorf("the Commitments sheet does not say quarterly: %q", commitments)
	}
}
