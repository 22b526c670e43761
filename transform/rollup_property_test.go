package transform_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/transform"
)

// rollupLevels are every level of rollup_status and rollup_measures; each
// partitions the month's commitments, so each must add up to 'all'.
var rollupLevels = []string{"region", "ics", "trust", "supplier", "contract", "category", "local_area", "mission", "theme", "outcome", "model"}

// nested are parent levels whose keys contain child keys: (parent, child,
// SQL giving each child key's parent key).
var nested = []struct{ parent, child, mapping string }{
	{"region", "ics", `select distinct ics_code as child, region_code as parent from stg_organisations`},
	{"ics", "trust", `select trust_code as child, ics_code as parent from stg_organisations`},
	{"trust", "contract", `select contract_ref as child, trust_code as parent from stg_contracts`},
	{"supplier", "contract", `select contract_ref as child, supplier_name as parent from stg_contracts`},
	{"category", "contract", `select contract_ref as child, category as parent from stg_contracts`},
	{"local_area", "contract", `select contract_ref as child, local_area as parent from stg_contracts`},
}

// checkRollupsAddUp asserts, for every month: (1) at each level the sum of
// the parts equals the 'all' row, and (2) each nested parent equals the sum
// of its children; for rollup_measures' sum measures (target, expected,
// delivered, £) and for rollup_status' counts and £. It returns how many
// (row, value) comparisons were made, so a vacuous pass shows.
func checkRollupsAddUp(t *testing.T, db *store.DB) int {
	t.Helper()
	checked := 0
	// the views are computed once into tables: each query below would
	// otherwise recompute the whole chain of models
	for _, v := range []string{"rollup_measures", "rollup_status"} {
		if _, err := db.Exec("create or replace temp table t_" + v + " as select * from " + v); err != nil {
			t.Fatal(err)
		}
	}
	type view struct {
		name, keyCols, filter string
		values                []string
	}
	views := []view{
		{"t_rollup_measures", "as_of, measure_code", "aggregation = 'sum'", []string{"commitments", "target", "expected_to_date", "delivered_to_date", "social_value_gbp"}},
		{"t_rollup_status", "as_of", "true", []string{"commitments", "green", "amber", "red", "grey", "social_value_gbp"}},
	}
	for _, v := range views {
		for _, col := range v.values {
			for _, level := range rollupLevels {
				q := `with parts as (
					select ` + v.keyCols + `, sum(` + col + `) as total from ` + v.name + `
					where level = ? and ` + v.filter + ` group by ` + v.keyCols + `),
				whole as (select ` + v.keyCols + `, ` + col + ` as total from ` + v.name + ` where level = 'all' and ` + v.filter + `)
				select count(*), count(*) filter (where abs(coalesce(p.total, 0) - coalesce(w.total, 0)) > 1e-6 * greatest(1, abs(coalesce(w.total, 0))))
				from whole w full join parts p using (` + v.keyCols + `)`
				var n, bad int
				if err := db.QueryRow(q, level).Scan(&n, &bad); err != nil {
					t.Fatalf("%s %s %s: %v", v.name, col, level, err)
				}
				checked += n
				if bad > 0 {
					t.Errorf("%s.%s: the %s rows do not add up to the whole in %d of %d cases", v.name, col, level, bad, n)
				}
			}
			for _, ns := range nested {
				q := `with m as (` + ns.mapping + `),
				parts as (
					select c.` + replaceComma(v.keyCols, "c.") + `, m.parent as key, sum(c.` + col + `) as total
					from (select * from ` + v.name + ` where level = ? and ` + v.filter + `) c
					join m on m.child = c.key
					group by all),
				whole as (select ` + v.keyCols + `, key, ` + col + ` as total from ` + v.name + ` where level = ? and ` + v.filter + `)
				select count(*), count(*) filter (where abs(coalesce(p.total, 0) - coalesce(w.total, 0)) > 1e-6 * greatest(1, abs(coalesce(w.total, 0))))
				from whole w full join parts p using (` + v.keyCols + `, key)`
				var n, bad int
				if err := db.QueryRow(q, ns.child, ns.parent).Scan(&n, &bad); err != nil {
					t.Fatalf("%s %s %s<-%s: %v", v.name, col, ns.parent, ns.child, err)
				}
				checked += n
				if bad > 0 {
					t.Errorf("%s.%s: %s rows differ from the sum of their %s rows in %d of %d cases", v.name, col, ns.parent, ns.child, bad, n)
				}
			}
		}
	}
	return checked
}

func replaceComma(cols, prefix string) string {
	out := ""
	for i, c := range splitCols(cols) {
		if i > 0 {
			out += ", " + prefix
		}
		out += c
	}
	return out
}

func splitCols(cols string) []string {
	var out []string
	cur := ""
	for _, r := range cols {
		switch r {
		case ',':
			out = append(out, cur)
			cur = ""
		case ' ':
		default:
			cur += string(r)
		}
	}
	return append(out, cur)
}

// Property: for sum measures every rollup equals the sum of its parts, at
// every level, every month; over a synthetic region (random contracts,
// frequencies, shortfalls, ended contracts, both models, proxy values) and
// over the hand-worked scenario.
func TestRollups_SumOfParts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("synthetic region", func(t *testing.T) {
		region, err := synth.Generate(synth.Options{Seed: 11, Contracts: 30, Months: 9})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		inbox := filepath.Join(dir, "inbox")
		if _, err := synth.WriteInbox(ctx, inbox, region); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, store.Options{Path: preparedPath(t, "p.duckdb"), Today: region.Calendar.Today})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := transform.Prepare(ctx, db); err != nil {
			t.Fatal(err)
		}
		if _, err := ingest.Run(ctx, db, []string{inbox}, ingest.Options{Today: region.Calendar.Today}); err != nil {
			t.Fatal(err)
		}
		if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
			t.Fatal(err)
		}
		var gbp float64
		if err := db.QueryRow(`select coalesce(sum(social_value_gbp), 0) from rollup_status where level = 'all'`).Scan(&gbp); err != nil || gbp <= 0 {
			t.Fatalf("the synthetic region should carry £ social value (err %v, £%v)", err, gbp)
		}
		if n := checkRollupsAddUp(t, db); n < 500 {
			t.Errorf("only %d comparisons: the property was barely exercised", n)
		}
	})
	t.Run("hand-worked scenario", func(t *testing.T) {
		db := openScenario2(t, nil)
		if n := checkRollupsAddUp(t, db); n < 100 {
			t.Errorf("only %d comparisons", n)
		}
	})
	_ = time.Now
}
