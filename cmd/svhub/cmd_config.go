package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/config"
	"github.com/nhs-hubs/svhub/internal/shownpath"
)

type configOptions struct {
	format string
}

func newConfigCmd(a *app) *cobra.Command {
	o := &configOptions{}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective settings and where each came from",
		Long: `config prints every setting svhub uses (RAG thresholds, grace period,
monitoring start, no-follow-through months, ahead-of-plan ratio,
generic-phrase list ...) with its effective value and its source,
then the dated NHS and PPN rules the quality flags apply (the weighting
minimum, the Carbon Reduction Plan and Net Zero Commitment tiers; see
` + "`svhub rules`" + `), which are data in the database, not settings.

Precedence, highest first: --set KEY=VALUE flags, SVHUB_<KEY> environment
variables (e.g. SVHUB_RAG_GREEN_MIN), the svhub.toml file beside the database
(or SVHUB_CONFIG), then the defaults. Where no flag, variable or file sets a
metric threshold, the database's settings table applies (its values match the
defaults unless someone changed them).

Example svhub.toml:

  rag_green_min = 0.95
  rag_amber_min = 0.75
  return_grace_days = 30
  monitoring_start = "2025-04"
  generic_phrases = ["we always", "where possible", "committed to"]`,
		Example: `  svhub config
  svhub --set rag_green_min=0.9 config
  SVHUB_MONITORING_START=2025-04 svhub config --format json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch o.format {
			case "table", "json":
			default:
				return usageErr("--format %q: expected table or json", o.format)
			}
			return runConfig(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "output format: table or json")
	return cmd
}

func runConfig(ctx context.Context, a *app, o *configOptions) error {
	cfg, err := a.config(a.dbPath)
	if err != nil {
		return err
	}
	getenv := a.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	path := config.PathFor(a.dbPath, getenv)
	if cfg.File == "" {
		a.status("configuration file: %s (not found; defaults apply)", shownpath.Slash(path))
	} else {
		a.status("configuration file: %s", shownpath.Slash(cfg.File))
	}
	type row struct {
		Key    string `json:"key"`
		Value  any    `json:"value"`
		Source string `json:"source"`
		Where  string `json:"where,omitempty"`
		Env    string `json:"env"`
		Help   string `json:"help"`
	}
	var rows []row
	for _, v := range cfg.Values() {
		var val any = v.Text
		if v.Key.Kind == config.List {
			val = cfg.List(v.Key.Name)
		}
		rows = append(rows, row{v.Key.Name, val, string(v.Source), v.Where, config.EnvName(v.Key.Name), v.Key.Help})
	}
	err = writeListing(a.stdout, o.format, rows, []string{"setting", "value", "source", "meaning"}, func(tw io.Writer) {
		for _, r := range rows {
			text := fmt.Sprint(r.Value)
			if l, ok := r.Value.([]string); ok {
				text = strings.Join(l, "; ")
			}
			if text == "" {
				text = "(blank)"
			}
			src := r.Source
			if r.Where != "" && r.Source != string(config.FromFile) {
				src += " " + r.Where
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Key, text, src, r.Help)
		}
	})
	if err == nil && o.format != "json" {
		a.printRules(ctx)
	}
	return err
}

// printRules follows the settings with the dated NHS and PPN rules, which
// are data in the database rather than settings (see `svhub rules`).
func (a *app) printRules(ctx context.Context) {
	rs, from, err := a.loadRules(ctx)
	if err != nil {
		a.status("rules: %v", err)
		return
	}
	fmt.Fprintf(a.stdout, "\nNHS and PPN rules the flags apply (from %s; change them with `svhub taxonomy load DIR` and a rules.csv; `svhub rules --format json` for a file):\n", from)
	writeRules(a.stdout, "table", rs)
}
