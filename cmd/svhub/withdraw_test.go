package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The run names a file deleted from the inbox; withdraw takes its rows out,
// recorded with the OS user and the reason; the next run rebuilds.
func TestWithdraw_RunListsGoneFileWithdrawTakesItOut(t *testing.T) {
	t.Parallel()
	needECharts(t)
	db := registerDB(t)
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	for i, f := range []struct{ name, body string }{
		{"returns-2026-08.csv", "contract_ref,period,measure_code,value\nC1,2026-08,SVM25.1.2,1\nC2,2026-09,SVM25.4.2,3\n"},
		{"returns-2026-09.csv", "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,2\nC1,2026-08,SVM25.1.2,5\n"},
	} {
		p := filepath.Join(inbox, f.name)
		os.WriteFile(p, []byte(f.body), 0o644)
		os.Chtimes(p, base.Add(time.Duration(i)*time.Hour), base.Add(time.Duration(i)*time.Hour))
	}
	run := func() (int, string) {
		code, _, errs := svhub(t, "--db", db, "--today", "2026-10-20", "run", "--inbox", inbox, "--out", filepath.Join(dir, "out"), "--as-of", "2026-09")
		return code, errs
	}
	if code, errs := run(); code != 0 {
		t.Fatal(errs)
	}
	os.Remove(filepath.Join(inbox, "returns-2026-09.csv"))
	code, errs := run()
	if code != 0 || !strings.Contains(errs, "left      1 file loaded before no longer in the inbox") || !strings.Contains(errs, "returns-2026-09.csv") ||
		!strings.Contains(errs, "2 rows loaded") || !strings.Contains(errs, "outputs   unchanged") {
		t.Errorf("run after deleting a file: exit %d\n%s", code, errs)
	}
	code, _, errs = svhub(t, "--db", db, "withdraw", "returns-2026-09.csv", "--reason", "deleted at the supplier's request")
	if code != 0 || !strings.Contains(errs, "2 returns and 0 rejected rows taken out, 1 return it had replaced current again") {
		t.Errorf("withdraw: exit %d %s", code, errs)
	}
	_, out, _ := svhub(t, "--db", db, "query", "--format", "csv", "select withdrawn_by, reason from withdrawals")
	if want := "withdrawn_by,reason\n" + osUser() + ",deleted at the supplier's request\n"; out != want {
		t.Errorf("audit %q, want %q", out, want)
	}
	// C1's August is 1 again (the 5 it was corrected to went with the
	// file), and C2's September 3 stays.
	_, out, _ = svhub(t, "--db", db, "query", "--format", "csv", "select value from returns_clean where not superseded order by period")
	if out != "value\n1\n3\n" {
		t.Errorf("current returns %q, want C1 August 1 and C2 September 3", out)
	}
	code, errs = run()
	if code != 0 || strings.Contains(errs, "left ") || !strings.Contains(errs, "rebuilt (the set of loaded files changed)") {
		t.Errorf("run after withdraw: exit %d\n%s", code, errs)
	}
	if code, _, errs := svhub(t, "--db", db, "withdraw", "nothing.csv", "--reason", "x"); code != exitUsage || !strings.Contains(errs, "no loaded file") {
		t.Errorf("unknown file: exit %d %s", code, errs)
	}
}
