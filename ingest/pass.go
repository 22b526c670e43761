package ingest

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
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
}

// flush hands the records held to the loader, which writes them while
// the next ones are read and checked.
func (p *pass) flush(ctx context.Context, w *writer, kind schema.Kind) error {
	if w == nil || len(p.batch) == 0 {
		p.batch = p.batch[:0]
		return nil
	}
	if err := p.out.load(kind, p.batch); err != nil {
		return &loadError{err}
	}
	p.batch = p.out.empty()
	return nil
}

// loader writes batches of records on a goroutine of its own, one after
// another in the order given, so that the appender's work (a cgo call per
// value, then DuckDB's flush: half of a CSV load's time) runs beside the
// reading and checking instead of after it. It alone uses the writer's
// connection until sync returns; every write of the pass goes through it
// in the order it would have had, so the database ends the same. A failed
// write fails the pass (rolled back), as before, a batch or two later.
type loader struct {
	jobs   chan loadJob
	free   chan []record // written batches, for reuse
	done   chan struct{}
	failed atomic.Bool
	once   sync.Once
}

type loadJob struct {
	kind schema.Kind
	recs []record
	sync chan error // a sync: answered with the first failure, if any
}

func startLoader(ctx context.Context, w *writer) *loader {
	l := &loader{jobs: make(chan loadJob, 1), free: make(chan []record, 2), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		var err error
		for j := range l.jobs {
			if j.sync != nil {
				j.sync <- err
				continue
			}
			if err == nil {
				if e := w.load(ctx, j.kind, j.recs); e != nil {
					last := j.recs[len(j.recs)-1].prov
					err = fmt.Errorf("ingest %s sheet %q: %w", last.file, last.sheet, e)
					l.failed.Store(true)
				}
			}
			clear(j.recs) // let the records go
			select {
			case l.free <- j.recs[:0]:
			default:
			}
		}
	}()
	return l
}

// load queues a batch to be written; the loader owns it from then on. It
// returns the failure of an earlier batch, if there was one.
func (l *loader) load(kind schema.Kind, recs []record) error {
	if l.failed.Load() {
		return l.sync()
	}
	l.jobs <- loadJob{kind: kind, recs: recs}
	return nil
}

// empty is a batch to fill: one written before, or a new one.
func (l *loader) empty() []record {
	select {
	case b := <-l.free:
		return b
	default:
		return make([]record, 0, loadBatch)
	}
}

// sync waits until every batch queued is written and returns the first
// failure.
func (l *loader) sync() error {
	ch := make(chan error, 1)
	l.jobs <- loadJob{sync: ch}
	return <-ch
}

// stop waits for the batches queued and ends the loader; after it the
// connection is the caller's again. Safe to call more than once.
func (l *loader) stop() {
	l.once.Do(func() {
		close(l.jobs)
		<-l.done
	})
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

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
	p := &pass{byFile: map[*source][]Rejection{}, rejectedRows: map[*source]int{}, refused: map[*source]bool{}, seen: map[*source]map[dupKey]firstGiven{}}
	var seq int64
	if w != nil {
		if err := q.QueryRowContext(ctx, `select coalesce(max(load_seq), 0) from ingest_files`).Scan(&seq); err != nil {
			return nil, fmt.Errorf("ingest: read load sequence: %w", err)
		}
	}
	loadSeq := map[*source]int64{}
	shas := make([]string, 0, len(srcs))
	for i, s := range srcs {
		loadSeq[s] = seq + int64(i) + 1
		s.res.Loaded, s.res.Rejected, s.res.Read = 0, 0, 0
		s.res.Problem, s.res.Hint = "", "" // active files had none from classify
		shas = append(shas, s.f.SHA256)
		for _, sh := range s.sheets {
			sh.res.Loaded, sh.res.Rejected, sh.res.Read = 0, 0, 0
		}
	}
	if w != nil {
		if err := w.forget(ctx, shas...); err != nil {
			return nil, err
		}
		// Whatever way the pass ends, the loader is done with the
		// connection before the caller commits or rolls back.
		p.out = startLoader(ctx, w)
		defer p.out.stop()
	}
	for _, kind := range schema.LoadOrder {
		// Returns sheets are read ahead, a few at a time (see readAhead),
		// in the order this loop takes them.
		var (
			ra   *readAhead
			jobs = map[*sheet]int{}
		)
		if kind == schema.Returns {
			var produce []producer
			for _, s := range srcs {
				for _, sh := range s.sheets {
					if sh.header != nil && sh.header.Kind == kind && !p.refused[s] {
						jobs[sh] = len(produce)
						produce = append(produce, produceRows(s, sh, refs))
					}
				}
			}
			// With one worker, one sheet at a time; with more, the sheet
			// taken and up to 4 per worker after it: a small file's sheet
			// takes a few milliseconds, so one ahead was not enough to
			// keep both cores busy, and each waits after 4 chunks.
			window := readWorkers()
			if window > 1 {
				window *= 4
			}
			ra = newReadAhead(ctx, produce, window)
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
				err := p.sheet(ctx, s, sh, fd, refs, w, loadSeq[s], o)
				s.res.Elapsed += time.Since(began)
				if err != nil {
					return nil, err
				}
				if p.refused[s] && !o.Strict {
					// What this pass loaded and checked depends on a file
					// that is now refused as a whole: the caller starts
					// again without it (see Run). Under --strict the
					// checking passes read on, to list every failing file.
					return p, nil
				}
			}
			// A file's sheets of one kind are read one after another, so
			// its keys of this kind are needed no longer.
			delete(p.seen, s)
		}
		if err := p.flush(ctx, w, kind); err != nil {
			var lde *loadError
			if errors.As(err, &lde) {
				return nil, lde.err
			}
			return nil, err
		}
	}
	for _, s := range srcs {
		if s.res.Read == 0 && s.res.Problem == "" && len(s.sheets) > 0 {
			// A header and nothing under it: "0 rows", not a silent success.
			s.res.Problem, s.res.Hint = "0 rows: the file has a header row but no data under it", "fill in the rows, or send the file again"
			if hubLogOnly(s) {
				s.res.Problem, s.res.Hint = "0 rows: no row of the hub log is filled in", "fill in the yellow cells of the items acted on, then load it again"
			}
			p.reject(s, Rejection{Reason: s.res.Problem, Hint: s.res.Hint, Whole: "file"})
		}
	}
	if w != nil {
		if err := p.out.sync(); err != nil {
			return nil, err
		}
		p.out.stop()
		for _, s := range srcs {
			if err := w.rejections(ctx, p.byFile[s], loadSeq[s]); err != nil {
				return nil, err
			}
		}
		if err := w.recordFiles(ctx, srcs, loadSeq, o.Now()); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// lastGiven is the file that last gave a return key in a dry run, and its
// value.
type lastGiven struct {
	src   *source
	value float64
}

type conflict struct {
	Supersession
	row int
}

// noteReturn remembers an accepted return of a dry run and, when another
// file of the run gave its key a different value, records the conflict.
func (p *pass) noteReturn(s *source, row int, rec record) {
	v, ok := rec.v.(validate.Return)
	if !ok {
		return
	}
	if p.given == nil {
		p.given, p.seed = map[uint64]lastGiven{}, maphash.MakeSeed()
	}
	h := maphash.Comparable(p.seed, rec.key)
	if prev, ok := p.given[h]; ok && prev.src != s && prev.value != v.Value {
		p.conflicts = append(p.conflicts, conflict{Supersession{ContractRef: v.ContractRef, Period: v.Period.Format("2006-01"), MeasureCode: v.MeasureCode,
			OldValue: prev.value, NewValue: v.Value, OldFile: prev.src.f.Path, NewFile: s.f.Path, Conflict: true}, row})
	}
	p.given[h] = lastGiven{src: s, value: v.Value}
}

// conflictList gives a dry run's conflicts in the order a load lists its
// supersessions: by the new file, row and key.
func (p *pass) conflictList() []Supersession {
	slices.SortStableFunc(p.conflicts, func(a, b conflict) int {
		return cmp.Or(strings.Compare(a.NewFile, b.NewFile), cmp.Compare(a.row, b.row), strings.Compare(a.ContractRef, b.ContractRef),
			strings.Compare(a.Period, b.Period), strings.Compare(a.MeasureCode, b.MeasureCode))
	})
	var out []Supersession
	for _, c := range p.conflicts {
		out = append(out, c.Supersession)
	}
	return out
}

// firstGiven is where a file first gave a key: a row of a sheet.
type firstGiven struct {
	row   int
	sheet string
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

// extraJSON keeps the columns svhub does not use, so nothing a supplier
// wrote is lost: {"header": "cell text"}, blank cells left out, and cells
// with no header under "column G" (schema.Header.ExtraCells).
func extraJSON(h *schema.Header, cells []string) any {
	m := h.ExtraCells(cells)
	if len(m) == 0 {
		return nil
	}
	b, err := json.Marshal(m) // keys sorted: the same row gives the same text
	if err != nil {
		return nil
	}
	return string(b)
}

// sheet validates (and loads) the data rows of one recognised sheet. A
// returns sheet's rows come from fd, read ahead (see readAhead); fd is nil
// for the register's sheets.
func (p *pass) sheet(ctx context.Context, s *source, sh *sheet, fd *feed, refs *validate.Refs, w *writer, seq int64, o Options) error {
	maxRejected := o.Limits.WithDefaults().MaxRejectedRows
	seen := p.seen[s]
	// Accepted records go to the database in batches as the sheet is read,
	// so memory does not grow with the sheet. A file refused later is
	// rolled back with the whole load (see Run). Returns are appended, so
	// their batches run on across sheets and files (see pass.flush): an
	// appender per small sheet cost more than its rows.
	prov := newProvenance(s.f.Path, s.f.SHA256, sh.name, seq)
	flush := func() error {
		if sh.header.Kind == schema.Returns && len(p.batch) < loadBatch {
			return nil
		}
		return p.flush(ctx, w, sh.header.Kind)
	}
	n := 0
	consume := func(it prepared) error {
		r, rowPre, cellPre, pr := it.r, it.rowPre, it.cellPre, it.pr
		n++
		sh.res.Read++
		s.res.Read++
		if o.Progress != nil && n%1000 == 0 {
			o.Progress(1000)
		}
		rejectRow := func(problems []validate.Problem) error {
			if p.rejectedRows[s] >= maxRejected {
				return errTooManyRejected
			}
			ref, _ := sh.header.Col(r.Cells, "contract_ref")
			supplier, _ := sh.header.Col(r.Cells, "supplier_name")
			ref, supplier = clip(strings.TrimSpace(ref)), clip(strings.TrimSpace(supplier))
			if sh.header.Kind == schema.HubLog {
				// the hub's own row: not a supplier's rejected row
				ref, supplier = "", ""
			}
			for _, pr := range problems {
				p.reject(s, Rejection{Sheet: sh.name, Row: r.Number, Column: pr.Column, Cell: pr.Cell, Value: pr.Value, Reason: pr.Reason, Hint: pr.Hint,
					ContractRef: ref, Supplier: supplier})
			}
			sh.res.Rejected++
			s.res.Rejected++
			p.rejectedRows[s]++
			return nil
		}
		if r.Problem != "" {
			return rejectRow([]validate.Problem{{Value: r.Text, Reason: r.Problem, Hint: r.Hint}})
		}
		if pr.blank && len(cellPre) == 0 {
			// A wide row with no measure filled in (a template's pre-filled
			// contract and month): nothing to load, nothing to refuse.
			n--
			sh.res.Read--
			s.res.Read--
			return nil
		}
		// What markCells found explains a cell better than "the cell is
		// empty".
		problems, cellProblems := withMarked(rowPre, pr.problems), withMarked(cellPre, pr.cellProblems)
		if len(problems) == 0 {
			kept := pr.recs[:0]
			for _, rec := range pr.recs {
				first, dup := seen[rec.key]
				if !dup {
					seen[rec.key] = firstGiven{row: r.Number, sheet: sh.name}
					kept = append(kept, rec)
					continue
				}
				where := fmt.Sprintf("row %d", first.row)
				if s.f.Format == "xlsx" {
					where = fmt.Sprintf("row %d of sheet %q", first.row, first.sheet)
				}
				dp := validate.Problem{Reason: fmt.Sprintf("duplicate: %s already gives %s", where, rec.key),
					Hint: "keep one row per key in a file; send a correction as a new file"}
				if rec.column == "" {
					problems = append(problems, dp)
				} else {
					// One measure of a wide row: only that cell is refused.
					dp.Column, dp.Cell, dp.Value = rec.column, rec.cell, rec.value
					cellProblems = append(cellProblems, dp)
				}
			}
			pr.recs = kept
		}
		if len(problems) > 0 {
			return rejectRow(append(problems, cellProblems...))
		}
		if len(cellProblems) > 0 {
			// A wide row's bad cells are refused; its other measures load
			// (the row counts as rejected and, if any loads, as loaded).
			if err := rejectRow(cellProblems); err != nil {
				return err
			}
		}
		if len(pr.recs) == 0 {
			return nil
		}
		for _, rec := range pr.recs {
			noteSupplier(s, rec)
			if c, ok := accept(refs, rec); ok {
				for i := range c {
					c[i].File, c[i].Sheet, c[i].Row = s.f.Path, sh.name, r.Number
				}
				p.changes = append(p.changes, c...)
			}
			if o.DryRun && sh.header.Kind == schema.Returns {
				p.noteReturn(s, r.Number, rec)
			}
			if w != nil {
				rec.extra = extraJSON(sh.header, r.Cells)
				rec.prov = prov
				p.batch = append(p.batch, rec)
			}
		}
		if len(p.batch) >= loadBatch {
			if err := flush(); err != nil {
				return err
			}
		}
		sh.res.Loaded++
		s.res.Loaded++
		return nil
	}
	var err error
	if fd != nil {
		// Returns change nothing later rows are checked against, so
		// reading and parsing run ahead in a goroutine (see readAhead)
		// while this one checks keys, records rejections and appends, in
		// row order.
		err = fd.take(ctx, consume)
	} else {
		// A register row can be what the next row refers to (accept), so
		// each row is parsed only once the one before is taken.
		err = s.f.Rows(ctx, sh.name, func(r tabular.Row) error {
			if r.Number <= sh.row {
				return nil
			}
			return consume(prepare(s, sh, refs, r))
		})
	}
	if o.Progress != nil {
		o.Progress(n % 1000)
	}
	var (
		le  *tabular.LimitError
		lde *loadError
	)
	switch {
	case err == nil:
	case errors.As(err, &lde):
		return lde.err // the database failed, not the file
	case ctx.Err() != nil:
		return fmt.Errorf("ingest %s: %w", s.f.Path, err)
	case errors.Is(err, errTooManyRejected):
		// 200 MB of garbage under a valid header would otherwise take
		// minutes and write millions of rejections.
		p.refuse(s, sh.name, fmt.Sprintf("file refused: this does not look like a returns file. %d rows were rejected (limit max_rejected_rows), "+
			"so the rest of the file was not read and none of its rows were loaded; the first %d problems are listed", maxRejected, maxRejected),
			"fix the file (often a wrong column or a shifted header) and send it again")
		return nil
	case errors.As(err, &le):
		// Over a resource limit part-way: the file is refused as a whole,
		// and the other files still load.
		p.refuse(s, sh.name, le.Error(), "")
		return nil
	default:
		// The file stopped being readable part-way (a damaged workbook, a
		// truncated sheet): a problem with this file, not with the run.
		p.refuse(s, sh.name, fmt.Sprintf("the file could not be read to the end (%v); none of its rows were loaded", err),
			"open it in Excel and save it again, then send it again")
		return nil
	}
	return flush()
}

// prepare parses one row of a recognised sheet: all of a row's checks that
// depend on nothing read before it.
func prepare(s *source, sh *sheet, refs *validate.Refs, r tabular.Row) prepared {
	if r.Problem != "" {
		return prepared{r: r}
	}
	scalePercentCells(s.f, sh, &r)
	rowPre, cellPre := markCells(s.f, sh, &r)
	return prepared{r: r, rowPre: rowPre, cellPre: cellPre, pr: parseRow(sh.header, r, refs)}
}

// produceRows is a returns sheet's producer: its data rows read and parsed.
func produceRows(s *source, sh *sheet, refs *validate.Refs) producer {
	return func(ctx context.Context, emit func(prepared) error) error {
		return s.f.Rows(ctx, sh.name, func(r tabular.Row) error {
			if r.Number <= sh.row {
				return nil
			}
			return emit(prepare(s, sh, refs, r))
		})
	}
}

// prepared is a row read and parsed, not yet checked for duplicates nor
// counted: what can run ahead of the writer.
type prepared struct {
	r               tabular.Row
	rowPre, cellPre []validate.Problem
	pr              parsed
}

// producer reads and parses one sheet's rows, emitting them in order.
type producer func(context.Context, func(prepared) error) error

// feed is one producer running in its goroutine: what it emits arrives on
// ch in chunks, so that the hand-over costs little per row, and its error
// on done once ch is closed.
type feed struct {
	ch     chan []prepared
	done   chan error
	cancel context.CancelFunc
	// waited and err hold what done gave (only the taker reads them).
	waited bool
	err    error
}

// wait waits for the producer to end and returns its error.
func (fd *feed) wait() error {
	if !fd.waited {
		fd.err, fd.waited = <-fd.done, true
	}
	return fd.err
}

// start runs produce in a goroutine of its own, ahead of whoever takes the
// feed (at most a few chunks ahead: then it waits).
func start(ctx context.Context, produce producer) *feed {
	const chunk = 256
	ctx, cancel := context.WithCancel(ctx)
	fd := &feed{ch: make(chan []prepared, 4), done: make(chan error, 1), cancel: cancel}
	go func() {
		buf := make([]prepared, 0, chunk)
		err := produce(ctx, func(it prepared) error {
			buf = append(buf, it)
			if len(buf) == chunk {
				select {
				case fd.ch <- buf:
				case <-ctx.Done():
					return ctx.Err()
				}
				buf = make([]prepared, 0, chunk)
			}
			return nil
		})
		if len(buf) > 0 && ctx.Err() == nil {
			// Also the rows before an error: they are taken as they would
			// have been without the goroutine.
			select {
			case fd.ch <- buf:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		close(fd.ch)
		fd.done <- err
	}()
	return fd
}

// stop cancels the producer and waits for it, dropping what it emitted.
func (fd *feed) stop() {
	fd.cancel()
	for range fd.ch {
	}
	fd.wait()
}

// take hands what the feed emits, in order, to consume on the caller's
// goroutine. It returns consume's first error (reading stops there, as it
// would have without the goroutine), else the producer's.
func (fd *feed) take(ctx context.Context, consume func(prepared) error) error {
	defer fd.cancel()
	for items := range fd.ch {
		for _, it := range items {
			err := ctx.Err() // stop at once when cancelled, as the reader does
			if err == nil {
				err = consume(it)
			}
			if err != nil {
				fd.cancel()
				for range fd.ch { // let the producer finish
				}
				fd.wait()
				return err
			}
		}
	}
	return fd.wait()
}

// pipeline runs produce in a goroutine and hands what it emits, in order,
// to consume on the caller's goroutine (see feed.take).
func pipeline(ctx context.Context, produce producer, consume func(prepared) error) error {
	return start(ctx, produce).take(ctx, consume)
}

// readAhead runs the producers of a list of sheets, a few at a time ahead
// of the one being taken: with small files, one sheet's rows are read and
// parsed while the one before is checked and appended, on another core.
// Sheets are taken in order; a sheet skipped (its file refused) is
// stopped. Nothing a producer does depends on another sheet, so the rows
// taken are the ones a read of one sheet after another gives.
type readAhead struct {
	ctx     context.Context
	produce []producer
	feeds   []*feed
	window  int
}

func newReadAhead(ctx context.Context, produce []producer, window int) *readAhead {
	return &readAhead{ctx: ctx, produce: produce, feeds: make([]*feed, len(produce)), window: max(window, 1)}
}

// feed returns sheet j's feed, started if it was not, and starts the
// sheets after it up to the window.
func (ra *readAhead) feed(j int) *feed {
	for k := j; k < min(j+ra.window, len(ra.produce)); k++ {
		if ra.feeds[k] == nil {
			ra.feeds[k] = start(ra.ctx, ra.produce[k])
		}
	}
	return ra.feeds[j]
}

// skip stops sheet j without taking it.
func (ra *readAhead) skip(j int) {
	if ra.feeds[j] != nil {
		ra.feeds[j].stop()
	}
}

// close stops every producer still running.
func (ra *readAhead) close() {
	for _, fd := range ra.feeds {
		if fd != nil {
			fd.stop()
		}
	}
}

// loadBatch is how many accepted records are held before they are written:
// enough to amortise an appender's set-up, few enough that memory stays
// flat however large the sheet.
const loadBatch = 8192

// loadError is a failure to write to the database while a sheet is read:
// it ends the run (rolled back), unlike a problem with the file.
type loadError struct{ err error }

func (e *loadError) Error() string { return e.err.Error() }
func (e *loadError) Unwrap() error { return e.err }

// record wraps a validated record with its row number, its key (one per
// file) and the row's other columns (JSON), which are kept as provenance.
// A measure of a wide row also names its column, cell and text, so that a
// problem with it refuses that cell only.
type record struct {
	prov                *provenance
	row                 int
	v                   any
	key                 dupKey
	extra               any // JSON text or nil
	column, cell, value string
}

// parsed is one row read: its records, the problems that refuse the whole
// row, and (wide returns) the problems that refuse one cell each.
type parsed struct {
	recs                   []record
	problems, cellProblems []validate.Problem
	blank                  bool // a wide row with no measure filled in
}

// dupKey is a record's key within a file, typed so that checking a row
// for a duplicate builds no string: up to three text parts and, for a
// return, its month.
type dupKey struct {
	a, b, c string
	month   int32 // returns: year*12 + month; 0 otherwise
	n       int8  // how many text parts the key has
}

// String writes the key as a duplicate's message shows it: its parts
// joined by " / " (a return's month as 2026-04, between its contract and
// its measure).
func (k dupKey) String() string {
	if k.month != 0 {
		y, m := k.month/12, k.month%12
		if m == 0 {
			y, m = y-1, 12
		}
		return fmt.Sprintf("%s / %04d-%02d / %s", k.a, y, m, k.b)
	}
	return strings.Join([]string{k.a, k.b, k.c}[:k.n], " / ")
}

func returnKey(v validate.Return) dupKey {
	return dupKey{a: v.ContractRef, b: v.MeasureCode, month: int32(v.Period.Year()*12 + int(v.Period.Month())), n: 3}
}

func parseRow(h *schema.Header, r tabular.Row, refs *validate.Refs) parsed {
	one := func(v any, key dupKey, pr []validate.Problem) parsed {
		return parsed{recs: []record{{row: r.Number, v: v, key: key}}, problems: pr}
	}
	switch h.Kind {
	case schema.Organisations:
		v, pr := validate.ParseOrg(h, r.Number, r.Cells)
		return one(v, dupKey{a: v.TrustCode, n: 1}, pr)
	case schema.Contracts:
		v, pr := validate.ParseContract(h, r.Number, r.Cells, refs)
		if v.EffectiveFrom != nil {
			// a register with dates may give a contract's rows at each
			// date it changed (its history): one key per date
			return one(v, dupKey{a: strings.ToUpper(v.Ref), b: "from " + v.EffectiveFrom.Format("2006-01-02"), n: 2}, pr)
		}
		return one(v, dupKey{a: strings.ToUpper(v.Ref), n: 1}, pr)
	case schema.Commitments:
		v, pr := validate.ParseCommitment(h, r.Number, r.Cells, refs)
		return one(v, dupKey{a: v.ContractRef, b: v.MeasureCode, n: 2}, pr)
	case schema.Returns:
		if h.Wide {
			w := validate.ParseWideReturn(h, r.Number, r.Cells, refs)
			out := parsed{problems: w.RowProblems, cellProblems: w.CellProblems, blank: w.Blank}
			for j, v := range w.Returns {
				i := w.Index[j]
				out.recs = append(out.recs, record{row: r.Number, v: v, key: returnKey(v), column: h.Measures[i], cell: v.ValueCell, value: r.Cells[i]})
			}
			return out
		}
		v, pr := validate.ParseReturn(h, r.Number, r.Cells, refs)
		return one(v, returnKey(v), pr)
	case schema.ProxyValues:
		v, pr := validate.ParseProxyValue(h, r.Number, r.Cells, refs)
		return one(v, dupKey{a: v.MeasureCode, n: 1}, pr)
	case schema.Priorities:
		v, pr := validate.ParsePriority(h, r.Number, r.Cells)
		return one(v, dupKey{a: v.ICSCode, b: v.OutcomeCode, c: strings.ToLower(v.Mission), n: 3}, pr)
	case schema.HubLog:
		v, blank, pr := validate.ParseHubLog(h, r.Number, r.Cells, refs)
		if blank {
			return parsed{blank: true} // an item nobody acted on this month
		}
		return one(v, dupKey{a: v.Key, b: v.LogMonth.Format("2006-01"), n: 2}, pr)
	}
	return parsed{problems: []validate.Problem{{Reason: "unsupported table kind " + string(h.Kind)}}}
}

// markCells catches xlsx cells whose raw text misleads: a TRUE/FALSE cell
// reads "1"/"0" and would pass as a number, so it is given its words (which
// the number parser refuses and the yes/no parser accepts); a formula Excel
// never calculated reads as empty, which is reported for what it is. It
// returns the problems of the row's named columns and, apart, those of a
// wide row's measure cells (each refuses that cell only).
func markCells(f *tabular.File, sh *sheet, r *tabular.Row) (row, cells []validate.Problem) {
	if f.Format != "xlsx" {
		return nil, nil
	}
	check := func(i int, col string, out *[]validate.Problem) {
		text := ""
		if i < len(r.Cells) {
			text = strings.TrimSpace(r.Cells[i])
		}
		if r.Kind(i) == tabular.CellDate && (sh.header.Measures[i] != "" || slices.Contains(validate.NumberColumns[sh.header.Kind], col)) {
			// A date serial in a number column is the date it shows, which
			// the number parser refuses as such (not 46,295 hours).
			r.Cells[i] = tabular.DateText(r.Cells[i])
		}
		switch text {
		case "0", "1":
			if r.Kind(i) == tabular.CellBool {
				r.Cells[i] = "FALSE"
				if text == "1" {
					r.Cells[i] = "TRUE"
				}
			}
		case "":
			if r.Kind(i) == tabular.CellUncalculated {
				*out = append(*out, validate.Problem{Column: col, Cell: validate.CellName(i, r.Number),
					Reason: "a formula Excel has not calculated, so the cell has no value", Hint: "open the file in Excel and save it again"})
			}
		}
	}
	for col, i := range sh.header.Columns {
		check(i, col, &row)
	}
	for _, i := range sh.measureIndexes() {
		check(i, sh.header.Measures[i], &cells)
	}
	return row, cells
}

// withMarked puts what markCells found ahead of the parser's problems, in
// place of the parser's problem with the same cell ("the cell is empty").
func withMarked(marked, problems []validate.Problem) []validate.Problem {
	if len(marked) == 0 {
		return problems
	}
	cells := map[string]bool{}
	for _, m := range marked {
		cells[m.Column+m.Cell] = true
	}
	return append(slices.Clone(marked), slices.DeleteFunc(problems, func(p validate.Problem) bool { return cells[p.Column+p.Cell] })...)
}

// accept makes an accepted row visible to the rows after it, and reports
// what a register row changes about a contract already known.
func accept(refs *validate.Refs, rec record) ([]Change, bool) {
	switch v := rec.v.(type) {
	case validate.Org:
		refs.Trusts[strings.ToUpper(v.TrustCode)] = v.TrustCode
	case validate.Contract:
		k := strings.ToUpper(v.Ref)
		old, known := refs.Contracts[k]
		refs.Contracts[k] = validate.ContractInfo{Ref: v.Ref, Model: v.Model, Start: v.Start, End: v.End, SupplierName: v.SupplierName, TrustCode: v.TrustCode, ValueGBP: v.ValueGBP}
		if !known {
			return nil, false
		}
		var out []Change
		add := func(field, o, n string) {
			if o != n {
				out = append(out, Change{ContractRef: v.Ref, Field: field, Old: o, New: n})
			}
		}
		add("supplier_name", old.SupplierName, v.SupplierName)
		add("trust_code", old.TrustCode, v.TrustCode)
		add("value_gbp", money(old.ValueGBP), money(v.ValueGBP))
		add("start_date", old.Start.Format("2006-01-02"), v.Start.Format("2006-01-02"))
		add("end_date", old.End.Format("2006-01-02"), v.End.Format("2006-01-02"))
		return out, len(out) > 0
	}
	return nil, false
}

func money(v float64) string { return "£" + strconv.FormatFloat(v, 'f', -1, 64) }

func loadRefs(ctx context.Context, q queryer) (*validate.Refs, error) {
	refs := validate.NewRefs()
	rows, err := q.QueryContext(ctx, `select trust_code from organisations`)
	if err != nil {
		return nil, fmt.Errorf("ingest: read organisations: %w", err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		refs.Trusts[strings.ToUpper(c)] = c
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `select contract_ref, model, start_date, end_date, supplier_name, trust_code, value_gbp from contracts`)
	if err != nil {
		return nil, fmt.Errorf("ingest: read contracts: %w", err)
	}
	for rows.Next() {
		var ci validate.ContractInfo
		if err := rows.Scan(&ci.Ref, &ci.Model, &ci.Start, &ci.End, &ci.SupplierName, &ci.TrustCode, &ci.ValueGBP); err != nil {
			rows.Close()
			return nil, err
		}
		refs.Contracts[strings.ToUpper(ci.Ref)] = ci
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `select measure_code, model, measure_name, unit, aggregation from tx_measures`)
	if err != nil {
		return nil, fmt.Errorf("ingest: read measures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m validate.MeasureInfo
		if err := rows.Scan(&m.Code, &m.Model, &m.Name, &m.Unit, &m.Aggregation); err != nil {
			return nil, err
		}
		refs.AddMeasure(m)
	}
	return refs, rows.Err()
}

// percentColumns can hold percentages; an xlsx cell there with a percent
// number format stores 45% as 0.45, and svhub keeps percentages on a
// 0–100 scale.
var percentColumns = map[schema.Kind][]string{
	schema.Contracts:   {"sv_weighting_pct"},
	schema.Commitments: {"target"},
	schema.Returns:     {"value"},
}

func scalePercentCells(f *tabular.File, sh *sheet, r *tabular.Row) {
	if f.Format != "xlsx" {
		return
	}
	if sh.pctIdx == nil {
		sh.pctIdx = []int{}
		for _, col := range percentColumns[sh.header.Kind] {
			if i, ok := sh.header.Columns[col]; ok {
				sh.pctIdx = append(sh.pctIdx, i)
			}
		}
		sh.pctIdx = append(sh.pctIdx, sh.measureIndexes()...)
	}
	for _, i := range sh.pctIdx {
		if i >= len(r.Cells) || !r.Percent(i) {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(r.Cells[i]), 64)
		if err != nil {
			continue
		}
		// Kept with its % sign, so a count or hours measure refuses it as
		// a percentage (validate.ParseReturn) instead of loading 12 for 12%.
		r.Cells[i] = strconv.FormatFloat(math.Round(v*100*1e9)/1e9, 'f', -1, 64) + "%"
	}
}
