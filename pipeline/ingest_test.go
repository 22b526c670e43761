package pipeline_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/pipeline"
)

// The ingest loads and leaves the marts to its caller; every command that
// loads goes through pipeline.Ingest, which rebuilds them once the load has
// committed. A mart read right after it sees the new rows: August's 4
// delivered, then, once the return is withdrawn (pipeline.Withdraw), nothing.
func TestIngest_MartsFollowTheLoadAndTheWithdrawal(t *testing.T) {
	dir := t.TempDir()
	d := pipeline.Database{Path: filepath.Join(dir, "s.duckdb"), Today: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)}
	db, err := pipeline.OpenWrite(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	writeOneContract(t, inbox, base)
	res, err := pipeline.Ingest(ctx, db, d, []string{inbox}, ingest.Options{})
	if err != nil || res.Rejected != 0 {
		t.Fatalf("ingest: %v, %d rejected", err, res.Rejected)
	}
	delivered := func() (n int, sum float64) {
		t.Helper()
		if err := db.QueryRowContext(ctx, `select count(*), coalesce(sum(delivered_to_date), 0) from commitment_status_latest`).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		return n, sum
	}
	// C1's one commitment, with August's 4 delivered.
	if n, sum := delivered(); n != 1 || sum != 4 {
		t.Errorf("after the load: %d commitments, %v delivered in the mart; want 1, 4", n, sum)
	}
	if _, err := pipeline.Withdraw(ctx, db, ingest.WithdrawOptions{Target: "returns-2026-08.csv", Reason: "sent in error", By: "t"}); err != nil {
		t.Fatal(err)
	}
	if _, sum := delivered(); sum != 0 {
		t.Errorf("after withdrawing August's return: %v delivered in the mart; want nothing", sum)
	}
}
