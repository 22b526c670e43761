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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/internal/shownpath"
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
	// Today is the reference date: returns for months after its month are
	// refused as in the future. Zero: the date Now gives.
	Today time.Time
	// Progress, if set, is told how many data rows were processed.
	Progress func(rows int)
	// Limits bound what one file may cost (zero fields: the defaults).
	Limits tabular.Limits
	// Suppliers: a return naming another supplier than the register's for
	// its contract is refused ("" too) or, with validate.SupplierWarn,
	// loaded with a note (setting ingest.supplier_name_check).
	Suppliers validate.SupplierCheck
	// User names who ran the load (the OS user), kept with each hub log
	// entry for its audit trail.
	User string
}

// Rejection is one problem with one row, or with a whole sheet or file
// (Row 0).
type Rejection struct {
	File, SHA256, Sheet string
	Row                 int
	Column, Cell, Value string
	// ContractRef and Supplier are the row's contract reference and
	// supplier name as given (blank if it had none), so a rejected row can
	// be traced to its supplier.
	ContractRef, Supplier string
	Reason                string
	Hint                  string // what to do about it
	// Whole is "file" or "sheet" when the rejection is of a whole file or
	// sheet rather than of one row.
	Whole string
}

// Message is the reason followed by what to do, as stored.
func (r Rejection) Message() string {
	if r.Hint == "" {
		return r.Reason
	}
	return r.Reason + "; " + r.Hint
}

// SheetResult is what happened to one sheet.
type SheetResult struct {
	Sheet     string
	Kind      schema.Kind // "" when not recognised
	Wide      bool        // a returns sheet with one column per measure
	HeaderRow int
	Read      int // data rows read below the header (not a wide row with no measure filled in)
	// Loaded counts rows with at least one value loaded, Rejected rows
	// with at least one problem: a wide row with one bad cell counts in
	// both (the cell is refused, the row's other measures load).
	Loaded   int
	Rejected int
}

// FileResult is what happened to one file.
type FileResult struct {
	Path, SHA256 string
	ModTime      time.Time // last modification: files load in this order
	Skipped      bool      // not read: see SkipReason
	SkipReason   string    // "already ingested", "same content as returns.csv"
	// Problem is why the file (or every sheet of it) could not be read or
	// holds no data; Hint what to do. Nothing of it loaded.
	Problem, Hint string
	// Notes are what svhub chose not to read, and why (a hidden sheet, an
	// instructions tab): not errors.
	Notes         []string
	StrictFailed  bool
	RefusedSheets int // sheets not read because of their header (duplicate columns)
	Sheets        []*SheetResult
	Read          int // data rows read
	Loaded        int
	Rejected      int
	// Elapsed is the time spent reading, checking and loading this file
	// (a measurement for run logs, not a timestamp).
	Elapsed time.Duration
}

// Change is a register row that changed a contract already known (from the
// database or an earlier file of the run): applied, and reported.
type Change struct {
	ContractRef, Field, Old, New string
	File, Sheet                  string
	Row                          int
}

// Supersession is a return a later load replaced. When both files are new
// in the same run and their values differ it is a Conflict: svhub cannot
// tell a correction from an original saved later (unzipping and mail
// clients keep old modification times), so the later by modification time
// is taken and the analyst is asked to check.
type Supersession struct {
	ContractRef, Period, MeasureCode string
	OldValue, NewValue               float64
	OldFile, NewFile                 string
	Conflict                         bool
	OldModTime, NewModTime           time.Time // the files' modification times (conflicts)
}

// Result sums up an ingest call.
type Result struct {
	Files         []*FileResult
	Rejections    []Rejection
	Changes       []Change
	Supersessions []Supersession // loads only (not DryRun)
	Loaded        int
	Rejected      int
	FileProblems  int // files that could not be read or held no data
	RefusedSheets int // sheets not read because of their header
	// NeedsRebuild says the load changed what the database holds (rows,
	// rejections, files forgotten), so the marts are older than the data:
	// the caller rebuilds them (transform.RebuildMarts) now that the load
	// has committed, in a transaction of their own. Never in the load's:
	// DuckDB holds a transaction's uncommitted rows in memory, and beside
	// millions of them the rebuild runs out of memory. If the caller does
	// not, readers see the marts are stale and build them for their own
	// session (transform.FreshenMarts): slower, never wrong.
	NeedsRebuild bool
	// Touched is what the load changed, for a rebuild of only what it
	// touched. Set when NeedsRebuild is.
	Touched Touched
}

// Touched is what a load changed that the marts are built from
// (touched.go): the contracts whose rows it added, replaced or removed, or
// All when it changed what every contract reads; a caller that rebuilds
// only Contracts must rebuild everything when All is set. It converts to
// transform.Touched, which the marts' incremental merge takes.
type Touched struct {
	All       bool     // anything may have changed: rebuild every mart
	Contracts []string // the contracts whose rows changed (when not All)
}

// Problems counts everything that makes validate (or --strict) fail:
// rejected rows, refused sheets and files that could not be read.
func (r *Result) Problems() int {
	return r.Rejected + r.FileProblems + r.RefusedSheets + r.Conflicts()
}

// Conflicts counts the returns two files of this run gave different values.
func (r *Result) Conflicts() int {
	n := 0
	for _, s := range r.Supersessions {
		if s.Conflict {
			n++
		}
	}
	return n
}

// Run ingests the given files and folders. Files load in order of last
// modification, then name, so a corrected file sent later supersedes the
// original whatever it is called.
func Run(ctx context.Context, db *store.DB, paths []string, o Options) (*Result, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Today.IsZero() {
		o.Today = o.Now()
	}
	res := &Result{}
	started := time.Now()
	inputs, err := Expand(paths)
	if err != nil {
		return nil, err
	}
	measures, err := loadRefs(ctx, db)
	if err != nil {
		return nil, err
	}
	var (
		ingested  map[string]bool
		withdrawn map[string]string // withdrawn files: why they are skipped
	)
	if !o.Force && !o.DryRun {
		if ingested, err = ingestedSHAs(ctx, db); err != nil {
			return nil, err
		}
		if withdrawn, err = withdrawnSHAs(ctx, db); err != nil {
			return nil, err
		}
		for sha := range withdrawn {
			ingested[sha] = true // not read, as a file loaded before
		}
	}
	var (
		srcs    []*source
		fileRej []Rejection // file- and sheet-level rejections, written with the load
		seenSHA = map[string]string{}
	)
	defer func() {
		for _, s := range srcs {
			s.f.Close()
		}
	}()
	// Files are opened, hashed and classified by a few workers at once (an
	// xlsx workbook's parts take milliseconds each to unpack), and taken
	// here one by one in load order, so that what is recorded is what a
	// one-at-a-time read gives.
	next, stop := openAhead(ctx, inputs, ingested, measures.IsMeasure, o)
	defer stop()
	for i, in := range inputs {
		op := next(i)
		fr := op.res
		res.Files = append(res.Files, fr)
		if in.Problem != "" {
			fr.Problem, fr.Hint = in.Problem, in.Hint
			o.Logger.Info("file refused", "file", in.Path, "reason", in.Problem)
			continue
		}
		if op.err != nil {
			fe, ok := asFileProblem(op.err)
			if !ok {
				return nil, fmt.Errorf("ingest %s: %w", in.Path, op.err)
			}
			fr.Problem, fr.Hint = fe.Reason, fe.Hint
			fileRej = append(fileRej, Rejection{File: in.Path, SHA256: fr.SHA256, Reason: fe.Reason, Hint: fe.Hint, Whole: "file"})
			o.Logger.Info("file refused", "file", in.Path, "reason", fe.Reason)
			continue
		}
		f := op.src.f
		if first, dup := seenSHA[f.SHA256]; dup {
			f.Close()
			// Classified ahead, but never read: it says only why.
			fr = &FileResult{Path: in.Path, SHA256: f.SHA256, ModTime: in.ModTime}
			res.Files[len(res.Files)-1] = fr
			fr.Skipped, fr.SkipReason = true, "same content as "+filepath.Base(first)+", read earlier in this run"
			o.Logger.Info("skipped: same content as another file of the run", "file", in.Path, "first", first)
			continue
		}
		seenSHA[f.SHA256] = in.Path
		s := op.src
		srcs = append(srcs, s)
		if ingested[f.SHA256] {
			fr.Skipped, fr.SkipReason = true, "already ingested (use --force to read it again)"
			if why, ok := withdrawn[f.SHA256]; ok {
				fr.SkipReason = why
			}
			o.Logger.Info("already ingested; skipped (use --force to re-read)", "file", in.Path)
			continue
		}
		for _, l := range op.logs {
			o.Logger.Info(l.msg, l.args...)
		}
		if op.classifyErr != nil {
			return nil, op.classifyErr
		}
		fileRej = append(fileRej, op.rej...)
	}
	active := slices.DeleteFunc(slices.Clone(srcs), func(s *source) bool { return s.res.Skipped || s.res.Problem != "" })
	o.Logger.Info("files opened and classified", "files", len(inputs), "elapsed", time.Since(started).Round(time.Millisecond))

	// Strict mode needs to know which files fail before loading any row, and
	// a failed file can make rows in other files fail (their contract was in
	// it), so check without loading until no new file fails. A failed file's
	// rejections are the ones found while it was still in play.
	excluded := map[*source]bool{}
	var failed []Rejection
	if o.Strict {
		for _, s := range active {
			if s.hasSheetProblem {
				excluded[s] = true
				s.res.StrictFailed = true
			}
		}
		for {
			in := included(active, excluded)
			p, err := runPass(ctx, db, in, nil, o)
			if err != nil {
				return nil, err
			}
			grew := false
			for _, s := range in {
				if p.rejectedRows[s] > 0 || p.refused[s] {
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

	// A file is atomic: when one is refused part-way (a later sheet over a
	// limit, too many rejected rows, a read error), what its earlier sheets
	// gave (rows, register entries later files were checked against) must
	// not stay. The pass stops at the refusal, the transaction (if any) is
	// rolled back, and the run starts again without that file; refusals are
	// rare, so the common case reads each file once.
	problemFiles := slices.DeleteFunc(slices.Clone(res.Files), func(fr *FileResult) bool { return fr.Problem == "" || fr.SHA256 == "" })
	var final *pass
	for {
		in := included(active, excluded)
		var refused []*source
		if o.DryRun {
			if final, err = runPass(ctx, db, in, nil, o); err == nil {
				refused = final.refusedFiles(in)
			}
		} else {
			err = withTx(ctx, db, func(w *writer) error {
				w.today, w.user, w.now = o.Today, o.User, o.Now()
				var err error
				var before int64
				if err := w.conn.QueryRowContext(ctx, `select coalesce(max(load_seq), 0) from ingest_files`).Scan(&before); err != nil {
					return fmt.Errorf("ingest: read load sequence: %w", err)
				}
				began := time.Now()
				if final, err = runPass(ctx, db, in, w, o); err != nil {
					return err
				}
				if refused = final.refusedFiles(in); len(refused) > 0 {
					return errRetry
				}
				var gone []string
				for _, s := range active {
					if excluded[s] {
						gone = append(gone, s.f.SHA256)
					}
				}
				for _, fr := range problemFiles {
					gone = append(gone, fr.SHA256)
				}
				if err := w.forget(ctx, gone...); err != nil {
					return err
				}
				if err := w.rejections(ctx, append(slices.Clone(fileRej), failed...), 0); err != nil {
					return err
				}
				if res.Supersessions, err = supersessions(ctx, w, before); err != nil {
					return err
				}
				if len(active) == 0 && len(fileRej) == 0 {
					return nil // nothing new: the marts stand
				}
				o.Logger.Info("files read and loaded", "files", len(in), "elapsed", time.Since(began).Round(time.Millisecond))
				// The marts are rebuilt after the commit, by the caller:
				// see Result.NeedsRebuild.
				res.NeedsRebuild = true
				if res.Touched, err = w.touched.result(ctx, w); err != nil {
					return err
				}
				return nil
			})
			if errors.Is(err, errRetry) {
				err = nil
			}
		}
		if err != nil {
			return nil, err
		}
		if len(refused) == 0 {
			break
		}
		for _, s := range refused {
			excluded[s] = true
			failed = append(failed, final.byFile[s]...)
			o.Logger.Info("file refused part-way: read again without it", "file", s.f.Path, "reason", s.res.Problem)
		}
	}
	if o.DryRun {
		// Nothing is written, so the pass found the conflicts itself.
		res.Supersessions = final.conflictList()
	}
	modTimes := map[string]time.Time{}
	for _, fr := range res.Files {
		modTimes[fr.Path] = fr.ModTime
	}
	for i := range res.Supersessions {
		if s := &res.Supersessions[i]; s.Conflict {
			s.OldModTime, s.NewModTime = modTimes[s.OldFile], modTimes[s.NewFile]
		}
	}
	res.Rejections = append(append(slices.Clone(fileRej), final.rejections...), failed...)
	res.Changes = final.changes
	for _, fr := range res.Files {
		res.Loaded += fr.Loaded
		res.Rejected += fr.Rejected
		if fr.Problem != "" {
			res.FileProblems++
		}
		res.RefusedSheets += fr.RefusedSheets
	}
	return res, nil
}

// asFileProblem turns an error that refuses a whole file (an unreadable
// format, a resource limit) into its reason and hint.
func asFileProblem(err error) (*tabular.FileError, bool) {
	if fe, ok := tabular.AsFileError(err); ok {
		return fe, true
	}
	var le *tabular.LimitError
	if errors.As(err, &le) {
		return &tabular.FileError{Path: le.Path, Reason: le.Error(), Err: err}, true
	}
	return nil, false
}

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

// errRetry rolls back a load in which a file was refused part-way, so that
// the run can start again without it.
var errRetry = errors.New("a file was refused part-way: load again without it")

func included(all []*source, excluded map[*source]bool) []*source {
	var out []*source
	for _, s := range all {
		if !excluded[s] {
			out = append(out, s)
		}
	}
	return out
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
	type entry struct {
		in  Input
		mod time.Time
	}
	var out []entry
	add := func(p string) {
		// Stored and shown with forward slashes on every platform.
		e := entry{in: Input{Path: shownpath.Slash(p)}}
		if st, err := os.Stat(p); err == nil {
			e.mod = st.ModTime()
			e.in.ModTime = e.mod
		}
		out = append(out, e)
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			// A path named on the command line that is not there is a
			// mistake in the command, not a supplier's file to report.
			return nil, fmt.Errorf("ingest %s: %w", p, err)
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		n := 0
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
			if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
				return nil
			}
			ext := strings.ToLower(filepath.Ext(name))
			if _, refused := tabular.RefusedExts[ext]; refused || slices.Contains(tabular.ReadExts, ext) {
				add(path)
				n++
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ingest %s: %w", p, err)
		}
		if n == 0 {
			out = append(out, entry{in: Input{Path: shownpath.Slash(p), Problem: "0 rows: the folder holds no .csv or .xlsx file", Hint: "put the month's returns in the folder, or name the files to read"}})
		}
	}
	slices.SortStableFunc(out, func(a, b entry) int {
		if c := a.mod.Compare(b.mod); c != 0 {
			return c
		}
		return strings.Compare(a.in.Path, b.in.Path)
	})
	ins := make([]Input, len(out))
	for i, e := range out {
		ins[i] = e.in
	}
	return ins, nil
}

// ingestedSHAs lists the SHA-256 of every file ingested before: one query,
// where one per file cost a millisecond each.
func ingestedSHAs(ctx context.Context, db *store.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `select file_sha256 from ingest_files`)
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

// source is one input file with its recognised sheets.
type source struct {
	f               *tabular.File
	res             *FileResult
	sheets          []*sheet
	hasSheetProblem bool // a sheet refused as a whole (duplicate headers)
}

type sheet struct {
	name   string
	header *schema.Header
	row    int // header row number
	res    *SheetResult

	measures, pctIdx []int // worked out once per sheet: see measureIndexes, scalePercentCells
}

// measureIndexes lists a wide sheet's measure columns in order.
func (sh *sheet) measureIndexes() []int {
	if sh.measures == nil {
		sh.measures = slices.Sorted(maps.Keys(sh.header.Measures))
		if sh.measures == nil {
			sh.measures = []int{}
		}
	}
	return sh.measures
}

// headerSearchRows bounds how far down a sheet svhub looks for its header
// row (title and note rows above it are skipped).
const headerSearchRows = 50

// classify finds each sheet's header row. Hidden sheets and sheets with no
// known header are not read and are listed as notes, the same under every
// mode; a file with no readable sheet at all is a file problem, and so is
// one with no data row under its header.
func (s *source) classify(ctx context.Context, isMeasure func(string) bool, log func(msg string, args ...any)) ([]Rejection, error) {
	var rej []Rejection
	var unrecognised []string
	csv := s.f.Format == "csv"
	s.res.Notes = append(s.res.Notes, s.f.Notes()...) // mixed line endings
	for _, name := range s.f.Sheets() {
		if s.f.Hidden(name) {
			s.res.Notes = append(s.res.Notes, fmt.Sprintf("sheet %q is hidden: not read", name))
			log("hidden sheet skipped", "file", s.f.Path, "sheet", name)
			continue
		}
		sh := &sheet{name: name, res: &SheetResult{Sheet: name}}
		nonBlank := 0
		err := s.f.Rows(ctx, name, func(r tabular.Row) error {
			nonBlank++
			if r.Problem == "" {
				if h, ok := schema.Classify(r.Cells, isMeasure); ok {
					sh.header, sh.row = h, r.Number
					return tabular.ErrStop
				}
			}
			if nonBlank >= headerSearchRows {
				return tabular.ErrStop
			}
			return nil
		})
		if err != nil {
			if fe, ok := asFileProblem(err); ok {
				s.res.Problem, s.res.Hint = fe.Reason, fe.Hint
				rej = append(rej, Rejection{File: s.f.Path, SHA256: s.f.SHA256, Sheet: name, Reason: fe.Reason, Hint: fe.Hint, Whole: "file"})
				return rej, nil
			}
			return nil, fmt.Errorf("ingest %s: %w", s.f.Path, err)
		}
		if nonBlank == 0 {
			continue // an empty sheet holds nothing to lose
		}
		if sh.header == nil {
			if s.f.InfoSheet(name) {
				continue // a return template's instructions, commitments or lists
			}
			unrecognised = append(unrecognised, name)
			log("sheet has no known header; skipped", "file", s.f.Path, "sheet", name)
			continue
		}
		sh.header.DecimalComma, sh.header.Delimiter = s.f.DecimalComma(), s.f.Delimiter
		if sh.header.DecimalComma && sh.header.Problem == "" {
			s.showDecimals(ctx, sh) // each column's own decimal mark
		}
		sh.res.Kind, sh.res.HeaderRow, sh.res.Wide = sh.header.Kind, sh.row, sh.header.Wide
		s.res.Sheets = append(s.res.Sheets, sh.res)
		if sh.header.Problem != "" {
			s.hasSheetProblem = true
			s.res.RefusedSheets++
			rej = append(rej, Rejection{File: s.f.Path, SHA256: s.f.SHA256, Sheet: name, Row: sh.row, Reason: sh.header.Problem,
				Hint: "delete or rename one of the columns; this sheet was not read", Whole: "sheet"})
			log("sheet refused", "file", s.f.Path, "sheet", name, "reason", sh.header.Problem)
			continue
		}
		log("sheet recognised", "file", s.f.Path, "sheet", name, "kind", sh.header.Kind, "header_row", sh.row, "wide", sh.header.Wide)
		s.sheets = append(s.sheets, sh)
	}
	switch {
	case len(s.res.Sheets) == 0 && len(unrecognised) == 0:
		s.res.Problem, s.res.Hint = "0 rows: the file holds no data", "send the file again with its data"
	case len(s.res.Sheets) == 0:
		where := "in its first " + fmt.Sprint(headerSearchRows) + " rows"
		if !csv {
			where = "in any sheet (" + quoteList(unrecognised) + ")"
		}
		s.res.Problem = "no table svhub knows: no row " + where + " is a header with the columns of a return or a register"
		s.res.Hint = "a return needs the columns contract_ref, period, measure_code and value (or one column per measure code); the README (What svhub reads) lists the register tables and the other names each column may go by"
	default:
		for _, name := range unrecognised {
			s.res.Notes = append(s.res.Notes, fmt.Sprintf("sheet %q has no table svhub knows (instructions or notes?): not read", name))
		}
	}
	if s.res.Problem != "" {
		rej = append(rej, Rejection{File: s.f.Path, SHA256: s.f.SHA256, Reason: s.res.Problem, Hint: s.res.Hint, Whole: "file"})
	}
	return rej, nil
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// withTx runs fn inside one transaction on the database's single writer.
func withTx(ctx context.Context, db *store.DB, fn func(*writer) error) error {
	return db.Write(ctx, func(sw *store.Writer) error { return fn(&writer{conn: sw}) })
}

// writer is the ingest's side of the one writing transaction: every row it
// writes goes through the store's appender (load.go).
type writer struct {
	conn    *store.Writer
	touched touchedFiles // what the load touched (touched.go)
	today   time.Time    // the reference date: a register change without effective_from applies from it
	// user and now are who loaded and when, kept with each hub log entry
	user string
	now  time.Time
}
