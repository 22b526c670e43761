package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/config"
	"github.com/nhs-hubs/svhub/internal/progress"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/pipeline"
)

// app holds what every command shares: streams, global flags, the clock.
type app struct {
	stdout, stderr io.Writer
	now            func() time.Time
	dbPath         string
	quiet          bool
	verbose        bool
	today          string
	// usedToday is the reference date a read-only command opened the
	// database with, and usedTodayFrom where it came from (openRead).
	usedToday     time.Time
	usedTodayFrom string
	reference     time.Time // referenceDate, once read
	sets          []string  // --set KEY=VALUE, the highest-precedence settings
	getenv        func(string) string
	logger        *slog.Logger
	// ownsProcess: this command is the process (main), so it may set the
	// default logger to its own.
	ownsProcess bool
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "svhub",
		Short: "Track suppliers' social-value delivery against their contract commitments",
		Long: `svhub reads the contract register and suppliers' social-value returns
(.xlsx and .csv) into one DuckDB file, computes delivery against each
commitment (pro-rata to date, RAG status, missing returns, quality flags) and
writes self-contained HTML dashboards and Excel board packs.

The database is ./svhub.duckdb unless --db or SVHUB_DB says otherwise.

` + exitCodesHelp,
		Example:       helpText("svhub-examples"),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			level := slog.LevelWarn
			if a.verbose {
				level = slog.LevelInfo
			}
			a.logger = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
			// The ingest and the pipeline log through a.logger, handed
			// down; transform and report log through the default logger
			// (mart and report query timings), which only the process
			// (main) may set: tests run commands side by side, each with
			// its own streams.
			if a.ownsProcess {
				slog.SetDefault(a.logger)
			}
			if a.dbPath == "" {
				a.dbPath = "svhub.duckdb"
			}
			if a.today != "" {
				if _, err := time.Parse("2006-01-02", a.today); err != nil {
					return usageErr("--today %q: expected a date as YYYY-MM-DD", a.today)
				}
			}
			return nil
		},
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	root.Version = svhubVersion()
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v (see `%s --help`)", err, c.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", os.Getenv("SVHUB_DB"), "database file (env SVHUB_DB; default ./svhub.duckdb)")
	pf.BoolVarP(&a.quiet, "quiet", "q", false, "no progress bars or status messages")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "log each step to stderr")
	pf.StringVar(&a.today, "today", os.Getenv("SVHUB_TODAY"), "reference date for overdue returns, YYYY-MM-DD (env SVHUB_TODAY; default: today)")
	pf.StringArrayVar(&a.sets, "set", nil, "override a setting for this run, KEY=VALUE (repeatable; see `svhub config`)")

	root.AddCommand(newInitCmd(a), newIngestCmd(a), newValidateCmd(a), newQueryCmd(a), newReportCmd(a), newExportCmd(a), newRunCmd(a), newWithdrawCmd(a), newTemplateCmd(a), newDemoCmd(a), newGenCmd(a))
	root.AddCommand(newConfigCmd(a), newLintCmd(a), newTaxonomyCmd(a), newRulesCmd(a), newRebuildCmd(a))
	return root
}

// referenceDate is the command's one reference date ("today" for overdue
// checks): --today, SVHUB_TODAY, or the clock, read once and kept, so every
// step of the command judges by the same day.
func (a *app) referenceDate() time.Time {
	if a.reference.IsZero() {
		if t, err := time.Parse("2006-01-02", a.today); err == nil {
			a.reference = t
		} else {
			n := a.now()
			a.reference = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	return a.reference
}

// config loads the effective settings for the database at dbPath: --set
// flags, SVHUB_* environment, svhub.toml beside the database, defaults.
func (a *app) config(dbPath string) (*config.Config, error) {
	getenv := a.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	c, err := config.Load(config.PathFor(dbPath, getenv), getenv, a.sets)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return c, nil
}

// database is the database at path as the pipeline opens it: this
// command's reference date and the settings configured for it.
func (a *app) database(path string, today time.Time) (pipeline.Database, error) {
	cfg, err := a.config(path)
	if err != nil {
		return pipeline.Database{}, err
	}
	return pipeline.Database{Path: path, Today: today, Config: cfg}, nil
}

// openWrite opens the database for writing and brings it up to date.
func (a *app) openWrite(ctx context.Context, path string, today time.Time) (*store.DB, error) {
	d, err := a.database(path, today)
	if err != nil {
		return nil, err
	}
	return pipeline.OpenWrite(ctx, d)
}

// writing opens the database for writing, runs f on it and closes it. A
// write is done only once the close (DuckDB's checkpoint) succeeded, so the
// close's error counts as f's when f had none.
func (a *app) writing(ctx context.Context, f func(*store.DB) error) error {
	db, err := a.openWrite(ctx, a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	err = f(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// openRead opens the database read-only for a report or query (see
// pipeline.OpenRead) and notes the reference date it used.
func (a *app) openRead(ctx context.Context) (*store.DB, error) {
	d, err := a.database(a.dbPath, a.referenceDate())
	if err != nil {
		return nil, err
	}
	db, ref, err := pipeline.OpenRead(ctx, d, a.today != "", a.logger)
	if err != nil {
		return nil, err
	}
	a.usedToday, a.usedTodayFrom = ref.Date, ref.From
	return db, nil
}

// status prints a message for the person at the terminal (stderr).
func (a *app) status(format string, args ...any) {
	if !a.quiet {
		fmt.Fprintf(a.stderr, format+"\n", args...)
	}
}

func (a *app) bar(total int64, desc string) *progress.Bar {
	return progress.New(a.stderr, progress.Enabled(a.stderr, a.quiet), total, desc)
}

// exactArgs and minArgs report argument problems as usage errors (exit 2).
func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageErr("%s: missing %s (see `%s --help`)", cmd.CommandPath(), what, cmd.CommandPath())
		}
		return nil
	}
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErr("%s: expected %s (see `%s --help`)", cmd.CommandPath(), what, cmd.CommandPath())
		}
		return nil
	}
}
