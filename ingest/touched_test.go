package ingest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nhs-hubs/svhub/ingest"
)

// TestTouched_SinceIsTheEarliestMonthOfReturnsAlone: a contract whose
// returns alone a load touched is merged from the earliest of their months
// (Touched.Since; worked out by hand from the rows below); one with a
// register row too changed in every month, so it is left out of Since.
func TestTouched_SinceIsTheEarliestMonthOfReturnsAlone(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	// C1: returns for July, then May; C2: a return for June and a new
	// commitment (a register row).
	files := map[string]string{
		"returns.csv":     "contract_ref,period,measure_code,value\nC1,2026-07,SVM25.1.2,1\nC1,2026-05,SVM25.1.3,70\nC2,2026-06,SVM25.4.2,1\n",
		"commitments.csv": "contract_ref,measure_code,target,delivery_plan\nC2,SVM25.1.2,6,Two apprentices a quarter from the local college\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected != 0 {
		t.Fatalf("rejected %d: %+v", res.Rejected, res.Rejections)
	}
	want := ingest.Touched{Contracts: []string{"C1", "C2"}, Since: map[string]string{"C1": "2026-05-01"}}
	if !reflect.DeepEqual(res.Touched, want) {
		t.Errorf("touched %+v, want %+v", res.Touched, want)
	}
}
