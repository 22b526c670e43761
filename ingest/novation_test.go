package ingest_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
)

// A register may give a contract's history, one row per date it changed
// (effective_from): both rows load (not "duplicate"), contracts holds the
// latest, contract_suppliers each; a date that is not one is refused, the
// same by validate as by ingest.
func TestNovation_RegisterHistoryRowsAndBadDates(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	const head = "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct,effective_from\n"
	p := writeFile(t, filepath.Join(dir, "history.csv"), head+
		"C3,Later Ltd,T01,1000,2026-04-01,2027-03-31,10,2026-09-15\n"+
		"C3,First Ltd,T01,1000,2026-04-01,2027-03-31,10,2026-04-01\n"+
		"C4,Bad Date Ltd,T01,1000,2026-04-01,2027-03-31,10,31/02/2026\n", time.Time{})
	for _, dry := range []bool{true, false} {
		res, err := ingest.Run(ctx, db, []string{p}, ingest.Options{Today: corpusToday, DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		if res.Loaded != 2 || res.Rejected != 1 || res.Rejections[0].Column != "effective_from" || res.Rejections[0].Row != 4 {
			t.Errorf("dry run %v: loaded %d, rejected %d %+v; want C3's two rows and C4 refused for its effective_from", dry, res.Loaded, res.Rejected, res.Rejections)
		}
	}
	if got := rows(t, db, `select supplier_name, effective_from from contracts where contract_ref = 'C3'`); len(got) != 1 || got[0][0] != "Later Ltd" {
		t.Errorf("contracts row for C3: %v; want the latest, Later Ltd", got)
	}
	if got := rows(t, db, `select strftime(effective_from, '%Y-%m-%d'), supplier_name from contract_suppliers where contract_ref = 'C3' order by 1`); len(got) != 2 ||
		got[0][0] != "2026-04-01" || got[0][1] != "First Ltd" || got[1][0] != "2026-09-15" || got[1][1] != "Later Ltd" {
		t.Errorf("C3's suppliers %v; want First Ltd from 1 April, Later Ltd from 15 September", got)
	}
	// Loading the register again without dates changes no history.
	if got := rows(t, db, `select count(*) from contract_suppliers where contract_ref in ('C1', 'C2')`); got[0][0] != int64(2) {
		t.Errorf("C1 and C2 have %v supplier rows; want one each", got[0][0])
	}
	if _, err := ingest.Run(ctx, db, []string{"../testdata/scenario/contracts.csv"}, ingest.Options{Today: corpusToday, Force: true}); err != nil {
		t.Fatal(err)
	}
	if got := rows(t, db, `select count(*) from contract_suppliers where contract_ref in ('C1', 'C2')`); got[0][0] != int64(2) {
		t.Errorf("after reloading the same register C1 and C2 have %v supplier rows; want still one each", got[0][0])
	}
}
