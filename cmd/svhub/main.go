// Command svhub turns NHS suppliers' social-value returns into delivery
// dashboards and board packs. This package is wiring only: one file per
// command, each an options struct and a run function; the work happens in
// ingest, transform and report.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
)

func main() {
	// SVHUB_CPUPROFILE=FILE writes a Go CPU profile of the run, for
	// BENCHMARKS.md's "what limits it" (go tool pprof -top bin/svhub FILE).
	if path := os.Getenv("SVHUB_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer func() { pprof.StopCPUProfile(); f.Close() }()
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	a := &app{stdout: os.Stdout, stderr: os.Stderr, now: clock(os.Getenv("SOURCE_DATE_EPOCH")), ownsProcess: true}
	code := runApp(ctx, a, os.Args[1:])
	stop()
	// SVHUB_MEMPROFILE=FILE writes the Go heap profile at the end (what was
	// allocated, and what is still held: go tool pprof -sample_index=alloc_space).
	// DuckDB's memory is not in it: its buffer pool is under memory_limit.
	if path := os.Getenv("SVHUB_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	if code != 0 {
		pprof.StopCPUProfile()
		os.Exit(code)
	}
}

// clock is the time svhub stamps on what it writes ("Generated", ingest
// times, run logs): the real clock, or the fixed instant SOURCE_DATE_EPOCH
// gives in seconds since 1970 (the reproducible-builds convention), so that
// two builds' outputs can be compared byte for byte (make test-windows).
func clock(epoch string) func() time.Time {
	if epoch == "" {
		return time.Now
	}
	n, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil || n < 0 {
		return time.Now
	}
	t := time.Unix(n, 0).UTC()
	return func() time.Time { return t }
}

// run executes one svhub command line with its own streams and clock, the
// default logger left alone (the tests' way in), and returns its exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) int {
	return runApp(ctx, &app{stdout: stdout, stderr: stderr, now: now}, args)
}

func runApp(ctx context.Context, a *app, args []string) int {
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	err := root.ExecuteContext(ctx)
	return report(ctx, a.stderr, store.ExplainQuery(a.dbPath, err))
}
