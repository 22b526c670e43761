package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/pipeline"
)

// Issue 24: a run with nothing new hashed every earlier output (10 GB at
// England) to decide it had nothing to do. Now it compares the inputs' and
// settings' fingerprints, and checks each recorded output only by its size
// and modification time: an output removed, resized or rewritten since the
// run wrote it still brings a rebuild; its bytes are never read to decide.
func TestRun_NothingNewIsDecidedWithoutReadingTheOutputs(t *testing.T) {
	dir := t.TempDir()
	today := time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)
	db := openPrepared(t, dir, today)
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	write(t, inbox, "organisations.csv", "trust_code,trust_name,ics_code,region_code\nRX1,Trust One,QX1,Y60\n", base)
	out := filepath.Join(dir, "out")
	builds := 0
	o := pipeline.Options{Inbox: inbox, AsOf: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Out: out, Database: pipeline.Database{Today: today}, Now: func() time.Time { return today },
		Steps: []pipeline.Step{{Name: "report", Run: func(_ context.Context, _ *pipeline.Env, dir string) error {
			builds++
			return os.WriteFile(filepath.Join(dir, "report.txt"), []byte("abcdef"), 0o644)
		}}}}
	report := filepath.Join(out, "2026-09", "report.txt")
	run := func(step string, wantRebuilt bool, wantReason string) {
		t.Helper()
		res, err := pipeline.Run(ctx, db, o)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if res.Rebuilt != wantRebuilt || !strings.Contains(res.Reason, wantReason) {
			t.Errorf("%s: rebuilt %v (%s); want %v, reason containing %q", step, res.Rebuilt, res.Reason, wantRebuilt, wantReason)
		}
	}
	run("first run", true, "no earlier outputs")
	run("second run", false, "nothing new")

	// Same size, same modification time, other bytes: only a hash would
	// see it, and the check reads no output.
	st, err := os.Stat(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(report, []byte("ABCDEF"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(report, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	run("bytes changed in place, size and time kept", false, "nothing new")
	if builds != 1 {
		t.Errorf("%d builds; want 1 (the outputs left alone twice)", builds)
	}

	// Rewritten (same size, a later time): rebuilt.
	later := st.ModTime().Add(time.Minute)
	if err := os.Chtimes(report, later, later); err != nil {
		t.Fatal(err)
	}
	run("rewritten since the run", true, "output 2026-09/report.txt")
	// Another size, the time kept: rebuilt.
	st, _ = os.Stat(report)
	os.WriteFile(report, []byte("abc"), 0o644)
	os.Chtimes(report, st.ModTime(), st.ModTime())
	run("resized", true, "output 2026-09/report.txt")
	// Gone: rebuilt.
	os.Remove(report)
	run("removed", true, "output 2026-09/report.txt")
	if builds != 4 {
		t.Errorf("%d builds; want 4", builds)
	}
}
