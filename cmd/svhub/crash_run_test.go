package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/pipeline"
)

// TestHelperRun is not a test: run as a child process, it runs `svhub run`
// with one step before the outputs that says "building" and waits, so the
// parent can SIGKILL it after the ingest committed and before any output
// is in place.
func TestHelperRun(t *testing.T) {
	args := os.Getenv("SVHUB_CHILD_RUN_ARGS")
	if args == "" {
		t.Skip("helper process only")
	}
	runSteps = func(steps []pipeline.Step) []pipeline.Step {
		pause := pipeline.Step{Name: "pause", Run: func(context.Context, *pipeline.Env, string) error {
			os.Stdout.WriteString("building\n")
			time.Sleep(time.Hour)
			return nil
		}}
		return append([]pipeline.Step{pause}, steps...)
	}
	var out, errb bytes.Buffer
	now := func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC) }
	run(context.Background(), strings.Split(args, "\x1f"), &out, &errb, now)
}

// outputSums is every output of a month folder with its SHA-256, but the
// run's own log and inputs.json (they carry the run's times).
func outputSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == pipeline.LogFile || rel == pipeline.StateFile {
			out[rel] = "(present)"
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(h[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kill -9 after the ingest committed and before the outputs were in place:
// the rerun loads nothing new, and must still write everything a clean run
// writes, byte for byte: the feedback workbooks for the rows rejected by the
// load that died included (they follow what the database holds, not the
// files loaded by this run).
func TestKill9AfterIngestBeforeOutputs_RerunWritesWhatACleanRunWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills a process")
	}
	needECharts(t)
	dir := t.TempDir()
	region, err := synth.Generate(synth.Options{Seed: 5, Contracts: 12, Months: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(region.BadReturns) == 0 {
		t.Fatal("the region has no planted bad rows: no feedback workbook to lose")
	}
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(context.Background(), inbox, region); err != nil {
		t.Fatal(err)
	}
	runArgs := func(name string) []string {
		os.MkdirAll(filepath.Join(dir, name), 0o755)
		return []string{"--db", filepath.Join(dir, name, "svhub.duckdb"), "--today", "2026-10-20", "run", "--inbox", inbox, "--out", filepath.Join(dir, name, "out")}
	}
	if code, _, errs := svhub(t, runArgs("clean")...); code != 0 {
		t.Fatalf("clean run: %s", errs)
	}
	cleanMonth := filepath.Join(dir, "clean", "out", "2026-09")
	want := outputSums(t, cleanMonth)
	var feedback int
	for p := range want {
		if strings.HasPrefix(p, pipeline.FeedbackDir+string(filepath.Separator)) {
			feedback++
		}
	}
	if feedback == 0 {
		t.Fatalf("the clean run wrote no feedback workbook: the test would prove nothing (%v)", want)
	}

	args := runArgs("crash")
	child := exec.Command(os.Args[0], "-test.run=^TestHelperRun$")
	child.Env = append(os.Environ(), "SVHUB_CHILD_RUN_ARGS="+strings.Join(args, "\x1f"))
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if sc.Text() == "building" {
			child.Process.Signal(syscall.SIGKILL)
			killed = true
			break
		}
	}
	io.Copy(io.Discard, stdout)
	child.Wait()
	if !killed {
		t.Fatal("the child never reached the outputs")
	}
	crashMonth := filepath.Join(dir, "crash", "out", "2026-09")
	if _, err := os.Stat(crashMonth); err == nil {
		t.Fatal("outputs were in place before the kill: it did not land between the ingest and the outputs")
	}
	code, _, errs := svhub(t, args...)
	if code != 0 || !strings.Contains(errs, "0 new") {
		t.Fatalf("rerun after the kill: exit %d, want 0 with nothing new to load\n%s", code, errs)
	}
	got := outputSums(t, crashMonth)
	var names []string
	for p := range want {
		names = append(names, p)
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	for _, p := range names {
		if got[p] != want[p] {
			t.Errorf("%s: after the kill and a rerun %q, after one clean run %q", p, got[p], want[p])
		}
	}
}
