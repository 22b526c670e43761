package ingest

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nhs-hubs/svhub/ingest/tabular"
)

// readWorkers is how many files are opened, classified and read at once
// (a variable so that a test can compare with one at a time).
var readWorkers = func() int { return runtime.GOMAXPROCS(0) }

// opened is one input as a worker left it: opened, hashed and classified,
// with what classifying would have logged, for Run to take in load order.
type opened struct {
	res         *FileResult
	src         *source // nil when the file could not be opened (err)
	err         error   // from opening: a file problem, or a failure of the run
	rej         []Rejection
	logs        []logEntry
	classifyErr error
}

type logEntry struct {
	msg  string
	args []any
}

// openAhead opens, hashes and classifies the inputs on up to readWorkers
// workers, taking them in load order. next(i) waits for input i; Run
// calls it for 0, 1, 2… in turn. What one file does never depends on
// another here: which files are the same as an earlier one, and what is
// recorded, is decided by Run as it takes them in order. A file already
// ingested is opened and hashed but not classified (it is not read), as
// one at a time. stop cancels the workers, waits for them, and closes
// every file Run has not taken; it is safe to call more than once.
func openAhead(ctx context.Context, inputs []Input, ingested map[string]bool, isMeasure func(string) bool, o Options) (next func(int) opened, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	slots := make([]chan opened, len(inputs))
	for i := range slots {
		slots[i] = make(chan opened, 1)
	}
	var (
		wg   sync.WaitGroup
		todo atomic.Int64
	)
	workers := min(max(readWorkers(), 1), len(inputs))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(todo.Add(1)) - 1
				if i >= len(inputs) {
					return
				}
				slots[i] <- openOne(ctx, inputs[i], ingested, isMeasure, o)
			}
		}()
	}
	taken := 0
	next = func(i int) opened {
		taken = i + 1
		return <-slots[i]
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			wg.Wait()
			for _, ch := range slots[taken:] {
				// Every slot was filled: a worker takes each input, and
				// after cancel it still fills it (with ctx's error).
				if op := <-ch; op.src != nil {
					op.src.f.Close()
				}
			}
		})
	}
	return next, stop
}

// openOne opens and classifies one input. It touches nothing shared but
// what it only reads (the measures, the set of files ingested before).
func openOne(ctx context.Context, in Input, ingested map[string]bool, isMeasure func(string) bool, o Options) opened {
	op := opened{res: &FileResult{Path: in.Path, ModTime: in.ModTime}}
	if in.Problem != "" {
		return op
	}
	if err := ctx.Err(); err != nil {
		op.err = err
		return op
	}
	f, err := tabular.OpenLimited(in.Path, o.Limits)
	if err != nil {
		op.err = err
		if _, ok := asFileProblem(err); ok {
			op.res.SHA256 = hashOrEmpty(in.Path)
		}
		return op
	}
	op.res.SHA256 = f.SHA256
	op.src = &source{f: f, res: op.res}
	if ingested[f.SHA256] {
		return op
	}
	began := time.Now()
	note := func(msg string, args ...any) { op.logs = append(op.logs, logEntry{msg, args}) }
	op.rej, op.classifyErr = op.src.classify(ctx, isMeasure, note)
	op.res.Elapsed += time.Since(began)
	return op
}
