package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/pipeline"
	"github.com/nhs-hubs/svhub/transform"
)

var ctx = context.Background()

func write(t *testing.T, dir, name, body string, mod time.Time) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mod, mod); err != nil {
		t.Fatal(err)
	}
	return p
}

// openPrepared is a new database in dir on the reference date today, with
// the views made, closed when the test ends. It starts from a copy of a
// database prepared from nothing on the same day, made once per test
// binary (preparing a new one costs ~0.8 CPU-s, mostly building the empty
// marts, which then stand for that day); Prepare then only recreates the
// views.
func openPrepared(t *testing.T, dir string, today time.Time) *store.DB {
	t.Helper()
	path := filepath.Join(dir, "s.duckdb")
	if err := os.WriteFile(path, preparedOn(t, today), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, store.Options{Path: path, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// prepared holds, by reference date, the databases openPrepared copies.
var prepared struct {
	sync.Mutex
	byDay map[time.Time][]byte
}

// preparedOn returns a database file prepared from nothing on today.
func preparedOn(t *testing.T, today time.Time) []byte {
	t.Helper()
	prepared.Lock()
	defer prepared.Unlock()
	if b, ok := prepared.byDay[today]; ok {
		return b
	}
	path := filepath.Join(t.TempDir(), "prepared.duckdb")
	db, err := store.Open(ctx, store.Options{Path: path, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	// Close checkpoints: the file alone is the whole database.
	if err := errors.Join(transform.Prepare(ctx, db), db.Close()); err != nil {
		t.Fatalf("prepare the template database: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if prepared.byDay == nil {
		prepared.byDay = map[time.Time][]byte{}
	}
	prepared.byDay[today] = b
	return b
}

// writeOneContract fills inbox with a register of one trust, one contract
// (C1, Acme Ltd) and one monthly commitment (120 a year), and its August
// 2026 return (4), the register modified at base and the return an hour
// later.
func writeOneContract(t *testing.T, inbox string, base time.Time) {
	t.Helper()
	write(t, inbox, "organisations.csv", "trust_code,trust_name,ics_code,region_code\nRX1,Trust One,QX1,Y60\n", base)
	write(t, inbox, "contracts.csv", "contract_ref,supplier_name,trust_code,title,start_date,end_date,value_gbp,sv_weighting_pct\nC1,Acme Ltd,RX1,Cleaning,2026-04-01,2028-03-31,1000000,10\n", base)
	write(t, inbox, "commitments.csv", "contract_ref,measure_code,target,unit,frequency\nC1,SVM25.1.2,120,number,monthly\n", base)
	write(t, inbox, "returns-2026-08.csv", "contract_ref,period,measure_code,value\nC1,2026-08,SVM25.1.2,4\n", base.Add(time.Hour))
}

// A file deleted from the inbox kept counting and `run` said "outputs
// unchanged" without a word. Now run lists every loaded file that has left
// the inbox, with its rows; after `withdraw` it is no longer listed and the
// outputs are rebuilt.
func TestRun_ListsFilesThatLeftTheInbox(t *testing.T) {
	dir := t.TempDir()
	today := time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)
	db := openPrepared(t, dir, today)
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	writeOneContract(t, inbox, base)
	gone := write(t, inbox, "returns-2026-09.csv", "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,6\nC1,2026-07,SVM25.1.2,1\n", base.Add(2*time.Hour))
	o := pipeline.Options{Inbox: inbox, AsOf: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Out: filepath.Join(dir, "out"), Database: pipeline.Database{Today: today}, Now: func() time.Time { return today },
		Steps: []pipeline.Step{{Name: "nothing", Run: func(context.Context, *pipeline.Env, string) error { return nil }}}}
	res, err := pipeline.Run(ctx, db, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gone) != 0 {
		t.Errorf("first run: %+v left the inbox; want none", res.Gone)
	}
	os.Remove(gone)
	res, err = pipeline.Run(ctx, db, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gone) != 1 || res.Gone[0].Path != gone || res.Gone[0].Rows != 2 {
		t.Errorf("after deleting returns-2026-09.csv: gone %+v; want it, with its 2 rows", res.Gone)
	}
	if _, err := pipeline.Withdraw(ctx, db, ingest.WithdrawOptions{Target: "returns-2026-09.csv", Reason: "deleted by the supplier's request", By: "t"}); err != nil {
		t.Fatal(err)
	}
	res, err = pipeline.Run(ctx, db, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gone) != 0 || !res.Rebuilt || res.Reason != "the set of loaded files changed" {
		t.Errorf("after withdraw: gone %+v, rebuilt %v (%s); want none, rebuilt as the set of loaded files changed", res.Gone, res.Rebuilt, res.Reason)
	}
	// 4 in August is all that is left of C1's deliveries.
	var sum float64
	if err := db.QueryRowContext(ctx, `select sum(value) from returns_clean where not superseded`).Scan(&sum); err != nil || sum != 4 {
		t.Errorf("current returns sum %v (%v); want 4", sum, err)
	}
}
