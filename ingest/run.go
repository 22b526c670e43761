package ingest

// This file holds one ingest run: the files taken in load order, the
// --strict checks, the load (again without a file refused part-way) and
// the result.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Run ingests the given files and folders. Files load in order of last
// modification, then name, so a corrected file sent later supersedes the
// original whatever it is called.
func Run(ctx context.Context, db *store.DB, paths []string, o Options) (*Result, error) {
	res, err := ingestPaths(ctx, db, paths, o)
	// The rows read are garbage now, but the Go heap keeps its size until
	// the next collection, and the marts the caller builds next allocate
	// almost nothing in Go: at England that left ~400 MB of dead rows under
	// DuckDB's buffer pool through the rebuild (the step's peak). Collect
	// and hand them back to the system before returning.
	debug.FreeOSMemory()
	return res, err
}

// ingestPaths is Run but for handing back the memory it read with.
func ingestPaths(ctx context.Context, db *store.DB, paths []string, o Options) (*Result, error) {
	o = o.withDefaults()
	started := time.Now()
	inputs, err := Expand(paths)
	if err != nil {
		return nil, err
	}
	measures, err := loadRefs(ctx, db)
	if err != nil {
		return nil, err
	}
	h, err := readHistory(ctx, db, o)
	if err != nil {
		return nil, err
	}
	r := &run{db: db, o: o, res: &Result{}, excluded: map[*source]bool{}}
	defer r.close()
	if err := r.open(ctx, inputs, h, measures.IsMeasure); err != nil {
		return nil, err
	}
	o.Logger.Info("files opened and classified", "files", len(inputs), "elapsed", time.Since(started).Round(time.Millisecond))
	if o.Strict {
		if err := r.strictCheck(ctx); err != nil {
			return nil, err
		}
	}
	final, err := r.load(ctx)
	if err != nil {
		return nil, err
	}
	r.summarise(final)
	return r.res, nil
}

// withDefaults fills in what the caller left out: no log, the wall clock,
// and today by that clock.
func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Today.IsZero() {
		o.Today = o.Now()
	}
	return o
}

// history is what earlier ingests left that decides which files are read:
// the files loaded before (by SHA-256) and, among them, those withdrawn
// since, with why they are skipped. Force and dry runs read every file.
type history struct {
	ingested  map[string]bool
	withdrawn map[string]string
}

func readHistory(ctx context.Context, db *store.DB, o Options) (history, error) {
	var (
		h   history
		err error
	)
	if o.Force || o.DryRun {
		return h, nil
	}
	if h.ingested, err = ingestedSHAs(ctx, db); err != nil {
		return h, err
	}
	if h.withdrawn, err = withdrawnSHAs(ctx, db); err != nil {
		return h, err
	}
	for sha := range h.withdrawn {
		h.ingested[sha] = true // not read, as a file loaded before
	}
	return h, nil
}

// run is one ingest call under way.
type run struct {
	db  *store.DB
	o   Options
	res *Result
	// srcs are the files opened (closed by close); active those of them
	// to read: not skipped, with no problem of their own.
	srcs, active []*source
	fileRej      []Rejection // file- and sheet-level rejections, written with the load
	// excluded are the files left out of the load (failed --strict, or
	// refused part-way), failed their rejections.
	excluded map[*source]bool
	failed   []Rejection
}

func (r *run) close() {
	for _, s := range r.srcs {
		s.f.Close()
	}
}

// open takes the inputs in load order. They are opened, hashed and
// classified by a few workers at once (an xlsx workbook's parts take
// milliseconds each to unpack), and taken here one by one, so that what
// is recorded is what a one-at-a-time read gives.
func (r *run) open(ctx context.Context, inputs []Input, h history, isMeasure func(string) bool) error {
	next, stop := openAhead(ctx, inputs, h.ingested, isMeasure, r.o)
	defer stop()
	seenSHA := map[string]string{}
	for i, in := range inputs {
		if err := r.take(in, next(i), seenSHA, h); err != nil {
			return err
		}
	}
	r.active = slices.DeleteFunc(slices.Clone(r.srcs), func(s *source) bool { return s.res.Skipped || s.res.Problem != "" })
	return nil
}

// take records one opened input: refused as a whole, skipped (the same
// content as a file before it in the run, or loaded before), or to read.
func (r *run) take(in Input, op opened, seenSHA map[string]string, h history) error {
	fr := op.res
	r.res.Files = append(r.res.Files, fr)
	log := r.o.Logger
	if in.Problem != "" {
		fr.Problem, fr.Hint = in.Problem, in.Hint
		log.Info("file refused", "file", in.Path, "reason", in.Problem)
		return nil
	}
	if op.err != nil {
		fe, ok := asFileProblem(op.err)
		if !ok {
			return fmt.Errorf("ingest %s: %w", in.Path, op.err)
		}
		fr.Problem, fr.Hint = fe.Reason, fe.Hint
		r.fileRej = append(r.fileRej, Rejection{File: in.Path, SHA256: fr.SHA256, Reason: fe.Reason, Hint: fe.Hint, Whole: "file"})
		log.Info("file refused", "file", in.Path, "reason", fe.Reason)
		return nil
	}
	f := op.src.f
	if first, dup := seenSHA[f.SHA256]; dup {
		f.Close()
		// Classified ahead, but never read: it says only why.
		fr = &FileResult{Path: in.Path, SHA256: f.SHA256, ModTime: in.ModTime}
		r.res.Files[len(r.res.Files)-1] = fr
		fr.Skipped, fr.SkipReason = true, "same content as "+filepath.Base(first)+", read earlier in this run"
		log.Info("skipped: same content as another file of the run", "file", in.Path, "first", first)
		return nil
	}
	seenSHA[f.SHA256] = in.Path
	r.srcs = append(r.srcs, op.src)
	if h.ingested[f.SHA256] {
		fr.Skipped, fr.SkipReason = true, "already ingested (use --force to read it again)"
		if why, ok := h.withdrawn[f.SHA256]; ok {
			fr.SkipReason = why
		}
		log.Info("already ingested; skipped (use --force to re-read)", "file", in.Path)
		return nil
	}
	for _, l := range op.logs {
		log.Info(l.msg, l.args...)
	}
	if op.classifyErr != nil {
		return op.classifyErr
	}
	r.fileRej = append(r.fileRej, op.rej...)
	return nil
}

// strictCheck finds the files --strict refuses before any row loads. A
// failed file can make rows in other files fail (their contract was in
// it), so it checks without loading until no new file fails. A failed
// file's rejections are the ones found while it was still in play.
func (r *run) strictCheck(ctx context.Context) error {
	for _, s := range r.active {
		if s.hasSheetProblem {
			r.excluded[s] = true
			s.res.StrictFailed = true
		}
	}
	for {
		in := included(r.active, r.excluded)
		p, err := runPass(ctx, r.db, in, nil, r.o)
		if err != nil {
			return err
		}
		if !r.failStrict(p, in) {
			return nil
		}
	}
}

// failStrict leaves out of the load each file of in that had a rejected
// row or was refused in pass p; it says whether there was one.
func (r *run) failStrict(p *pass, in []*source) (grew bool) {
	for _, s := range in {
		if p.rejectedRows[s] == 0 && !p.refused[s] {
			continue
		}
		r.excluded[s] = true
		grew = true
		s.res.StrictFailed = true
		s.res.Loaded = 0
		for _, sh := range s.res.Sheets {
			sh.Loaded = 0
		}
		r.failed = append(r.failed, p.byFile[s]...)
	}
	return grew
}

// errRetry rolls back a load in which a file was refused part-way, so that
// the run can start again without it.
var errRetry = errors.New("a file was refused part-way: load again without it")

// load reads (and, unless a dry run, loads) the files not left out. A file
// is atomic: when one is refused part-way (a later sheet over a limit, too
// many rejected rows, a read error), what its earlier sheets gave (rows,
// register entries later files were checked against) must not stay. The
// pass stops at the refusal, the transaction (if any) is rolled back, and
// the run starts again without that file; refusals are rare, so the
// common case reads each file once.
func (r *run) load(ctx context.Context) (*pass, error) {
	// Files refused before the load (not read): what an earlier load of
	// them left is cleared.
	problemFiles := slices.DeleteFunc(slices.Clone(r.res.Files), func(fr *FileResult) bool { return fr.Problem == "" || fr.SHA256 == "" })
	for {
		in := included(r.active, r.excluded)
		var (
			final   *pass
			refused []*source
			err     error
		)
		if r.o.DryRun {
			if final, err = runPass(ctx, r.db, in, nil, r.o); err == nil {
				refused = final.refusedFiles(in)
			}
		} else {
			err = withTx(ctx, r.db, func(w *writer) error {
				var err error
				final, refused, err = r.write(ctx, w, in, problemFiles)
				return err
			})
			if errors.Is(err, errRetry) {
				err = nil
			}
		}
		if err != nil {
			return nil, err
		}
		if len(refused) == 0 {
			return final, nil
		}
		for _, s := range refused {
			r.excluded[s] = true
			r.failed = append(r.failed, final.byFile[s]...)
			r.o.Logger.Info("file refused part-way: read again without it", "file", s.f.Path, "reason", s.res.Problem)
		}
	}
}

// write is one load, in the writing transaction: the pass over the files
// in, then what the run records beside their rows (earlier loads of the
// files left out cleared, file-level rejections, the supersessions). It
// returns errRetry, with the files refused part-way, to roll back.
func (r *run) write(ctx context.Context, w *writer, in []*source, problemFiles []*FileResult) (*pass, []*source, error) {
	w.today, w.user, w.now = r.o.Today, r.o.User, r.o.Now()
	var before int64
	if err := w.conn.QueryRowContext(ctx, sqlfiles.LastLoadSeq).Scan(&before); err != nil {
		return nil, nil, fmt.Errorf("ingest: read load sequence: %w", err)
	}
	began := time.Now()
	p, err := runPass(ctx, r.db, in, w, r.o)
	if err != nil {
		return nil, nil, err
	}
	if refused := p.refusedFiles(in); len(refused) > 0 {
		return p, refused, errRetry
	}
	var gone []string
	for _, s := range r.active {
		if r.excluded[s] {
			gone = append(gone, s.f.SHA256)
		}
	}
	for _, fr := range problemFiles {
		gone = append(gone, fr.SHA256)
	}
	if err := w.forget(ctx, gone...); err != nil {
		return nil, nil, err
	}
	if err := w.rejections(ctx, append(slices.Clone(r.fileRej), r.failed...), 0); err != nil {
		return nil, nil, err
	}
	if r.res.Supersessions, err = supersessions(ctx, w, before); err != nil {
		return nil, nil, err
	}
	if len(r.active) == 0 && len(r.fileRej) == 0 {
		return p, nil, nil // nothing new: the marts stand
	}
	r.o.Logger.Info("files read and loaded", "files", len(in), "elapsed", time.Since(began).Round(time.Millisecond))
	// The marts are rebuilt after the commit, by the caller: see
	// Result.NeedsRebuild.
	r.res.NeedsRebuild = true
	if r.res.Touched, err = w.touched.result(ctx, w); err != nil {
		return nil, nil, err
	}
	return p, nil, nil
}

// summarise fills in the result from the last pass: its rejections after
// the file-level ones and before those of the files left out, the register
// changes, the conflicts with their files' modification times, and the
// totals.
func (r *run) summarise(final *pass) {
	res := r.res
	if r.o.DryRun {
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
	res.Rejections = append(append(slices.Clone(r.fileRej), final.rejections...), r.failed...)
	res.Changes = final.changes
	res.addUp()
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
