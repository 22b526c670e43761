package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/pipeline"
	"github.com/nhs-hubs/svhub/transform"
)

func newTaxonomyCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "taxonomy",
		Short: "Print the Social Value Model taxonomy as a tree, or replace it (load)",
		Long: `taxonomy prints the taxonomy of both Social Value Models as a tree:
model → theme (2020) or mission (2025) → outcome → award criterion → measure.
Award criteria are the level tenders are scored at (2020: MAC 1.1 ...;
2025: 1a ...). A name marked [svhub wording] is svhub's paraphrase: the
published text was not verified; a hub replaces it by loading the official
text (official_text in measures.csv or award_criteria.csv, with taxonomy
load), which then shows as [verified]. A 2020 measure shows the 2025 mission
the crosswalk gives it and how sure that mapping is.`,
		Example: `  svhub taxonomy
  svhub taxonomy load hub-taxonomy/`,
		Args: exactArgs(0, "no arguments, or a subcommand (load)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTaxonomyTree(cmd.Context(), a)
		},
	}
	load := &cobra.Command{
		Use:     "load DIR",
		Short:   "Replace the taxonomy, crosswalk and hub-defined measures from CSV files",
		Long:    helpText("taxonomy-load"),
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
	var tc transform.TaxonomyCounts
	err := a.writing(ctx, func(db *store.DB) (err error) {
		if tc, err = transform.LoadTaxonomyDir(ctx, db, dir); err != nil {
			return err
		}
		// The marts (the flags above all) were built with the old taxonomy
		// and rules: rebuild them now, not at the next ingest.
		if err := transform.Refresh(ctx, db); err != nil {
			return fmt.Errorf("rebuild the marts with the new taxonomy: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	from := "none (embedded defaults kept)"
	if len(tc.FromDir) > 0 {
		from = strings.Join(tc.FromDir, ", ")
	}
	a.status("taxonomy loaded into %s: %d missions, %d outcomes, %d crosswalk rows, %d award criteria, %d measures, %d rules; from %s: %s",
		a.dbPath, tc.Missions, tc.Outcomes, tc.Crosswalk, tc.AwardCriteria, tc.Measures, tc.Rules, dir, from)
	return nil
}

// runTaxonomyTree prints the tree from the database, or from svhub's own
// taxonomy (in a scratch database) when there is none yet.
func runTaxonomyTree(ctx context.Context, a *app) error {
	var db *store.DB
	var err error
	if _, statErr := os.Stat(a.dbPath); statErr == nil {
		db, err = a.openRead(ctx)
	} else {
		dir, derr := os.MkdirTemp("", "svhub-taxonomy-")
		if derr != nil {
			return derr
		}
		defer os.RemoveAll(dir)
		a.status("no database at %s: svhub's own taxonomy", a.dbPath)
		db, err = pipeline.OpenScratch(ctx, dir, a.referenceDate())
	}
	if err != nil {
		return err
	}
	defer db.Close()
	return transform.WriteTree(ctx, db, a.stdout)
}
