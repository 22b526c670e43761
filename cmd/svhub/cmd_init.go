package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/store"
)

func newInitCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create or upgrade the database and load the taxonomy",
		Long: `init creates the database file if needed, applies pending schema
migrations, loads the Social Value Model taxonomy (2020 and 2025) if missing
and recreates the SQL views. Commands that write do this themselves; run
init after upgrading svhub so read-only commands (query, report) work.`,
		Example: `  svhub init
  svhub --db hub/2026.duckdb init`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(cmd.Context(), a)
		},
	}
}

func runInit(ctx context.Context, a *app) error {
	var measures int
	err := a.writing(ctx, func(db *store.DB) error {
		return db.QueryRowContext(ctx, `select count(*) from measures`).Scan(&measures)
	})
	if err != nil {
		return err
	}
	a.status("database ready: %s (schema v%d, %d measures in the taxonomy)", shownpath.Slash(a.dbPath), store.LatestVersion(), measures)
	return nil
}
