package ingest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nhs-hubs/svhub/ingest"
)

// The register says what carbon plan a supplier has (carbon_plan, or the
// older crp_published), whether the contract is an NHS framework, and when
// its procurement started (procured_on, defaulting to start_date): the
// dated rules are applied by that date. Bad values are rejected naming the
// column; the contract's other rows load.
func TestIngest_CarbonPlanFrameworkProcuredOn(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	c := filepath.Join(dir, "contracts.csv")
	os.WriteFile(c, []byte("contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct,Carbon Plan,crp_published,Framework Agreement,Procurement Start\n"+
		"K1,Kite Ltd,T01,100000,2026-01-01,2026-12-31,10,Net Zero Commitment,,yes,15/09/2025\n"+
		"K2,Kestrel Ltd,T01,100000,2026-01-01,2026-12-31,10,,yes,,\n"+
		"K3,Kea Ltd,T01,100000,2026-01-01,2026-12-31,10,none,no,no,\n"+
		"K4,Knot Ltd,T01,100000,2026-01-01,2026-12-31,10,,,,\n"+
		"K5,Koel Ltd,T01,100000,2026-01-01,2026-12-31,10,a plan,,,\n"+
		"K6,Kiwi Ltd,T01,100000,2026-01-01,2026-12-31,10,,,maybe,\n"+
		"K7,Kaka Ltd,T01,100000,2026-01-01,2026-12-31,10,,,,2026-02-01\n"), 0o644)
	res, err := ingest.Run(ctx, db, []string{c}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Rejections {
		got = append(got, r.Column)
		switch r.Column {
		case "carbon_plan":
			if !strings.Contains(r.Reason, "expected crp (a Carbon Reduction Plan), nzc (a Net Zero Commitment) or none") || r.Row != 6 {
				t.Errorf("carbon_plan rejection %+v", r)
			}
		case "framework":
			if !strings.Contains(r.Reason, "yes or no") || r.Row != 7 {
				t.Errorf("framework rejection %+v", r)
			}
		case "procured_on":
			if !strings.Contains(r.Reason, "after the contract does") || r.Row != 8 {
				t.Errorf("procured_on rejection %+v", r)
			}
		}
	}
	if !reflect.DeepEqual(got, []string{"carbon_plan", "framework", "procured_on"}) {
		t.Fatalf("rejected columns %v, want carbon_plan, framework, procured_on: %+v", got, res.Rejections)
	}
	// K1: named plan read as nzc, procured 15 Sep 2025; K2: crp_published
	// yes means crp; K3: none; K4: nothing on record (NULL), and the rules
	// judge K2-K4 by their start date.
	want := [][]any{
		{"K1", "nzc", true, "2025-09-15"},
		{"K2", "crp", false, "2026-01-01"},
		{"K3", "none", false, "2026-01-01"},
		{"K4", nil, false, "2026-01-01"},
	}
	if g := rows(t, db, `select contract_ref, carbon_plan, framework, cast(procured_on as varchar) from stg_contracts
		where contract_ref like 'K%' order by 1`); !reflect.DeepEqual(g, want) {
		t.Errorf("stg_contracts\ngot  %v\nwant %v", g, want)
	}
}
