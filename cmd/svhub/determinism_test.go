package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/pipeline"
)

// Two `svhub run --force` on the same inputs and reference date, an hour
// and a day apart on the wall clock, write byte-identical outputs: no wall
// clock reaches them (the "generated" stamp is the reference date), and the
// sums that reach the export do not depend on the order threads add them
// in. The run log and the run's state file record the run itself and are
// left out.
func TestRun_ForceRebuildsByteIdentical(t *testing.T) {
	skipShort(t)
	needECharts(t)
	dir := t.TempDir()
	region, err := synth.Generate(synth.Options{Seed: 7, Contracts: 20, Months: 4})
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(context.Background(), inbox, region); err != nil {
		t.Fatal(err)
	}
	db, out := filepath.Join(dir, "svhub.duckdb"), filepath.Join(dir, "out")
	runAt := func(now time.Time) snapshot {
		var o, e bytes.Buffer
		args := []string{"--db", db, "--today", "2026-10-20", "run", "--inbox", inbox, "--out", out, "--as-of", "2026-09", "--force"}
		if code := run(context.Background(), args, &o, &e, func() time.Time { return now }); code != 0 {
			t.Fatalf("run at %s: exit %d\n%s", now, code, e.String())
		}
		s := takeSnapshot(t, filepath.Join(out, "2026-09"))
		for p := range s {
			if filepath.Base(p) == pipeline.LogFile || filepath.Base(p) == pipeline.StateFile {
				delete(s, p)
			}
		}
		return s
	}
	first := runAt(time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC))
	second := runAt(time.Date(2026, 10, 21, 10, 30, 0, 0, time.UTC))
	var changed []string
	for p, x := range first {
		if y, ok := second[p]; !ok || x.sum != y.sum {
			changed = append(changed, p)
		}
	}
	if len(second) != len(first) {
		t.Errorf("%d files, then %d", len(first), len(second))
	}
	if len(changed) > 0 {
		t.Errorf("outputs differ between two --force runs: %s", strings.Join(changed, ", "))
	}
	if len(first) < 4 {
		t.Errorf("only %d outputs compared", len(first))
	}
}

// svhub run --commentary FILE puts the file's words in the board pack
// Summary's commentary box.
func TestRun_CommentaryReachesTheBoardPack(t *testing.T) {
	t.Parallel()
	needECharts(t)
	dir := t.TempDir()
	region, err := synth.Generate(synth.Options{Seed: 7, Contracts: 10, Months: 3})
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(context.Background(), inbox, region); err != nil {
		t.Fatal(err)
	}
	words := filepath.Join(dir, "words.txt")
	if err := os.WriteFile(words, []byte("Delivery held up this month; two suppliers to chase.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, errs := svhub(t, "--db", filepath.Join(dir, "svhub.duckdb"), "--today", "2026-10-20", "run", "--inbox", inbox, "--out", out, "--commentary", words)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	packs, _ := filepath.Glob(filepath.Join(out, "*", pipeline.BoardPackFile))
	if len(packs) != 1 {
		t.Fatalf("board packs %q", packs)
	}
	f, err := excelize.OpenFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Summary")
	for _, r := range rows {
		if len(r) > 1 && r[0] == "Commentary" {
			if r[1] != "Delivery held up this month; two suppliers to chase." {
				t.Errorf("commentary %q", r[1])
			}
			return
		}
	}
	t.Error("no Commentary row on the Summary")
}
