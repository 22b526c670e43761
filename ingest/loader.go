package ingest

// This file holds the loader: accepted records written in batches on a
// goroutine of their own while the next rows are read and checked.

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/nhs-hubs/svhub/ingest/schema"
)

// flush hands the records held to the loader, which writes them while
// the next ones are read and checked.
func (p *pass) flush(kind schema.Kind) error {
	if p.w == nil || len(p.batch) == 0 {
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

// loadBatch is how many accepted records are held before they are written:
// enough to amortise an appender's set-up, few enough that memory stays
// flat however large the sheet.
const loadBatch = 8192

// loadError is a failure to write to the database while a sheet is read:
// it ends the run (rolled back), unlike a problem with the file.
type loadError struct{ err error }

func (e *loadError) Error() string { return e.err.Error() }

func (e *loadError) Unwrap() error { return e.err }
