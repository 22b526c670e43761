package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/html"
)

type demoOptions struct {
	out       string
	seed      int64
	contracts int
	months    int
}

func newDemoCmd(a *app) *cobra.Command {
	o := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a synthetic NHS region and run the whole pipeline on it",
		Long: `demo generates a deterministic synthetic region (ICSs, trusts, contracts,
commitments and a year of supplier returns, with realistic shortfalls,
missing returns, vague commitments and a few bad rows), writes it as real
.xlsx and .csv files under DIR/inbox/, ingests them into DIR/svhub.duckdb
through the same code as real files, and writes DIR/dashboard.html and
DIR/board-pack.xlsx. Its calendar is fixed by the seed, not today's date,
and every run rebuilds DIR/inbox and DIR/svhub.duckdb.`,
		Example: `  svhub demo
  svhub demo --out /tmp/demo --contracts 50 --months 6 --seed 7`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.contracts < 1 || o.months < 1 {
				return usageErr("--contracts and --months must be at least 1")
			}
			return runDemo(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "out", "o", "svhub-demo", "output folder")
	f.Int64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same region")
	f.IntVar(&o.contracts, "contracts", 200, "number of contracts")
	f.IntVar(&o.months, "months", 12, "months of returns")
	return cmd
}

func runDemo(ctx context.Context, a *app, o *demoOptions) error {
	if !html.HasECharts() {
		return html.ErrNoECharts
	}
	region, err := synth.Generate(synth.Options{Seed: o.seed, Contracts: o.contracts, Months: o.months})
	if err != nil {
		return err
	}
	inbox := filepath.Join(o.out, "inbox")
	dbPath := filepath.Join(o.out, "svhub.duckdb")
	// The demo owns these two paths: rebuilt on every run so reruns match.
	for _, p := range []string{inbox, dbPath, dbPath + ".wal"} {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("demo: clear %s: %w", p, err)
		}
	}
	files, err := synth.WriteInbox(ctx, inbox, region)
	if err != nil {
		return fmt.Errorf("demo: write inbox: %w", err)
	}
	a.status("demo: wrote %d input files to %s", len(files), shownpath.Slash(inbox))

	db, err := a.openWrite(ctx, dbPath, region.Calendar.Today)
	if err != nil {
		return err
	}
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	// Fixed ingest time, so the demo database says the same on every run.
	now := func() time.Time { return region.Calendar.Today }
	bar := a.bar(-1, "ingest")
	res, err := ingest.Run(ctx, db, []string{inbox}, ingest.Options{Logger: a.logger, Now: now, Today: region.Calendar.Today, Progress: bar.Add})
	bar.Done()
	if err == nil {
		err = rebuildAfterIngest(ctx, db, res, a.logger)
	}
	if err != nil {
		return err
	}
	params := dashboard.Params{Now: region.Calendar.Today, Source: "svhub demo (synthetic data, seed " + fmt.Sprint(o.seed) + ")"}
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), params)
	if err != nil {
		return err
	}
	htmlPath := filepath.Join(o.out, "dashboard.html")
	xlsxPath := filepath.Join(o.out, "board-pack.xlsx")
	if err := writeReport(ctx, "html", htmlPath, r, html.Options{}); err != nil {
		return err
	}
	if _, err := writeBoardPack(ctx, db, params, xlsxPath); err != nil {
		return err
	}
	var contracts int64
	if err := db.QueryRowContext(ctx, `select count(*) from contract_summary`).Scan(&contracts); err != nil {
		return fmt.Errorf("count contracts: %w", err)
	}
	err = db.Close()
	db = nil
	if err != nil {
		return err
	}

	k := r.Data["kpis"]
	get := func(col string) any { return k.Rows[0][k.Col(col)] }
	fmt.Fprintf(a.stdout, "svhub demo: %s, reporting month %s\n", r.Scope, r.AsOf.Format("January 2006"))
	fmt.Fprintf(a.stdout, "  contracts        %v live in %s (%d in the register)\n", get("contracts"), r.AsOf.Format("January 2006"), contracts)
	fmt.Fprintf(a.stdout, "  commitments      %v\n", get("commitments"))
	fmt.Fprintf(a.stdout, "  on track         %s of commitments that can be judged\n", format.Text(get("on_track_pct"), "pct"))
	fmt.Fprintf(a.stdout, "  overdue returns  %v\n", get("missing_returns"))
	read := 0
	for _, f := range res.Files {
		read += f.Read // a wide row that partly loads counts once, not as loaded and rejected
	}
	fmt.Fprintf(a.stdout, "  rejected rows    %d (of %d rows read)\n", res.Rejected, read)
	fmt.Fprintf(a.stdout, "  dashboard        %s (%s)\n", shownpath.Slash(htmlPath), sizeOf(htmlPath))
	fmt.Fprintf(a.stdout, "  board pack       %s (%s)\n", shownpath.Slash(xlsxPath), sizeOf(xlsxPath))
	fmt.Fprintf(a.stdout, "Explore: %s\n", exploreHint(dbPath))
	return nil
}

// exploreHint is a command to paste into this platform's shell, with the
// database's path quoted when the shell would split it ("My Documents").
func exploreHint(dbPath string) string {
	return shownpath.Command() + " --db " + shownpath.Quote(dbPath) + ` query "select rag, count(*) from commitment_status_latest group by 1"`
}
