package excel

import (
	"reflect"
	"testing"

	"github.com/nhs-hubs/svhub/report/spec"
)

// TestSplitBySupplier_OneReportEachWithOnlyItsRows: rows of two suppliers
// interleaved in two results come apart, in order, each supplier's report
// scoped to it; a result with no supplier_name column goes to every
// supplier whole; a supplier with no rows in a result gets none.
func TestSplitBySupplier_OneReportEachWithOnlyItsRows(t *testing.T) {
	s := &spec.Spec{Queries: []spec.Query{{Name: "kpis"}, {Name: "status"}, {Name: "settings"}}}
	r := &spec.Report{Spec: s, Scope: "everyone", Data: map[string]*spec.Result{
		"kpis": {Columns: []string{"supplier_name", "n"}, Rows: [][]any{
			{"Zeta Ltd", int64(2)}, {"<b>Acme</b> & Co", int64(1)}, {"Mu Ltd", int64(0)},
		}},
		"status": {Columns: []string{"contract_ref", "supplier_name"}, Rows: [][]any{
			{"C1", "Zeta Ltd"}, {"C2", "<b>Acme</b> & Co"}, {"C3", "Zeta Ltd"}, {"C4", nil},
		}},
		"settings": {Columns: []string{"green_min_pct"}, Rows: [][]any{{95.0}}},
	}}
	got := SplitBySupplier(r)
	var names []string
	for _, p := range got {
		names = append(names, p.Supplier)
		if p.Report.Scope != p.Supplier {
			t.Errorf("%s: scope %q", p.Supplier, p.Report.Scope)
		}
		if n := len(p.Report.Data["settings"].Rows); n != 1 {
			t.Errorf("%s: settings has %d rows, want 1", p.Supplier, n)
		}
	}
	// Sorted by byte order: '<' (0x3C) before 'M' and 'Z'.
	if want := []string{"<b>Acme</b> & Co", "Mu Ltd", "Zeta Ltd"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("suppliers %q, want %q", names, want)
	}
	wantStatus := map[string][][]any{
		"<b>Acme</b> & Co": {{"C2", "<b>Acme</b> & Co"}},
		"Mu Ltd":           nil,
		"Zeta Ltd":         {{"C1", "Zeta Ltd"}, {"C3", "Zeta Ltd"}},
	}
	for _, p := range got {
		if rows := p.Report.Data["status"].Rows; !reflect.DeepEqual(rows, wantStatus[p.Supplier]) {
			t.Errorf("%s: status rows %v, want %v", p.Supplier, rows, wantStatus[p.Supplier])
		}
		if rows := p.Report.Data["kpis"].Rows; len(rows) != 1 || rows[0][0] != p.Supplier {
			t.Errorf("%s: kpis rows %v", p.Supplier, rows)
		}
	}
}
