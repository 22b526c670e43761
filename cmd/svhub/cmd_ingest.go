package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

type ingestOptions struct {
	strict bool
	force  bool
	paths  []string
}

func newIngestCmd(a *app) *cobra.Command {
	o := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load contract registers and supplier returns from .xlsx and .csv files",
		Long: `ingest reads files and folders (folders are searched for .xlsx and .csv)
and loads organisations, contracts, commitments and returns, each sheet
recognised by its header row. Every rejected row is recorded with its file,
sheet, row, cell and reason (query the rejections view); the good rows of
a file still load. A file already ingested (same SHA-256) is skipped.`,
		Example: `  svhub ingest inbox/
  svhub ingest register.xlsx returns-2026-04.csv
  svhub ingest --strict inbox/      # a file with any bad row loads nothing; exit 1
  svhub ingest --force returns.csv  # re-read after correcting the register`,
		Args: minArgs(1, "a file or folder to ingest"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runIngest(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.strict, "strict", false, "a file with any rejected row loads nothing, and svhub exits 1")
	cmd.Flags().BoolVar(&o.force, "force", false, "re-read files that were ingested before")
	return cmd
}

func runIngest(ctx context.Context, a *app, o *ingestOptions) error {
	db, err := a.openWrite(ctx, a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	bar := a.bar(-1, "ingest")
	res, err := ingest.Run(ctx, db, o.paths, ingest.Options{Strict: o.strict, Force: o.force, Logger: a.logger, Now: a.now, Progress: bar.Add})
	bar.Done()
	cerr := db.Close()
	if err != nil {
		return err
	}
	if cerr != nil {
		return cerr
	}
	printIngest(a.stderr, res, a.quiet, "loaded")
	if o.strict && res.Rejected > 0 {
		return dataErr("%d rows rejected; with --strict the files that had them loaded nothing", res.Rejected)
	}
	return nil
}

// printIngest summarises an ingest for the person at the terminal.
func printIngest(w io.Writer, res *ingest.Result, quiet bool, verb string) {
	if quiet {
		return
	}
	for _, f := range res.Files {
		name := filepath.Base(f.Path)
		switch {
		case f.Skipped:
			fmt.Fprintf(w, "  %-40s skipped: already ingested (use --force to re-read)\n", name)
		case f.StrictFailed:
			fmt.Fprintf(w, "  %-40s NOT LOADED (--strict): %d rows rejected\n", name, f.Rejected)
		default:
			fmt.Fprintf(w, "  %-40s %6d rows %s, %d rejected\n", name, f.Loaded, verb, f.Rejected)
		}
	}
	const show = 20
	for i, r := range res.Rejections {
		if i == show {
			fmt.Fprintf(w, "  … and %d more: svhub query \"select * from rejections\"\n", len(res.Rejections)-show)
			break
		}
		fmt.Fprintf(w, "  rejected %s\n", describeRejection(r))
	}
	fmt.Fprintf(w, "%d rows %s, %d rows rejected\n", res.Loaded, verb, res.Rejected)
}

func describeRejection(r ingest.Rejection) string {
	where := filepath.Base(r.File)
	if r.Sheet != "" {
		where += fmt.Sprintf(" sheet %q", r.Sheet)
	}
	if r.Row > 0 {
		where += fmt.Sprintf(" row %d", r.Row)
	}
	if r.Column != "" {
		where += fmt.Sprintf(" column %s", r.Column)
		if r.Cell != "" {
			where += " (" + r.Cell + ")"
		}
	}
	return where + ": " + r.Reason
}

func newValidateCmd(a *app) *cobra.Command {
	o := &ingestOptions{}
	return &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check files without loading them; exit 1 on any problem",
		Long: `validate runs every check ingest would (headers, values, references to
trusts, contracts and measures already in the database) and loads nothing.
Without a database file it checks against the taxonomy alone.`,
		Example: `  svhub validate returns-2026-04.xlsx
  svhub validate inbox/ && svhub ingest inbox/`,
		Args: minArgs(1, "a file or folder to check"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runValidate(cmd.Context(), a, o)
		},
	}
}

func runValidate(ctx context.Context, a *app, o *ingestOptions) error {
	var db *store.DB
	var err error
	if _, statErr := os.Stat(a.dbPath); statErr == nil {
		db, err = a.openRead(ctx)
	} else {
		// No database yet: check against a scratch one holding the taxonomy.
		dir, derr := os.MkdirTemp("", "svhub-validate-")
		if derr != nil {
			return derr
		}
		defer os.RemoveAll(dir)
		db, err = store.Open(ctx, store.Options{Path: filepath.Join(dir, "scratch.duckdb"), Today: a.referenceDate()})
		if err == nil {
			err = transform.Prepare(ctx, db)
		}
	}
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := ingest.Run(ctx, db, o.paths, ingest.Options{DryRun: true, Logger: a.logger, Now: a.now})
	if err != nil {
		return err
	}
	printIngest(a.stderr, res, false, "would load")
	if res.Rejected > 0 || len(res.Rejections) > 0 {
		return dataErr("%d problems found", len(res.Rejections))
	}
	return nil
}
