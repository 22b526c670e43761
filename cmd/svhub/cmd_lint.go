package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/lint"
)

type lintOptions struct {
	contract string
	strict   bool
	format   string
}

func newLintCmd(a *app) *cobra.Command {
	o := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "List commitment-quality flags per contract, worst first, with what to ask the supplier",
		Long: `lint prints every flag raised on each contract (vague or zero targets,
generic or missing delivery plans, measures outside the taxonomy, no return
since the contract started, social-value weighting below the NHS minimum, no
Carbon Reduction Plan, no commitment under the climate theme, and returns for
measures the contract never committed to), the most serious contracts first.
Each finding says why it matters and what the hub should ask the supplier for.

With --strict, lint exits 1 when any flag is raised (for a scheduled check).`,
		Example: `  svhub lint
  svhub lint --contract NEY-2025-0042
  svhub lint --strict --format json > findings.json`,
		Args: exactArgs(0, "no arguments (use --contract REF for one contract)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch o.format {
			case "text", "json":
			default:
				return usageErr("--format %q: expected text or json", o.format)
			}
			return runLint(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.contract, "contract", "", "only this contract reference")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 when any flag is raised")
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runLint(ctx context.Context, a *app, o *lintOptions) error {
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if o.contract != "" {
		var n int
		if err := db.QueryRowContext(ctx, `select count(*) from stg_contracts where upper(contract_ref) = upper(?)`, o.contract).Scan(&n); err != nil {
			return fmt.Errorf("lint: %w", err)
		}
		if n == 0 {
			return usageErr("--contract %q: no such contract in the register (see `svhub query \"select contract_ref from stg_contracts\"`)", o.contract)
		}
	}
	cs, err := lint.Run(ctx, db, lint.Options{Contract: o.contract})
	if err != nil {
		return err
	}
	if o.format == "json" {
		err = lint.WriteJSON(a.stdout, cs)
	} else {
		err = lint.WriteText(a.stdout, cs)
	}
	if err != nil {
		return err
	}
	n := lint.Count(cs)
	a.status("%d finding(s) on %d contract(s)", n, len(cs))
	if o.strict && n > 0 {
		return dataErr("lint --strict: %d finding(s) on %d contract(s)", n, len(cs))
	}
	return nil
}
