package ingest

// This file holds the read-ahead of returns sheets: their rows read and
// parsed in goroutines, handed over in order to the one that checks and
// loads them.

import (
	"context"

	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
)

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
