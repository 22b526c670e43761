package transform_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

func TestLifecycle_ReadOnlyRefusesStaleDatabaseUntilInit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.duckdb")
	w, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := transform.Prepare(ctx, w); err != nil {
		t.Fatal(err)
	}
	// A database written by another svhub version: different views.
	if err := w.SetMeta(ctx, "views_hash", "from-an-older-svhub"); err != nil {
		t.Fatal(err)
	}
	w.Close()

	r, err := store.Open(ctx, store.Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = transform.CheckReadable(ctx, r)
	r.Close()
	if !errors.Is(err, store.ErrSchemaOld) {
		t.Fatalf("stale views: got %v, want ErrSchemaOld", err)
	}

	// A writer (init) brings it up to date; then read-only opens work.
	w, err = store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := transform.Prepare(ctx, w); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, err = store.Open(ctx, store.Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := transform.CheckReadable(ctx, r); err != nil {
		t.Fatalf("after init: %v", err)
	}
	var measures, models int
	if err := r.QueryRow(`select count(*), count(distinct model) from measures`).Scan(&measures, &models); err != nil {
		t.Fatal(err)
	}
	// domain.md lists 28 measures for the 2020 model and 21 for 2025.
	if measures != 53 || models != 2 {
		t.Errorf("taxonomy: %d measures in %d models, want 53 in 2", measures, models)
	}
}

func TestLifecycle_MissingDatabaseIsNotCreatedByReaders(t *testing.T) {
	t.Parallel()
	_, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "none.duckdb"), ReadOnly: true})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
}

func TestMeasures_CrosswalkGivesEveryMeasureAMission(t *testing.T) {
	t.Parallel()
	db := openScenario(t, "2026-10-05")
	var missing int
	if err := db.QueryRow(`select count(*) from measures where mission is null or mission_name is null or theme is null`).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if missing != 0 {
		t.Errorf("%d measures lack a mission, mission name or theme", missing)
	}
	// Crosswalk spot checks: 2020 outcome 8 (community integration) → M3,
	// outcome 4 (environment) → M2.
	for code, want := range map[string]string{"SVM20.8.1": "M3", "SVM20.4.4": "M2", "SVM25.8.1": "M5"} {
		var got string
		db.QueryRow(`select mission from measures where measure_code = ?`, code).Scan(&got)
		if got != want {
			t.Errorf("%s: mission %q, want %q", code, got, want)
		}
	}
}

func TestModels_CreatedInDependencyOrder(t *testing.T) {
	t.Parallel()
	ms, err := transform.Models()
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, m := range ms {
		pos[m.Name] = i
	}
	for _, dep := range [][2]string{{"measures", "int_commitment_terms"}, {"returns_clean", "int_reporting_month"}, {"commitment_status", "commitment_status_latest"}, {"commitment_status", "rollup_status"}} {
		if pos[dep[0]] >= pos[dep[1]] {
			t.Errorf("%s must be created before %s", dep[0], dep[1])
		}
	}
}

// Prepare leaves the views of a database already this svhub's alone (making
// them again cost every writing command), but not when one is missing: a
// view dropped by hand, or by a tool, is made again.
func TestLifecycle_PrepareMakesAMissingViewAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := preparedPath(t, "v.duckdb")
	w, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, drop := range []string{`drop view award_criteria`, `drop view rollup_status`} {
		if _, err := w.ExecContext(ctx, drop); err != nil {
			t.Fatal(err)
		}
	}
	if err := transform.Prepare(ctx, w); err != nil {
		t.Fatal(err)
	}
	for _, view := range []string{"award_criteria", "rollup_status"} {
		var n int
		if err := w.QueryRowContext(ctx, `select count(*) from `+view).Scan(&n); err != nil {
			t.Errorf("%s after Prepare: %v", view, err)
		}
	}
}

// And the other side: on a database whose views are already this svhub's,
// Prepare makes none of them again. A view changed in place (its name and
// the hashes as they were) is still the changed one afterwards, which it
// would not be had Prepare made the views again.
func TestLifecycle_PrepareLeavesCurrentViewsAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := preparedPath(t, "c.duckdb")
	w, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.ExecContext(ctx, `create or replace view award_criteria as select 'left alone' as marker`); err != nil {
		t.Fatal(err)
	}
	if err := transform.Prepare(ctx, w); err != nil {
		t.Fatal(err)
	}
	var marker string
	if err := w.QueryRowContext(ctx, `select marker from award_criteria`).Scan(&marker); err != nil || marker != "left alone" {
		t.Errorf("award_criteria after Prepare: %q, %v; want the view left as it was", marker, err)
	}
}
