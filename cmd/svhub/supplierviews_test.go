package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/html"
)

// A dashboard with more suppliers than MaxSupplierViews carries ICS and
// trust views only and says how to get a supplier's; the per-supplier pages
// are still written for every supplier.
func TestDashboard_SupplierViewsCapped(t *testing.T) {
	t.Parallel()
	dir := demoCopy(t, smallDemo)
	db := filepath.Join(dir, "svhub.duckdb")
	suppliers := countRows(t, db, "select count(distinct supplier_name) from contract_summary")
	if suppliers < 3 {
		t.Fatalf("the demo has %d suppliers: the test needs at least 3", suppliers)
	}
	a := &app{stdout: io.Discard, stderr: io.Discard, now: time.Now, dbPath: db, today: "2026-10-20"}
	ctx := context.Background()
	store, err := a.openRead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	kinds := func(p dashboard.Params) (map[string]int, int) {
		r, err := dashboard.Build(ctx, store, dashboard.Spec(), p)
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, sc := range r.Scopes {
			n[sc.Kind]++
		}
		var page bytes.Buffer
		if err := html.Render(&page, r); err != nil {
			t.Fatal(err)
		}
		if note := strings.Contains(page.String(), `id="no-supplier-views"`); note != (r.SuppliersWithoutViews > 0) {
			t.Errorf("%d suppliers without views, yet the page's note shown: %v", r.SuppliersWithoutViews, note)
		}
		return n, r.SuppliersWithoutViews
	}
	// At the cap: every supplier has a view.
	if n, without := kinds(dashboard.Params{MaxSupplierViews: suppliers}); n["supplier"] != suppliers || without != 0 {
		t.Errorf("cap %d = suppliers: %d supplier views, %d without; want %d and 0", suppliers, n["supplier"], without, suppliers)
	}
	// One under: none has, and the report says how many are left out; ICS
	// and trust views stay.
	n, without := kinds(dashboard.Params{MaxSupplierViews: suppliers - 1})
	if n["supplier"] != 0 || without != suppliers || n["ics"] == 0 || n["trust"] == 0 {
		t.Errorf("cap %d: views %v, %d suppliers without; want no supplier views, %d without, ICS and trust views", suppliers-1, n, without, suppliers)
	}
	// The per-supplier pages ignore the cap.
	if n, _ := kinds(dashboard.Params{MaxSupplierViews: 1, AllSupplierViews: true}); n["supplier"] != suppliers {
		t.Errorf("AllSupplierViews: %d supplier views, want %d", n["supplier"], suppliers)
	}
}
