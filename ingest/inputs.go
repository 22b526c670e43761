package ingest

// This file holds the inputs: the files and folders named, in load order,
// and the files loaded before.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

func hashOrEmpty(path string) string {
	fh, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Input is one file to read, or a path that yields none (Problem says why:
// an empty folder, a missing path).
type Input struct {
	Path          string
	ModTime       time.Time
	Problem, Hint string
}

// Expand turns files and folders into the inputs, in load order: last
// modification first to last, then name. Folders are walked for every
// file svhub reads and every spreadsheet it recognises but cannot read
// (those are listed, to be refused with a reason, never skipped silently);
// Excel's lock files (~$book.xlsx) and hidden files are not inputs.
func Expand(paths []string) ([]Input, error) {
	var out []Input
	for _, p := range paths {
		ins, err := expandPath(p)
		if err != nil {
			return nil, err
		}
		out = append(out, ins...)
	}
	slices.SortStableFunc(out, func(a, b Input) int {
		if c := a.ModTime.Compare(b.ModTime); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	return out, nil
}

// expandPath lists the inputs one path gives: the file itself, or the
// files of a folder; a folder with none is an input that says so.
func expandPath(p string) ([]Input, error) {
	st, err := os.Stat(p)
	if err != nil {
		// A path named on the command line that is not there is a
		// mistake in the command, not a supplier's file to report.
		return nil, fmt.Errorf("ingest %s: %w", p, err)
	}
	if !st.IsDir() {
		return []Input{inputAt(p)}, nil
	}
	var out []Input
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != p && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case !d.IsDir() && isInput(d.Name()):
			out = append(out, inputAt(path))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ingest %s: %w", p, err)
	}
	if len(out) == 0 {
		return []Input{{Path: shownpath.Slash(p), Problem: "0 rows: the folder holds no .csv or .xlsx file", Hint: "put the month's returns in the folder, or name the files to read"}}, nil
	}
	return out, nil
}

// inputAt is the file at p, stored and shown with forward slashes on every
// platform, with its modification time.
func inputAt(p string) Input {
	in := Input{Path: shownpath.Slash(p)}
	if st, err := os.Stat(p); err == nil {
		in.ModTime = st.ModTime()
	}
	return in
}

// isInput says whether a file in a folder is an input: one svhub reads,
// or a spreadsheet it recognises but cannot read (listed, to be refused
// with a reason, never skipped silently). Excel's lock files (~$book.xlsx)
// and hidden files are not.
func isInput(name string) bool {
	if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
		return false
	}
	ext := strings.ToLower(filepath.Ext(name))
	_, refused := tabular.RefusedExts[ext]
	return refused || slices.Contains(tabular.ReadExts, ext)
}

// ingestedSHAs lists the SHA-256 of every file ingested before: one query,
// where one per file cost a millisecond each.
func ingestedSHAs(ctx context.Context, db *store.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.IngestedFiles)
	if err != nil {
		return nil, fmt.Errorf("check ingest history: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, fmt.Errorf("check ingest history: %w", err)
		}
		out[sha] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check ingest history: %w", err)
	}
	return out, nil
}
