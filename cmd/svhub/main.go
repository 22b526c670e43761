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
	"syscall"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, time.Now)
	stop()
	os.Exit(code)
}

// run executes one svhub command line and returns its exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) int {
	a := &app{stdout: stdout, stderr: stderr, now: now}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	return report(ctx, stderr, store.ExplainQuery(a.dbPath, err))
}
