package transform_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// A hub's own crosswalk.csv need not map every 2020 outcome to a mission.
// Here it maps outcomes 1-3 and 5-8 as the seed does, but not outcome 4;
// one outcome-4 measure, SVM20.4.1, gets a measure-level row (M2). So:
//   - SVM20.4.1 -> M2, "Make Britain a clean energy superpower"
//   - SVM20.4.2, SVM20.4.3, SVM20.4.4 -> no mission, and still listed
//     (a measure without a mission is still a measure)
//   - SVM20.6.2 -> M1 by its own row, although outcome 6 maps to M4
//   - SVM20.1.1 -> M1 through outcome 1
//
// The 2020 measures stay 28 (the seed's measures.csv has 28 2020 rows).
func TestMeasures_CrosswalkGap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	crosswalk := "outcome_code_2020,measure_code,mission\n1,,M1\n2,,M1\n3,,M1\n5,,M4\n6,,M4\n7,,M5\n8,,M3\n,SVM20.6.2,M1\n,SVM20.4.1,M2\n"
	if err := os.WriteFile(filepath.Join(dir, "crosswalk.csv"), []byte(crosswalk), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, store.Options{Path: preparedPath(t, "m.duckdb"), Today: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := transform.LoadTaxonomyDir(ctx, db, dir); err != nil {
		t.Fatal(err)
	}
	if err := transform.Refresh(ctx, db); err != nil {
		t.Fatal(err)
	}
	sameRows(t, "measures", queryText(t, db, `select measure_code, mission, mission_name from measures
		where measure_code in ('SVM20.1.1', 'SVM20.4.1', 'SVM20.4.2', 'SVM20.4.3', 'SVM20.4.4', 'SVM20.6.2') order by 1`), [][]string{
		{"SVM20.1.1", "M1", "Kickstart economic growth"},
		{"SVM20.4.1", "M2", "Make Britain a clean energy superpower"},
		{"SVM20.4.2", "", ""},
		{"SVM20.4.3", "", ""},
		{"SVM20.4.4", "", ""},
		{"SVM20.6.2", "M1", "Kickstart economic growth"},
	})
	sameRows(t, "2020 measures", queryText(t, db, `select count(*) from measures where model = '2020'`), [][]string{{"28"}})
}
