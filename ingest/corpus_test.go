package ingest_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
)

const corpus = "../testdata/ingest/corpus"

// expectation is one corpus file's result, worked out by hand from the file
// (see _about in expected.json).
type expectation struct {
	Accepted   int      `json:"accepted"`
	Rejections []string `json:"rejections"` // "row|column|words in the reason"
	File       string   `json:"file"`
	Sheet      string   `json:"sheet"`
	Notes      []string `json:"notes"`
}

var corpusToday = time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)

// TestCorpus_EachFileGivesItsExpectedResult validates every file of the
// corpus on its own and compares the accepted rows, each rejection (row,
// column, reason), file refusals and notes with the hand-worked manifest.
// Every file in the folder must be in the manifest and the other way round.
func TestCorpus_EachFileGivesItsExpectedResult(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(corpus, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &manifest); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.Name() != "expected.json" {
			files = append(files, e.Name())
		}
	}
	if len(files) < 30 {
		t.Errorf("the corpus has %d files; it should have at least 30", len(files))
	}
	for name := range manifest {
		if name != "_about" && !slices.Contains(files, name) {
			t.Errorf("manifest names %s, which is not in the corpus", name)
		}
	}
	db := newDB(t)
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			m, ok := manifest[name]
			if !ok {
				t.Fatalf("%s has no entry in expected.json", name)
			}
			var want expectation
			if err := json.Unmarshal(m, &want); err != nil {
				t.Fatal(err)
			}
			res, err := ingest.Run(ctx, db, []string{filepath.Join(corpus, name)}, ingest.Options{DryRun: true, Today: corpusToday})
			if err != nil {
				t.Fatalf("the run failed instead of rejecting the file: %v", err)
			}
			f := res.Files[0]
			if f.Loaded != want.Accepted {
				t.Errorf("accepted %d rows, want %d", f.Loaded, want.Accepted)
			}
			if !contains(f.Problem, want.File) || (want.File == "") != (f.Problem == "") {
				t.Errorf("file problem %q, want one with %q", f.Problem, want.File)
			}
			var got []ingest.Rejection
			var sheetReason string
			for _, r := range res.Rejections {
				switch r.Whole {
				case "sheet":
					sheetReason = r.Reason
				case "":
					got = append(got, r)
				}
			}
			if !contains(sheetReason, want.Sheet) || (want.Sheet == "") != (sheetReason == "") {
				t.Errorf("sheet refusal %q, want one with %q", sheetReason, want.Sheet)
			}
			if len(got) != len(want.Rejections) {
				t.Errorf("%d rejections, want %d:\n%s", len(got), len(want.Rejections), listRejections(got))
			} else {
				for i, w := range want.Rejections {
					parts := strings.SplitN(w, "|", 3)
					g := got[i]
					if fmt.Sprint(g.Row) != parts[0] || g.Column != parts[1] || !strings.Contains(g.Reason, parts[2]) {
						t.Errorf("rejection %d = row %d column %q %q; want %s", i+1, g.Row, g.Column, g.Reason, w)
					}
				}
			}
			for _, n := range want.Notes {
				if !slices.ContainsFunc(f.Notes, func(s string) bool { return strings.Contains(s, n) }) {
					t.Errorf("notes %q, want one with %q", f.Notes, n)
				}
			}
			if len(want.Notes) == 0 && len(f.Notes) > 0 {
				t.Errorf("unexpected notes %q", f.Notes)
			}
		})
	}
}

func listRejections(rs []ingest.Rejection) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %d|%s|%s\n", r.Row, r.Column, r.Reason)
	}
	return b.String()
}
