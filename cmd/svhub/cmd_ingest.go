package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/ingest/feedback"
	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/pipeline"
)

type ingestOptions struct {
	strict   bool
	force    bool
	full     bool // rebuild every report table whole (not only what the load touched)
	aliases  string
	format   string
	feedback string
	paths    []string
}

func newIngestCmd(a *app) *cobra.Command {
	o := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load contract registers and supplier returns from .xlsx and .csv files",
		Long: `ingest reads files and folders (folders are searched for .xlsx, .xlsm,
.csv, .tsv and .txt) and loads organisations, contracts, commitments and
returns, each sheet recognised by its header row. Files load in order of
last modification, then name, so a correction sent later wins.

Every rejected row is recorded with its file, sheet, row, cell, reason and
what to do (query the rejections view); the good rows of a file still load.
A file that cannot be read at all (a workbook saved as .xls, a CSV renamed
.xlsx, a password-protected workbook, an empty file) is rejected as a whole
and the other files load. A file already ingested (same SHA-256), or read
earlier in the same run under another name, is skipped.

The summary (stderr) lists each file, every correction that replaced an
earlier value (also the supersessions view) and every contract whose
supplier, trust or value a register changed.`,
		Example: `  svhub ingest inbox/
  svhub ingest register.xlsx returns-2026-04.csv
  svhub ingest --strict inbox/      # a file with any bad row loads nothing; exit 1
  svhub ingest --force returns.csv  # re-read after correcting the register
  svhub ingest --full returns.csv   # rebuild every report table whole afterwards
  svhub ingest --aliases our-headers.csv inbox/`,
		Args: minArgs(1, "a file or folder to ingest"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runIngest(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.strict, "strict", false, "a file with any rejected row loads nothing, and svhub exits 1 on any problem")
	cmd.Flags().BoolVar(&o.force, "force", false, "re-read files that were ingested before")
	cmd.Flags().BoolVar(&o.full, "full", false, "rebuild every report table from the whole database, not only the rows of the contracts the load touched (as svhub rebuild)")
	addAliasesFlag(cmd, o)
	return cmd
}

func addAliasesFlag(cmd *cobra.Command, o *ingestOptions) {
	cmd.Flags().StringVar(&o.aliases, "aliases", os.Getenv("SVHUB_ALIASES"),
		"CSV of extra header names (kind,column,alias) added to the built-in table (env SVHUB_ALIASES)")
}

func loadAliases(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return usageErr("--aliases: %v", err)
	}
	defer f.Close()
	if err := schema.AddAliases(f); err != nil {
		return usageErr("--aliases %s: %v", path, err)
	}
	return nil
}

func runIngest(ctx context.Context, a *app, o *ingestOptions) error {
	if err := loadAliases(o.aliases); err != nil {
		return err
	}
	d, err := a.database(a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	db, err := pipeline.OpenWrite(ctx, d)
	if err != nil {
		return err
	}
	bar := a.bar(-1, "ingest")
	load := pipeline.Ingest
	if o.full {
		load = pipeline.IngestFull
	}
	res, err := load(ctx, db, d, o.paths, ingest.Options{Strict: o.strict, Force: o.force, Logger: a.logger, Now: a.now, Progress: bar.Add, User: osUser()})
	bar.Done()
	cerr := db.Close()
	if err != nil {
		if res != nil && !a.quiet {
			writeSummary(a.stderr, res, false) // the files are loaded; the marts' rebuild failed
		}
		return err
	}
	if cerr != nil {
		return cerr
	}
	if !a.quiet {
		writeSummary(a.stderr, res, false)
	}
	if o.strict && res.Problems() > res.Conflicts() {
		return dataErr("%s; with --strict the files that had them loaded nothing", problemCount(res))
	}
	if o.strict && res.Conflicts() > 0 {
		// Both files are sound: they load (the later by modification time
		// is used) and --strict says someone must check.
		return dataErr("%s", problemCount(res))
	}
	return nil
}

func newValidateCmd(a *app) *cobra.Command {
	o := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check files without loading them; exit 1 on any problem",
		Long: `validate runs every check ingest would (headers, values, references to
trusts, contracts and measures already in the database) and loads nothing.
Without a database file it checks against the taxonomy alone.

Its findings are its result, printed to stdout: for each file the rows
read, accepted and rejected, notes (sheets not read, and why) and the main
reasons for rejection with their first rows and what to do. It exits 1 if
any row or file has a problem (an empty folder, an empty or header-only
file included).`,
		Example: `  svhub validate returns-2026-04.xlsx
  svhub validate inbox/ && svhub ingest inbox/
  svhub validate --format json inbox/ > findings.json
  svhub validate --feedback feedback/ inbox/   # one workbook per file to send back`,
		Args: minArgs(1, "a file or folder to check"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runValidate(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&o.feedback, "feedback", "", "write one workbook per file with problems into `DIR`, listing its rejected rows for the supplier")
	addAliasesFlag(cmd, o)
	return cmd
}

func runValidate(ctx context.Context, a *app, o *ingestOptions) error {
	if o.format != "text" && o.format != "json" {
		return usageErr("--format %q: expected text or json", o.format)
	}
	if err := loadAliases(o.aliases); err != nil {
		return err
	}
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
		db, err = pipeline.OpenScratch(ctx, dir, a.referenceDate())
	}
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := a.database(a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	res, err := pipeline.Ingest(ctx, db, d, o.paths, ingest.Options{DryRun: true, Logger: a.logger, Now: a.now})
	if err != nil {
		return err
	}
	if o.format == "json" {
		if err := writeFindingsJSON(a.stdout, res); err != nil {
			return err
		}
	} else {
		writeSummary(a.stdout, res, true)
	}
	if o.feedback != "" {
		written, err := feedback.Write(o.feedback, res)
		if err != nil {
			return err
		}
		for _, p := range written {
			a.status("wrote %s", p)
		}
	}
	if res.Problems() > 0 {
		return dataErr("%s", problemCount(res))
	}
	return nil
}

func problemCount(res *ingest.Result) string {
	s := fmt.Sprintf("%s rejected, %s refused", plural(res.Rejected, "row"), plural(res.FileProblems+res.RefusedSheets, "file or sheet", "files or sheets"))
	if n := res.Conflicts(); n > 0 {
		s += fmt.Sprintf(", %s (conflict, check)", plural(n, "return two files disagree on", "returns two files disagree on"))
	}
	return s
}

func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %ss", n, one)
}
