package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/pipeline"
	"github.com/nhs-hubs/svhub/transform"
)

type rulesOptions struct {
	format string
}

func newRulesCmd(a *app) *cobra.Command {
	o := &rulesOptions{}
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the dated NHS and PPN rules the quality flags apply, with their sources",
		Long: `rules lists every rule the commitment-quality flags apply: the minimum
social-value weighting, the climate theme, the Carbon Reduction Plan and Net
Zero Commitment tiers and the public-contracts threshold, each with the
dates it is in force and the document (and section) it comes from.

A contract is judged by the rules in force on its procurement date (the
register's procured_on, else its start_date), so past rules stay listed:
a flag on a 2023 contract cites the rule of 2023. The rules are data, not
code: to change one (a new threshold, a date the NHS moves), write a
rules.csv with the same columns and load it with ` + "`svhub taxonomy load DIR`" + `.
Without a database, the rules svhub ships are listed.`,
		Example: helpText("rules-examples"),
		Args:    exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch o.format {
			case "table", "json":
			default:
				return usageErr("--format %q: expected table or json", o.format)
			}
			return runRules(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "output format: table or json")
	return cmd
}

// loadRules reads the rules from the database when there is one, else the
// embedded ones; from says which.
func (a *app) loadRules(ctx context.Context) (rules []transform.Rule, from string, err error) {
	if _, err := os.Stat(a.dbPath); errors.Is(err, os.ErrNotExist) {
		rs, err := transform.SeedRules()
		return rs, "svhub's own (no database at " + a.dbPath + ")", err
	}
	// The rules alone: no settings, no marts to freshen.
	db, err := pipeline.OpenReadOnly(ctx, pipeline.Database{Path: a.dbPath, Today: a.referenceDate()})
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	rs, err := transform.ReadRules(ctx, db)
	return rs, a.dbPath, err
}

func runRules(ctx context.Context, a *app, o *rulesOptions) error {
	rs, from, err := a.loadRules(ctx)
	if err != nil {
		return err
	}
	a.status("rules from %s", from)
	return writeRules(a.stdout, o.format, rs)
}

type ruleJSON struct {
	Rule          string  `json:"rule"`
	Parameter     string  `json:"parameter"`
	Value         string  `json:"value"`
	EffectiveFrom string  `json:"effective_from"`
	EffectiveTo   *string `json:"effective_to"`
	Source        string  `json:"source"`
	Section       string  `json:"section"`
	Meaning       string  `json:"meaning"`
}

// writeRules lists the rules as JSON, or as a table of one line per rule
// with its source under it.
func writeRules(w io.Writer, format string, rs []transform.Rule) error {
	return writeListing(w, format, rulesJSON(rs), []string{"rule", "value", "from", "to (last day)", "meaning"}, func(tw io.Writer) {
		for _, r := range rs {
			to := "(in force)"
			if r.To != nil {
				to = r.To.Format("2006-01-02")
			}
			fmt.Fprintf(tw, "%s.%s\t%s\t%s\t%s\t%s\n", r.Rule, r.Parameter, r.Value, r.From.Format("2006-01-02"), to, r.Meaning)
			src := r.Source
			if r.Section != "" {
				src += ", " + r.Section
			}
			fmt.Fprintf(tw, "\t\t\t\t  source: %s\n", strings.TrimSpace(src))
		}
	})
}

func rulesJSON(rs []transform.Rule) []ruleJSON {
	out := []ruleJSON{}
	for _, r := range rs {
		j := ruleJSON{Rule: r.Rule, Parameter: r.Parameter, Value: r.Value, EffectiveFrom: r.From.Format("2006-01-02"),
			Source: r.Source, Section: r.Section, Meaning: r.Meaning}
		if r.To != nil {
			t := r.To.Format("2006-01-02")
			j.EffectiveTo = &t
		}
		out = append(out, j)
	}
	return out
}
