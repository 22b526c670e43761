package ingest_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/nhs-hubs/svhub/ingest"
)

// Outputs written from the database (ingest.Recorded) list the same
// rejections, reasons and what to do as the run that made them: the whole
// corpus (unreadable files, bad rows, sheets refused) in one run.
func TestRecorded_SameRejectionsAsTheRun(t *testing.T) {
	db := newDB(t)
	res, err := ingest.Run(ctx, db, []string{corpus}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := ingest.Recorded(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	key := func(rs []ingest.Rejection) []string {
		var out []string
		for _, r := range rs {
			out = append(out, fmt.Sprintf("%s|%s|%d|%s|%s|%s|%s|%s", r.File, r.Sheet, r.Row, r.Column, r.Cell, r.Value, r.Reason, r.Hint))
		}
		sort.Strings(out)
		return out
	}
	got, want := key(rec.Rejections), key(res.Rejections)
	if len(want) < 20 {
		t.Fatalf("the corpus gave %d rejections: too few to show anything", len(want))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("recorded rejections differ from the run's:\n got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
	problems := map[string]string{}
	for _, f := range res.Files {
		if f.Problem != "" {
			problems[f.Path] = f.Problem
		}
	}
	for _, f := range rec.Files {
		if f.Problem != problems[f.Path] {
			t.Errorf("%s: recorded problem %q, the run's %q", f.Path, f.Problem, problems[f.Path])
		}
		delete(problems, f.Path)
	}
	if len(problems) > 0 {
		t.Errorf("files refused by the run and not recorded: %v", problems)
	}
}
