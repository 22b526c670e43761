package ingest

// This file holds one pass over every included file, kind after kind in
// load order.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/maphash"
	"time"
	"unicode/utf8"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/validate"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// pass is one read of every included file: validated, and loaded when it
// has a writer.
type pass struct {
	rejections   []Rejection
	byFile       map[*source][]Rejection
	rejectedRows map[*source]int
	refused      map[*source]bool // too many rejected rows: see refuse
	changes      []Change
	// seen holds the keys of the file and kind being read (key → where
	// first given): one key per file, across its sheets. A file's sheets
	// of one kind are read one after another, so its keys are dropped
	// when they are done: memory grows with one file's rows of one kind,
	// not with the run.
	seen map[*source]map[dupKey]firstGiven
	// given holds, for a dry run, the last value each return key was given
	// in the run and by which file, so that validate finds the conflicts
	// a load finds in the supersessions view (see conflictList). Keyed by
	// a hash of the key: 16 bytes a return, where the key's strings would
	// hold on to the rows they were cut from.
	given     map[uint64]lastGiven
	seed      maphash.Seed
	conflicts []conflict
	// batch holds accepted records not yet written, all of one kind.
	batch []record
	// out writes the batches (nil when the pass loads nothing).
	out *loader

	refs    *validate.Refs // what rows are checked against, grown by each register row accepted
	w       *writer        // nil: the pass checks, and loads nothing
	o       Options
	loadSeq map[*source]int64 // each file's load_seq
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// runPass reads every included file once, kind after kind in load order
// (schema.LoadOrder), so that each row is checked against the register
// rows accepted before it; with a writer it loads what it accepts, and
// records the files and their rejections. It returns early, with the pass
// so far, when a file is refused part-way (see Run).
func runPass(ctx context.Context, db queryer, srcs []*source, w *writer, o Options) (*pass, error) {
	var q queryer = db
	if w != nil {
		q = w.conn // the writer holds the only connection
	}
	refs, err := loadRefs(ctx, q)
	if err != nil {
		return nil, err
	}
	refs.Month = time.Date(o.Today.Year(), o.Today.Month(), 1, 0, 0, 0, 0, time.UTC)
	refs.Suppliers = o.Suppliers
	p := &pass{byFile: map[*source][]Rejection{}, rejectedRows: map[*source]int{}, refused: map[*source]bool{}, seen: map[*source]map[dupKey]firstGiven{},
		refs: refs, w: w, o: o}
	if err := p.begin(ctx, q, srcs); err != nil {
		return nil, err
	}
	if w != nil {
		// Whatever way the pass ends, the loader is done with the
		// connection before the caller commits or rolls back.
		p.out = startLoader(ctx, w)
		defer p.out.stop()
	}
	for _, kind := range schema.LoadOrder {
		stopped, err := p.readKind(ctx, kind, srcs)
		if err != nil {
			return nil, err
		}
		if stopped {
			// What this pass loaded and checked depends on a file that is
			// now refused as a whole: the caller starts again without it
			// (see Run).
			return p, nil
		}
	}
	p.rejectEmpty(srcs)
	if w != nil {
		if err := p.record(ctx, srcs); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// begin numbers the files of the pass in load order (load_seq, after the
// loads before), sets their counts to zero and, when the pass loads,
// clears what an earlier read of the same files left.
func (p *pass) begin(ctx context.Context, q queryer, srcs []*source) error {
	var seq int64
	if p.w != nil {
		if err := q.QueryRowContext(ctx, sqlfiles.LastLoadSeq).Scan(&seq); err != nil {
			return fmt.Errorf("ingest: read load sequence: %w", err)
		}
	}
	p.loadSeq = make(map[*source]int64, len(srcs))
	shas := make([]string, 0, len(srcs))
	for i, s := range srcs {
		p.loadSeq[s] = seq + int64(i) + 1
		s.res.Loaded, s.res.Rejected, s.res.Read = 0, 0, 0
		s.res.Problem, s.res.Hint = "", "" // active files had none from classify
		shas = append(shas, s.f.SHA256)
		for _, sh := range s.sheets {
			sh.res.Loaded, sh.res.Rejected, sh.res.Read = 0, 0, 0
		}
	}
	if p.w == nil {
		return nil
	}
	return p.w.forget(ctx, shas...)
}

// readKind reads the sheets of one kind, file after file in load order, and
// says whether the pass stopped at a file refused part-way. Under --strict
// the checking passes read on, to list every failing file.
func (p *pass) readKind(ctx context.Context, kind schema.Kind, srcs []*source) (stopped bool, err error) {
	var (
		ra   *readAhead
		jobs map[*sheet]int
	)
	if kind == schema.Returns {
		ra, jobs = p.readReturnsAhead(ctx, srcs)
		defer ra.close()
	}
	for _, s := range srcs {
		p.seen[s] = map[dupKey]firstGiven{}
		for _, sh := range s.sheets {
			if sh.header == nil || sh.header.Kind != kind {
				continue
			}
			j, ahead := jobs[sh]
			if p.refused[s] {
				if ahead {
					ra.skip(j)
				}
				continue
			}
			var fd *feed
			if ahead {
				fd = ra.feed(j)
			}
			began := time.Now()
			err := p.sheet(ctx, s, sh, fd)
			s.res.Elapsed += time.Since(began)
			if err != nil {
				return false, err
			}
			if p.refused[s] && !p.o.Strict {
				return true, nil
			}
		}
		// A file's sheets of one kind are read one after another, so its
		// keys of this kind are needed no longer.
		delete(p.seen, s)
	}
	if err := p.flush(kind); err != nil {
		var lde *loadError
		if errors.As(err, &lde) {
			return false, lde.err
		}
		return false, err
	}
	return false, nil
}

// readReturnsAhead starts reading the returns sheets a few at a time (see
// readAhead), in the order readKind takes them; jobs gives each sheet's
// place in that order.
func (p *pass) readReturnsAhead(ctx context.Context, srcs []*source) (ra *readAhead, jobs map[*sheet]int) {
	jobs = map[*sheet]int{}
	var produce []producer
	for _, s := range srcs {
		for _, sh := range s.sheets {
			if sh.header != nil && sh.header.Kind == schema.Returns && !p.refused[s] {
				jobs[sh] = len(produce)
				produce = append(produce, produceRows(s, sh, p.refs))
			}
		}
	}
	// With one worker, one sheet at a time; with more, the sheet taken and
	// up to 4 per worker after it: a small file's sheet takes a few
	// milliseconds, so one ahead was not enough to keep both cores busy,
	// and each waits after 4 chunks.
	window := readWorkers()
	if window > 1 {
		window *= 4
	}
	return newReadAhead(ctx, produce, window), jobs
}

// rejectEmpty refuses each file that had a header and nothing under it:
// "0 rows", not a silent success.
func (p *pass) rejectEmpty(srcs []*source) {
	for _, s := range srcs {
		if s.res.Read != 0 || s.res.Problem != "" || len(s.sheets) == 0 {
			continue
		}
		s.res.Problem, s.res.Hint = "0 rows: the file has a header row but no data under it", "fill in the rows, or send the file again"
		if hubLogOnly(s) {
			s.res.Problem, s.res.Hint = "0 rows: no row of the hub log is filled in", "fill in the yellow cells of the items acted on, then load it again"
		}
		p.reject(s, Rejection{Reason: s.res.Problem, Hint: s.res.Hint, Whole: "file"})
	}
}

// record waits for the loader to write every batch, then writes each
// file's rejections and the files' ingest records.
func (p *pass) record(ctx context.Context, srcs []*source) error {
	if err := p.out.sync(); err != nil {
		return err
	}
	p.out.stop()
	for _, s := range srcs {
		if err := p.w.rejections(ctx, p.byFile[s], p.loadSeq[s]); err != nil {
			return err
		}
	}
	return p.w.recordFiles(ctx, srcs, p.loadSeq, p.o.Now())
}

func (p *pass) reject(s *source, r Rejection) {
	r.File, r.SHA256 = s.f.Path, s.f.SHA256
	r.Value = clip(r.Value)
	p.rejections = append(p.rejections, r)
	p.byFile[s] = append(p.byFile[s], r)
}

// clip shortens text kept with a rejection to 200 characters.
func clip(v string) string {
	const max = 200
	if utf8.RuneCountInString(v) > max {
		return string([]rune(v)[:max]) + "…"
	}
	return v
}

// errTooManyRejected stops reading a file that has more rejected rows than
// Limits.MaxRejectedRows allows.
var errTooManyRejected = errors.New("too many rejected rows")

// refuse gives up on a whole file part-way through it: nothing of it loads,
// not even the sheets read before (see Run, which loads again without it),
// and its later sheets are not read. The rejections found so far stay
// listed, and one more, of the whole file, says why.
func (p *pass) refuse(s *source, sheet, reason, hint string) {
	p.refused[s] = true
	s.res.Loaded = 0
	for _, sh := range s.res.Sheets {
		sh.Loaded = 0
	}
	s.res.Problem, s.res.Hint = reason, hint
	p.reject(s, Rejection{Sheet: sheet, Whole: "file", Reason: reason, Hint: hint})
}

// refusedFiles lists the files of srcs this pass refused, in order.
func (p *pass) refusedFiles(srcs []*source) []*source {
	var out []*source
	for _, s := range srcs {
		if p.refused[s] {
			out = append(out, s)
		}
	}
	return out
}
