package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/safename"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/report/template"
)

type templateOptions struct {
	contract   string
	all        bool
	out        string
	maxPeriods int
	hubLog     bool
}

func newTemplateCmd(a *app) *cobra.Command {
	o := &templateOptions{}
	cmd := &cobra.Command{
		Use:   "template --contract REF | --all --out DIR",
		Short: "Write Excel return templates for suppliers to fill in",
		Long: `template writes one Excel workbook per contract for its supplier to fill in
and send back: Instructions, the contract's Commitments, and a Return sheet
with one row per committed measure for each period that is due (by each
commitment's frequency) and has no return yet, or else the next period.
Only the Value, Evidence and Notes cells can be edited; values are checked
as they are typed (0 or more; percentages 0 to 100). A returned template
loads with svhub ingest as it is, with no mapping.
File names come from the contract reference and supplier name, made safe.`,
		Example: `  svhub template --contract NEY-2026-0012 --out templates/
  svhub template --all --out templates/ --today 2026-11-01
  svhub template --hub-log --out hub/          # the hub's own log of this month's open items`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.out == "" {
				return usageErr("--out: give the folder to write the templates into")
			}
			if o.hubLog {
				if o.all || o.contract != "" {
					return usageErr("--hub-log writes the hub's own log: give it without --contract or --all")
				}
				return runHubLogTemplate(cmd.Context(), a, o.out)
			}
			if o.all == (o.contract != "") {
				return usageErr("give either --contract REF or --all (or --hub-log)")
			}
			return runTemplate(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.contract, "contract", "", "the contract to write a template for")
	f.BoolVar(&o.all, "all", false, "write a template for every contract in the register")
	f.StringVarP(&o.out, "out", "o", "", "output folder (created if missing)")
	f.IntVar(&o.maxPeriods, "max-periods", 6, "at most this many outstanding periods per commitment")
	f.BoolVar(&o.hubLog, "hub-log", false, "write the hub log instead: this month's open items (chases, off-track commitments, flags, evidence to check) for the hub to record what it did")
	return cmd
}

func runTemplate(ctx context.Context, a *app, o *templateOptions) error {
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ks, opts, err := template.Load(ctx, db, o.contract)
	if errors.Is(err, template.ErrNoContract) {
		return &exitError{exitUsage, err}
	}
	if err != nil {
		return err
	}
	opts.MaxPeriods = o.maxPeriods
	opts.Generated = a.now().UTC()
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	var names safename.Set
	rows := 0
	for _, k := range ks {
		path, err := safename.Join(o.out, "return "+names.Name(k.Ref+" "+k.Supplier)+".xlsx")
		if err != nil {
			return fmt.Errorf("template for %s: %w", k.Ref, err)
		}
		n, err := template.Write(ctx, path, k, opts)
		if err != nil {
			return err
		}
		rows += n
		fmt.Fprintln(a.stdout, path)
	}
	a.status("wrote %d return template(s) to %s (%d rows to fill in)", len(ks), shownpath.Slash(o.out), rows)
	return nil
}
