package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nhs-hubs/svhub/internal/store"
)

// Exit codes, listed in the root help.
const (
	exitOK          = 0
	exitDataProblem = 1   // data problems found where the command was asked to fail on them
	exitUsage       = 2   // wrong flags or arguments
	exitFailure     = 3   // I/O, database (including a database held by another process)
	exitInterrupted = 130 // Ctrl-C
)

const exitCodesHelp = `Exit codes:
  0    success
  1    data problems found where the command was asked to fail on them (validate, ingest --strict)
  2    usage error (unknown flag, missing argument)
  3    failure: I/O or database (including a database in use by another process)
  130  interrupted`

// exitError carries an exit code with the error to print.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, args...)}
}

func dataErr(format string, args ...any) error {
	return &exitError{exitDataProblem, fmt.Errorf(format, args...)}
}

// report prints err once, with the "svhub:" prefix, and picks the exit code:
// the one place that maps errors to codes.
func report(ctx context.Context, stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "svhub: interrupted; nothing partial was kept")
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "svhub: %v\n", err)
	var ee *exitError
	switch {
	case strings.HasPrefix(err.Error(), "unknown command "):
		// cobra's own error for `svhub nope`: a usage error, as the help says.
		return exitUsage
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, store.ErrLocked), errors.Is(err, store.ErrSchemaOld), errors.Is(err, store.ErrNotFound):
		return exitFailure
	}
	return exitFailure
}
