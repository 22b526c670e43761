package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/synth"
)

type genOptions struct {
	out         string
	format      string
	seed        int64
	contracts   int
	months      int
	commitments int
}

func newGenCmd(a *app) *cobra.Command {
	o := &genOptions{}
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Write a synthetic national data set (all 7 regions) as input files",
		Long: `gen writes a deterministic synthetic data set for all of England (7
regions, 42 ICSs, about 210 trusts) in the real input formats: the
organisations, the contract register with about --commitments commitments
per contract, and --months months of supplier returns, one file per region
and month (csv) or per ICS and month (xlsx). The files carry the same
messiness as real ones (encodings, delimiters, title rows, £ and %, dates in
several forms) and a small share of bad rows. It is for benchmarks and
scale tests: 44000 contracts and 12 months make about 6 million return rows.
The same options always give byte-identical files.`,
		Example: `  svhub gen --contracts 44000 --months 12 --out /tmp/england
  svhub gen --contracts 4400 --format xlsx --seed 3 --out /tmp/england-xlsx`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.contracts < 1 || o.months < 1 || o.months > 120 || o.commitments < 1 {
				return usageErr("--contracts and --commitments must be at least 1, --months between 1 and 120")
			}
			if o.format != "csv" && o.format != "xlsx" {
				return usageErr("--format %q: expected csv or xlsx", o.format)
			}
			if o.out == "" {
				return usageErr("gen: --out DIR is required")
			}
			return runGen(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "out", "o", "", "output folder (created; files gen writes are replaced)")
	f.StringVar(&o.format, "format", "csv", "file format of the register and returns: csv or xlsx")
	f.Int64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same files")
	f.IntVar(&o.contracts, "contracts", 44000, "number of contracts")
	f.IntVar(&o.months, "months", 12, "months of returns")
	f.IntVar(&o.commitments, "commitments", 12, "mean commitments per contract")
	return cmd
}

func runGen(ctx context.Context, a *app, o *genOptions) error {
	start := time.Now()
	r, err := synth.Generate(synth.Options{Seed: o.seed, Contracts: o.contracts, Months: o.months, National: true, Commitments: o.commitments})
	if err != nil {
		return err
	}
	paths, err := synth.WriteNational(ctx, o.out, r, o.format)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	var size int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			size += fi.Size()
		}
	}
	fmt.Fprintf(a.stdout, "svhub gen: %d files (%.1f MB) in %s\n", len(paths), float64(size)/1e6, shownpath.Slash(o.out))
	fmt.Fprintf(a.stdout, "  organisations   %d trusts\n", len(r.Orgs))
	fmt.Fprintf(a.stdout, "  contracts       %d\n", len(r.Contracts))
	fmt.Fprintf(a.stdout, "  commitments     %d\n", len(r.Commitments))
	fmt.Fprintf(a.stdout, "  return rows     %d good, %d planted bad\n", len(r.Returns), len(r.BadReturns))
	fmt.Fprintf(a.stdout, "  months          %s to %s; use --today %s\n", r.Calendar.FirstMonth.Format("2006-01"), r.Calendar.LastMonth.Format("2006-01"), r.Calendar.Today.Format("2006-01-02"))
	a.status("gen: took %v", time.Since(start).Round(time.Millisecond))
	return nil
}
