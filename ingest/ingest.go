// Package ingest loads the contract register and supplier returns from
// .csv and .xlsx files into the database. It classifies every sheet of every
// file by its header row first, then loads organisations, contracts,
// commitments and returns in that order, so each row is checked against the
// references loaded before it. Every rejected row is recorded with its file,
// sheet, row, cell and reason; nothing valid is dropped, nothing invalid is
// loaded. One call is one transaction: interrupted, it leaves no trace.
package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/internal/store"
)

// Options control one ingest call.
type Options struct {
	// Strict: a file with any rejection loads nothing (its rejections are
	// still recorded).
	Strict bool
	// Force re-reads files already ingested (same SHA-256).
	Force bool
	// DryRun checks everything and loads nothing, not even rejections.
	DryRun bool
	Logger *slog.Logger
	// Now is the clock for ingest timestamps (injected for reproducibility).
	Now func() time.Time
	// Progress, if set, is told how many data rows were processed.
	Progress func(rows int)
	// Limits bound what one file may cost (zero fields: the defaults).
	Limits tabular.Limits
}

// Rejection is one problem with one row (or a whole sheet, Row 0).
type Rejection struct {
	File, SHA256, Sheet string
	Row                 int
	Column, Cell, Value string
	Reason              string
}

// SheetResult is what happened to one sheet.
type SheetResult struct {
	Sheet     string
	Kind      schema.Kind // "" when not recognised
	HeaderRow int
	Loaded    int
	Rejected  int // rows with at least one problem
}

// FileResult is what happened to one file.
type FileResult struct {
	Path, SHA256 string
	Skipped      bool // already ingested; use Force to re-read
	StrictFailed bool
	Sheets       []*SheetResult
	Loaded       int
	Rejected     int
	// Elapsed is the time spent reading, checking and loading this file
	// (a measurement for run logs, not a timestamp).
	Elapsed time.Duration
}

// Result sums up an ingest call.
type Result struct {
	Files      []*FileResult
	Rejections []Rejection
	Loaded     int
	Rejected   int
}

// Run ingests the given files and folders (folders are walked for .csv and
// .xlsx files, in name order).
func Run(ctx context.Context, db *store.DB, paths []string, o Options) (*Result, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	files, err := Expand(paths)
	if err != nil {
		return nil, err
	}
	var srcs []*source
	defer func() {
		for _, s := range srcs {
			s.f.Close()
		}
	}()
	res := &Result{}
	for _, p := range files {
		f, err := tabular.OpenLimited(p, o.Limits)
		if err != nil {
			return nil, fmt.Errorf("ingest %s: %w", p, err)
		}
		fr := &FileResult{Path: p, SHA256: f.SHA256}
		res.Files = append(res.Files, fr)
		s := &source{f: f, res: fr}
		srcs = append(srcs, s)
		if !o.Force && !o.DryRun {
			seen, err := alreadyIngested(ctx, db, f.SHA256)
			if err != nil {
				return nil, err
			}
			if seen {
				fr.Skipped = true
				o.Logger.Info("already ingested; skipped (use --force to re-read)", "file", p)
				continue
			}
		}
		began := time.Now()
		err = s.classify(ctx)
		fr.Elapsed += time.Since(began)
		if err != nil {
			return nil, err
		}
	}
	active := slices.DeleteFunc(slices.Clone(srcs), func(s *source) bool { return s.res.Skipped })

	// Strict mode needs to know which files fail before loading any row, and
	// a failed file can make rows in other files fail (their contract was in
	// it), so check without loading until no new file fails. A failed file's
	// rejections are the ones found while it was still in play.
	excluded := map[*source]bool{}
	var failed []Rejection
	if o.Strict {
		for {
			in := included(active, excluded)
			p, err := runPass(ctx, db, in, nil, o)
			if err != nil {
				return nil, err
			}
			grew := false
			for _, s := range in {
				if p.rejectedRows[s] > 0 {
					excluded[s] = true
					grew = true
					s.res.StrictFailed = true
					s.res.Loaded = 0
					for _, sh := range s.res.Sheets {
						sh.Loaded = 0
					}
					failed = append(failed, p.byFile[s]...)
				}
			}
			if !grew {
				break
			}
		}
	}

	in := included(active, excluded)
	var final *pass
	if o.DryRun {
		final, err = runPass(ctx, db, in, nil, o)
	} else {
		err = withTx(ctx, db, func(w *writer) error {
			var err error
			if final, err = runPass(ctx, db, in, w, o); err != nil {
				return err
			}
			for _, s := range active {
				if excluded[s] {
					if err := w.forget(ctx, s.f.SHA256); err != nil {
						return err
					}
				}
			}
			return w.rejections(ctx, failed, 0)
		})
	}
	if err != nil {
		return nil, err
	}
	res.Rejections = append(final.rejections, failed...)
	for _, fr := range res.Files {
		res.Loaded += fr.Loaded
		res.Rejected += fr.Rejected
	}
	return res, nil
}

func included(all []*source, excluded map[*source]bool) []*source {
	var out []*source
	for _, s := range all {
		if !excluded[s] {
			out = append(out, s)
		}
	}
	return out
}

// Expand turns files and folders into the list of input files, sorted.
func Expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("ingest %s: %w", p, err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			// Excel's lock files (~$book.xlsx) and hidden files are not inputs.
			if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
				return nil
			}
			switch strings.ToLower(filepath.Ext(name)) {
			case ".csv", ".xlsx":
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ingest %s: %w", p, err)
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out, nil
}

func alreadyIngested(ctx context.Context, db *store.DB, sha string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `select count(*) from ingest_files where file_sha256 = ?`, sha).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check ingest history: %w", err)
	}
	return n > 0, nil
}

// source is one input file with its recognised sheets.
type source struct {
	f      *tabular.File
	res    *FileResult
	sheets []*sheet
}

type sheet struct {
	name   string
	header *schema.Header
	row    int // header row number
	res    *SheetResult
}

// headerSearchRows bounds how far down a sheet svhub looks for its header
// row (title and note rows above it are skipped).
const headerSearchRows = 50

func (s *source) classify(ctx context.Context) error {
	for _, name := range s.f.Sheets() {
		sh := &sheet{name: name, res: &SheetResult{Sheet: name}}
		nonBlank := 0
		err := s.f.Rows(ctx, name, func(r tabular.Row) error {
			nonBlank++
			if h, ok := schema.Classify(r.Cells); ok {
				sh.header, sh.row = h, r.Number
				return tabular.ErrStop
			}
			if nonBlank >= headerSearchRows {
				return tabular.ErrStop
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("ingest %s: %w", s.f.Path, err)
		}
		if nonBlank == 0 {
			continue // an empty sheet holds nothing to lose
		}
		s.res.Sheets = append(s.res.Sheets, sh.res)
		if sh.header != nil {
			sh.res.Kind = sh.header.Kind
			sh.res.HeaderRow = sh.row
		}
		s.sheets = append(s.sheets, sh)
	}
	return nil
}

// withTx runs fn inside one transaction on the single writer connection.
func withTx(ctx context.Context, db *store.DB, fn func(*writer) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		return fmt.Errorf("ingest: begin: %w", err)
	}
	w := &writer{conn: conn}
	if err := fn(w); err != nil {
		// The context may be cancelled already; rollback must still run.
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "rollback"); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if _, err := conn.ExecContext(ctx, "commit"); err != nil {
		return fmt.Errorf("ingest: commit: %w", err)
	}
	return nil
}

type writer struct {
	conn *sql.Conn
}
