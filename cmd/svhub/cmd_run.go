package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/termsafe"
	"github.com/nhs-hubs/svhub/pipeline"
	"github.com/nhs-hubs/svhub/report/suppliers"
)

type runOptions struct {
	inbox      string
	out        string
	asOf       string
	strict     bool
	force      bool
	period     periodFlags
	commentary string
	suppliers  []string
}

// runSteps, when set (by tests), replaces the batch's output steps, so a
// test can make one fail the way a full disk would.
var runSteps func([]pipeline.Step) []pipeline.Step

func newRunCmd(a *app) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run --inbox DIR --out DIR",
		Short: "The monthly batch in one command: ingest what is new, rebuild the month's outputs, log the run",
		Long: `run ingests the files in the inbox that were not loaded before, then writes
the month's outputs into OUT/YYYY-MM/: the dashboard, the board pack, a
feedback workbook for each file with rejected rows, the Parquet export of
the curated tables, a copy of the run log and inputs.json (what the outputs
were built from). With --period or --from/--to the folder names the period
too: OUT/YYYY-MM_fy2025/, OUT/YYYY-MM_2025-06_2026-03/.

A page and a workbook per supplier (suppliers/) are written for the
suppliers --suppliers picks. By default a regional hub's database (its
contracts in one region) gets them for every supplier, and a national
database (several regions) gets none: ask with --suppliers all, or name
the suppliers to write. Every output is written into a
temporary folder first and moved into place only when all of them
succeeded, so a failed step never replaces a good output.

Outputs are rebuilt only when something they depend on changed: a new
file, a changed setting, another reference date (--today) or svhub version,
or --force. Running it twice in a row loads nothing and rewrites nothing the
second time, and says so.

Each run writes its log as JSON lines to OUT/logs/run-<UTC time>.jsonl:
every file with its SHA-256, rows accepted and rejected, supersessions and
timing; every output with its path, size and SHA-256. A one-screen summary
goes to stderr.`,
		Example: `  svhub run --inbox inbox/ --out outputs/
  svhub run --inbox inbox/ --out outputs/ --as-of 2026-09 --strict
  svhub run --inbox inbox/ --out outputs/ --period fy2025          # into outputs/2026-09_fy2025/
  svhub run --inbox inbox/ --out outputs/ --suppliers "Acme Ltd" --suppliers "Bravo plc"
  svhub --db /srv/svhub/svhub.duckdb run --inbox /srv/svhub/inbox --out /srv/svhub/out --force`,
		Args: exactArgs(0, "no arguments (use --inbox and --out)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.inbox == "" || o.out == "" {
				return usageErr("run: --inbox and --out are both needed (see `svhub run --help`)")
			}
			return runBatch(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.inbox, "inbox", "", "folder of .xlsx and .csv files to ingest")
	f.StringVarP(&o.out, "out", "o", "", "output folder; the month's outputs go to OUT/YYYY-MM/")
	f.StringVar(&o.asOf, "as-of", "", "reporting month, YYYY-MM (default: the latest month with returns)")
	f.BoolVar(&o.strict, "strict", false, "a file with any rejected row loads nothing, and svhub exits 1")
	f.BoolVar(&o.force, "force", false, "rebuild the month's outputs even if nothing changed")
	f.StringVar(&o.period.period, "period", "", periodHelp)
	f.StringVar(&o.period.from, "from", "", "first month of the period to total, YYYY-MM (with --to)")
	f.StringVar(&o.period.to, "to", "", "last month of the period to total, YYYY-MM")
	f.StringVar(&o.commentary, "commentary", "", "a UTF-8 text file whose words go in the board pack Summary's commentary box (a changed file needs --force)")
	f.StringArrayVar(&o.suppliers, "suppliers", nil, suppliersHelp+" (default: all for a regional hub's database, none for a national one)")
	return cmd
}

func runBatch(ctx context.Context, a *app, o *runOptions) error {
	bo, err := o.pipelineOptions()
	if err != nil {
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
	bo.Database, bo.Version, bo.Now, bo.Logger, bo.User = d, svhubVersion(), a.now, a.logger, osUser()
	if runSteps != nil {
		bo.Steps = runSteps(pipeline.DefaultSteps())
	}
	res, err := pipeline.Run(ctx, db, bo)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if res != nil && !a.quiet {
		printRun(a.stderr, res, o, err)
	}
	if err != nil {
		return usageIfBadParams(err)
	}
	if o.strict {
		return strictVerdict(res)
	}
	return nil
}

// pipelineOptions reads the run's flags: the month, the period, the
// commentary file.
func (o *runOptions) pipelineOptions() (pipeline.Options, error) {
	asOf, err := parseMonth(o.asOf)
	if err != nil {
		return pipeline.Options{}, err
	}
	from, to, err := o.period.parse()
	if err != nil {
		return pipeline.Options{}, err
	}
	commentary, err := readCommentary(o.commentary)
	if err != nil {
		return pipeline.Options{}, err
	}
	sup, err := suppliers.ParseChoice(o.suppliers)
	if err != nil {
		return pipeline.Options{}, usageErr("%v", err)
	}
	return pipeline.Options{Inbox: o.inbox, Out: o.out, AsOf: asOf, From: from, To: to, Commentary: commentary, Strict: o.strict, Force: o.force, Suppliers: sup}, nil
}

// strictVerdict is --strict's exit: 1 for any rejected row, unread file or
// conflict between two new files.
func strictVerdict(res *pipeline.Result) error {
	switch {
	case res.Rejected > 0:
		return dataErr("%d rows rejected; with --strict the files that had them loaded nothing", res.Rejected)
	case res.NotRead > 0:
		return dataErr("%d files could not be read", res.NotRead)
	case len(res.Conflicts) > 0:
		return dataErr("%s: conflict, check which file is right", plural(len(res.Conflicts), "return two new files disagree on", "returns two new files disagree on"))
	}
	return nil
}

// summaryLines is how many lines of a list the summary prints: one screen, the
// rest are in the run log.
const summaryLines = 15

// printRun is the one-screen summary of a batch run: one line, or one
// short list, per thing the analyst must know.
func printRun(w io.Writer, r *pipeline.Result, o *runOptions, err error) {
	month := "?"
	if !r.AsOf.IsZero() {
		month = r.AsOf.Format("January 2006")
	}
	fmt.Fprintf(w, "svhub run: reporting month %s\n", month)
	fmt.Fprintf(w, "  inbox     %s: %d files, %d new, %d already loaded\n", shownpath.Slash(o.inbox), len(r.Files), r.New, r.Skipped)
	printNewFiles(w, r)
	printConflicts(w, r.Conflicts)
	if r.New > 0 {
		fmt.Fprintf(w, "  loaded    %d rows, %d rejected, %d earlier returns superseded", r.Loaded, r.Rejected, r.Supersessions)
		if len(r.Conflicts) > 0 {
			fmt.Fprintf(w, ", %s", plural(len(r.Conflicts), "conflict"))
		}
		fmt.Fprintln(w)
	}
	printGone(w, r.Gone)
	if r.NotRead > 0 {
		fmt.Fprintf(w, "  not read  %s: see the run log or `svhub validate` for what to do\n", plural(r.NotRead, "file"))
	}
	if r.Rejected > 0 {
		fmt.Fprintf(w, "  rejected  see them with: svhub query \"select * from rejections\"\n")
	}
	printOutputs(w, r, err)
	if r.LogPath != "" {
		fmt.Fprintf(w, "  log       %s\n", r.LogPath)
	}
	fmt.Fprintf(w, "  took      %s\n", r.Elapsed.Round(100*time.Millisecond))
}

// printNewFiles lists the files this run read, one line each.
func printNewFiles(w io.Writer, r *pipeline.Result) {
	shown := 0
	for _, f := range r.Files {
		if f.Status == "skipped" {
			continue
		}
		if shown++; shown > summaryLines {
			fmt.Fprintf(w, "    … and %d more new files (see the run log)\n", r.New-summaryLines)
			return
		}
		fmt.Fprintln(w, newFileLine(f))
	}
}

func newFileLine(f pipeline.FileLog) string {
	name := filepath.Base(f.Path)
	switch f.Status {
	case "strict_failed":
		return fmt.Sprintf("    %-38s NOT LOADED (--strict): %d rows rejected", name, f.RowsRejected)
	case "not_read":
		return fmt.Sprintf("    %-38s NOT READ: %s", name, termsafe.Text(f.Problem))
	}
	line := fmt.Sprintf("    %-38s %6d rows loaded, %d rejected", name, f.RowsAccepted, f.RowsRejected)
	if f.Supersessions > 0 {
		line += fmt.Sprintf(", %d earlier returns superseded", f.Supersessions)
	}
	if f.Conflicts > 0 {
		line += fmt.Sprintf(", %s", plural(f.Conflicts, "conflict"))
	}
	return line
}

// printConflicts lists the returns two new files gave different values.
func printConflicts(w io.Writer, conflicts []ingest.Supersession) {
	if len(conflicts) == 0 {
		return
	}
	fmt.Fprintf(w, "  conflict  %s given different values by two new files: conflict, check (the file modified later is used until a correction says otherwise)\n", plural(len(conflicts), "return"))
	for i, c := range conflicts {
		if i == summaryLines {
			fmt.Fprintf(w, "    … and %d more (see the run log)\n", len(conflicts)-summaryLines)
			break
		}
		fmt.Fprintf(w, "    %s\n", termsafe.Text(conflictLine(c)))
	}
}

// printGone lists the files loaded before that have left the inbox.
func printGone(w io.Writer, gone []pipeline.GoneFile) {
	if len(gone) == 0 {
		return
	}
	fmt.Fprintf(w, "  left      %s loaded before no longer in the inbox; their rows still count until withdrawn (svhub withdraw FILE --reason TEXT):\n",
		plural(len(gone), "file", "files"))
	for i, g := range gone {
		if i == summaryLines {
			fmt.Fprintf(w, "    … and %d more (see the run log)\n", len(gone)-summaryLines)
			break
		}
		fmt.Fprintf(w, "    %-38s %6d rows loaded (%s)\n", termsafe.Text(filepath.Base(g.Path)), g.Rows, g.SHA256[:12])
	}
}

// printOutputs says what became of the month's outputs.
func printOutputs(w io.Writer, r *pipeline.Result, err error) {
	switch {
	case err != nil && r.MonthDir != "":
		fmt.Fprintf(w, "  outputs   NOT updated: %s left as it was\n", r.MonthDir)
	case r.Rebuilt:
		var total int64
		for _, out := range r.Outputs {
			total += out.Bytes
		}
		fmt.Fprintf(w, "  outputs   rebuilt (%s): %d files, %s in %s\n", r.Reason, len(r.Outputs), humanBytes(total), r.MonthDir)
		fmt.Fprintf(w, "            %s\n", strings.Join(outputNames(r), ", "))
		fmt.Fprintf(w, "  suppliers %s (%s)\n", r.Suppliers, r.SuppliersWhy)
		if r.Leftover != "" {
			fmt.Fprintf(w, "  note      %s\n", r.Leftover)
		}
	case r.MonthDir != "":
		fmt.Fprintf(w, "  outputs   unchanged (%s): %s left exactly as it was\n", r.Reason, r.MonthDir)
	}
}

// outputNames names the outputs inside the month folder, a folder once
// ("suppliers/") for all the files in it.
func outputNames(r *pipeline.Result) []string {
	var names []string
	for _, out := range r.Outputs {
		rel := strings.TrimPrefix(out.Path, filepath.Base(r.MonthDir)+"/")
		if top, _, nested := strings.Cut(rel, "/"); nested {
			rel = top + "/"
		}
		if len(names) == 0 || names[len(names)-1] != rel {
			names = append(names, rel)
		}
	}
	return names
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
