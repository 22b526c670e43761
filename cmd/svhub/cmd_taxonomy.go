package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/transform"
)

func newTaxonomyCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "taxonomy",
		Short: "Manage the Social Value Model taxonomy (missions, outcomes, measures, crosswalk)",
		Args:  exactArgs(0, "a subcommand (load)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErr("%s: expected a subcommand: load DIR (see `%s --help`)", cmd.CommandPath(), cmd.CommandPath())
		},
	}
	load := &cobra.Command{
		Use:   "load DIR",
		Short: "Replace the taxonomy, crosswalk and hub-defined measures from CSV files",
		Long: `taxonomy load replaces the taxonomy from a folder of CSV files with the same
names and columns as svhub's embedded ones, so a hub changes them without a
new svhub:

  missions.csv      mission, mission_name
  outcomes.csv      model, outcome_code, theme, outcome_name, mission
  crosswalk.csv     outcome_code_2020, measure_code, mission  (a 2020 outcome or one measure → a 2025 mission; the measure row wins)
  measures.csv      measure_code, model, outcome_code, measure_name, unit, aggregation (sum or latest)
  hub_measures.csv  optional: the hub's own measures (e.g. licensed National TOMs codes), same columns as measures.csv
  rules.csv         rule, parameter, value, effective_from, effective_to, source, section, meaning: the dated NHS and
                    PPN rules the quality flags apply (see ` + "`svhub rules`" + `); effective_to is the last day in force,
                    blank while in force; two rows of one rule in force on the same day are refused

A file the folder lacks keeps the embedded default. The load is one
transaction and is checked (every measure's outcome and every mission named
must exist). Export the current lists to start from with
  svhub query --format csv "select * from tx_measures" > measures.csv
  svhub query --format csv "select * from rules" > rules.csv`,
		Example: `  svhub taxonomy load hub-taxonomy/`,
		Args:    exactArgs(1, "one folder of taxonomy CSV files"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTaxonomyLoad(cmd.Context(), a, args[0])
		},
	}
	cmd.AddCommand(load)
	return cmd
}

func runTaxonomyLoad(ctx context.Context, a *app, dir string) error {
	db, err := a.openWrite(ctx, a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	tc, err := transform.LoadTaxonomyDir(ctx, db, dir)
	if err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	from := "none (embedded defaults kept)"
	if len(tc.FromDir) > 0 {
		from = strings.Join(tc.FromDir, ", ")
	}
	a.status("taxonomy loaded into %s: %d missions, %d outcomes, %d crosswalk rows, %d measures, %d rules; from %s: %s",
		a.dbPath, tc.Missions, tc.Outcomes, tc.Crosswalk, tc.Measures, tc.Rules, dir, from)
	return nil
}
