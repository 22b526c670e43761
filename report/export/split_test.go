package export_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/report/export"
	"github.com/nhs-hubs/svhub/transform"
)

// TestSplits_AreEveryLevel: rollup_status is exported one level at a
// time (issue 24: a whole month of it at once did not finish at England),
// from the export's list of rollup_keyed's levels. A level added to the
// view and not to the list would be left out of the export without a
// word; here every row of the view, at every level, is in the files, with
// every column as the view gives it. Each month's levels read that month
// of commitment_status staged as a temporary table that hides the view:
// the files must hold the view's rows all the same, and once the export
// is done the view must be seen whole again.
func TestSplits_AreEveryLevel(t *testing.T) {
	db := openDB(t)
	dir := t.TempDir()
	files := map[string]string{
		"organisations.csv": "trust_code,trust_name,ics_code,region_code\nT01,Trust,I01,R01\nT02,Trust Two,I02,R02\n",
		"contracts.csv": "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n" +
			"C1,Acme Ltd,T01,1000,2026-04-01,2027-03-31,10\nC2,Bravo plc,T02,2000,2026-05-01,2027-04-30,10\n",
		"commitments.csv": "contract_ref,measure_code,target,unit,frequency\nC1,SVM25.1.2,12,number,monthly\nC2,SVM25.1.2,6,number,monthly\n",
		"returns.csv":     "contract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,2\nC2,2026-05,SVM25.1.2,1\n",
	}
	var paths []string
	for _, name := range []string{"organisations.csv", "contracts.csv", "commitments.csv", "returns.csv"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if res, err := ingest.Run(ctx, db, paths, ingest.Options{Today: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)}); err != nil || res.Rejected != 0 {
		t.Fatalf("ingest: %v, %+v", err, res)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil {
		t.Fatal(err)
	}
	var rows, levels, statusRows int64
	if err := db.QueryRowContext(ctx, `select count(*), count(distinct level), (select count(*) from commitment_status) from rollup_status`).Scan(&rows, &levels, &statusRows); err != nil {
		t.Fatal(err)
	}
	// two months (May and June 2026 ... to the reporting month), thirteen levels
	if levels != 13 || rows < 2*13 {
		t.Fatalf("rollup_status: %d rows over %d levels; the test wants every level", rows, levels)
	}
	m, err := export.Write(ctx, db, filepath.Join(dir, "out"), export.Options{Format: "parquet", Spark: sparkModels(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range m.Tables {
		if tb.Name != "rollup_status" {
			continue
		}
		var inFiles int64
		if err := db.QueryRowContext(ctx, "select count(*) from read_parquet(?)", filepath.Join(dir, "out", "rollup_status", "*", "*", "*.parquet")).Scan(&inFiles); err != nil {
			t.Fatal(err)
		}
		if tb.Rows != rows || inFiles != rows {
			t.Errorf("rollup_status: the manifest counts %d rows, the files hold %d; the view has %d", tb.Rows, inFiles, rows)
		}
		var onlyView, onlyFiles int64
		files := "read_parquet('" + filepath.Join(dir, "out", "rollup_status", "*", "*", "*.parquet") + "', hive_partitioning = false)"
		if err := db.QueryRowContext(ctx, "select (select count(*) from (select * from rollup_status except all select * from "+files+")), "+
			"(select count(*) from (select * from "+files+" except all select * from rollup_status))").Scan(&onlyView, &onlyFiles); err != nil {
			t.Fatal(err)
		}
		if onlyView != 0 || onlyFiles != 0 {
			t.Errorf("rollup_status: %d rows of the view are not in the files and %d rows of the files not in the view; want the same rows", onlyView, onlyFiles)
		}
	}
	var after int64
	if err := db.QueryRowContext(ctx, `select count(*) from commitment_status`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != statusRows {
		t.Errorf("commitment_status has %d rows after the export, %d before: the month staged for the rollups still hides the view", after, statusRows)
	}
}
