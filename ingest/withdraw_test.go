package ingest_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/transform"
)

// a.csv (run 1) gives C1 April 1 and May 2; b.csv (run 2) corrects April to
// 3, adds C2 June 6 and has one bad row. Withdrawing b.csv must leave what
// run 1 left: April 1 current again, May 2, no June, no rejection of b;
// recorded with who, when and why; and b is not read again unless forced.
func TestWithdraw_FileRowsOutSupersededRowsCurrentAgain(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	const head = "contract_ref,period,measure_code,value\n"
	a := writeFile(t, filepath.Join(dir, "a.csv"), head+"C1,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,2\n", base)
	if _, err := ingest.Run(ctx, db, []string{a}, ingest.Options{Today: corpusToday}); err != nil {
		t.Fatal(err)
	}
	b := writeFile(t, filepath.Join(dir, "b.csv"), head+"C1,2026-04,SVM25.1.2,3\nC2,2026-06,SVM25.4.2,6\nC9,2026-06,SVM25.4.2,1\n", base.Add(time.Hour))
	res, err := ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 2 || res.Rejected != 1 {
		t.Fatalf("run 2 loaded %d rejected %d; want 2 and 1", res.Loaded, res.Rejected)
	}
	sha := res.Files[1].SHA256
	// Before: April 3 (b), May 2 (a), June 6 (b): 11 delivered in all.
	if got := rows(t, db, `select sum(value) from returns_clean where not superseded`); got[0][0] != 11.0 {
		t.Fatalf("before: current sum %v, want 11", got[0][0])
	}
	when := time.Date(2026, 10, 6, 14, 30, 0, 0, time.UTC)
	w, err := ingest.Withdraw(ctx, db, ingest.WithdrawOptions{Target: b, Reason: "sent to the wrong hub", By: "analyst1", Now: func() time.Time { return when }})
	if err != nil {
		t.Fatal(err)
	}
	want := ingest.Withdrawal{File: b, SHA256: sha, ReturnsRemoved: 2, RejectionsRemoved: 1, Restored: 1}
	if *w != want {
		t.Errorf("withdrawal %+v, want %+v", *w, want)
	}
	// After: April 1 and May 2 current: 3 in all, as after run 1.
	if got := rows(t, db, `select strftime(period, '%Y-%m'), value from returns_clean where not superseded order by period`); len(got) != 2 ||
		got[0][0] != "2026-04" || got[0][1] != 1.0 || got[1][0] != "2026-05" || got[1][1] != 2.0 {
		t.Errorf("current returns after withdrawing b: %v; want April 1 and May 2", got)
	}
	if got := rows(t, db, `select count(*) from supersessions`); got[0][0] != int64(0) {
		t.Errorf("%v supersessions left; want 0", got[0][0])
	}
	if got := rows(t, db, `select count(*) from rejections where file_sha256 = ?`, sha); got[0][0] != int64(0) {
		t.Errorf("%v rejections of b left", got[0][0])
	}
	// The marts follow (the caller rebuilds them): C1's apprentices
	// delivered to date are 1 + 2.
	if err := transform.RebuildMarts(ctx, db); err != nil {
		t.Fatal(err)
	}
	if got := rows(t, db, `select delivered_to_date from commitment_status where contract_ref = 'C1' and measure_code = 'SVM25.1.2' and as_of = '2026-05-01'`); len(got) != 1 || got[0][0] != 3.0 {
		t.Errorf("delivered to May after withdrawing: %v, want 3", got)
	}
	if got := rows(t, db, `select source_file, withdrawn_by, reason, withdrawn_at, returns_removed, rejections_removed from withdrawals`); len(got) != 1 ||
		got[0][0] != b || got[0][1] != "analyst1" || got[0][2] != "sent to the wrong hub" || !got[0][3].(time.Time).Equal(when) || got[0][4] != int64(2) || got[0][5] != int64(1) {
		t.Errorf("audit rows %v", got)
	}
	// Still in the folder: skipped as withdrawn, until --force.
	res, err = ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Files[1]; !f.Skipped || !strings.Contains(f.SkipReason, "withdrawn on 2026-10-06 by analyst1") || res.Loaded != 0 {
		t.Errorf("b after withdrawal: %+v; want skipped as withdrawn", f)
	}
	res, err = ingest.Run(ctx, db, []string{b}, ingest.Options{Today: corpusToday, Force: true})
	if err != nil || res.Loaded != 2 {
		t.Errorf("--force: loaded %v (%v); want 2", res, err)
	}
	// Withdrawn again, by its SHA-256's first 12 characters.
	if w, err := ingest.Withdraw(ctx, db, ingest.WithdrawOptions{Target: sha[:12], Reason: "again", By: "analyst1"}); err != nil || w.ReturnsRemoved != 2 {
		t.Errorf("by SHA prefix: %+v %v", w, err)
	}
}

func TestWithdraw_Refusals(t *testing.T) {
	db := newDB(t)
	for _, c := range []struct {
		name   string
		o      ingest.WithdrawOptions
		wantIs error
		want   string
	}{
		{"no reason", ingest.WithdrawOptions{Target: "x.csv", By: "a"}, nil, "--reason"},
		{"unknown", ingest.WithdrawOptions{Target: "nothing.csv", Reason: "r", By: "a"}, ingest.ErrNotLoaded, "no loaded file"},
		{"register", ingest.WithdrawOptions{Target: "../testdata/scenario/contracts.csv", Reason: "r", By: "a"}, nil, "register"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ingest.Withdraw(ctx, db, c.o)
			if err == nil || !strings.Contains(err.Error(), c.want) || (c.wantIs != nil && !errors.Is(err, c.wantIs)) {
				t.Errorf("error %v; want one saying %q", err, c.want)
			}
		})
	}
}
