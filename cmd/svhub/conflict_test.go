package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Two new files of one run disagree on a return (the correction, 5, kept
// an older modification time than the original, 50): ingest, validate,
// --strict and run all say "conflict, check" with both files, values and
// times, never "correction 5 → 50"; the file modified later (50) is used.
func TestConflict_SummariesSayCheck(t *testing.T) {
	skipShort(t)
	needECharts(t)
	early := time.Date(2026, 10, 1, 9, 0, 0, 0, time.Local)
	late := early.Add(2 * time.Hour)
	write := func(dir, name, body string, mod time.Time) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mod, mod)
	}
	newInbox := func() string {
		dir := t.TempDir()
		write(dir, "returns-2026-09.csv", "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,50\n", late)
		write(dir, "correction-2026-09.csv", "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,5\n", early)
		return dir
	}
	// the files are named with their folder (a temporary one here)
	parts := []string{"C1 2026-09 SVM25.1.2: conflict, check: 5 in ", "/correction-2026-09.csv (modified 2026-10-01 09:00:00), 50 in ",
		"/returns-2026-09.csv (modified 2026-10-01 11:00:00); using 50\n"}
	check := func(name string, code, wantCode int, text string) {
		t.Helper()
		for _, p := range parts {
			if !strings.Contains(text, p) {
				t.Errorf("%s: no %q in\n%s", name, p, text)
			}
		}
		if code != wantCode || strings.Contains(text, "5 → 50") {
			t.Errorf("%s: exit %d (want %d), or called a correction:\n%s", name, code, wantCode, text)
		}
	}
	for _, c := range []struct {
		name string
		args []string
		want int
	}{{"ingest", []string{"ingest"}, 0}, {"ingest --strict", []string{"ingest", "--strict"}, exitDataProblem}, {"validate", []string{"validate"}, exitDataProblem}} {
		db := registerDB(t)
		code, out, errs := svhub(t, append(append([]string{"--db", db, "--today", "2026-10-20"}, c.args...), newInbox())...)
		check(c.name, code, c.want, out+errs)
		if c.name == "ingest" && !strings.Contains(errs, "1 conflict, check") {
			t.Errorf("ingest: the total line does not count the conflict:\n%s", errs)
		}
	}
	for _, strict := range []bool{false, true} {
		db := registerDB(t)
		args := []string{"--db", db, "--today", "2026-10-20", "run", "--inbox", newInbox(), "--out", filepath.Join(t.TempDir(), "out")}
		want := 0
		if strict {
			args, want = append(args, "--strict"), exitDataProblem
		}
		code, _, errs := svhub(t, args...)
		check("run", code, want, errs)
		if !strings.Contains(errs, "1 return given different values by two new files: conflict, check") || strings.Contains(errs, "1 earlier returns superseded") {
			t.Errorf("run: %s", errs)
		}
	}
}
