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
	db, err := a.openWrite(ctx, a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	var measures int
	if err := db.QueryRowContext(ctx, `select count(*) from measures`).Scan(&measures); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	a.status("database ready: %s (schema v%d, %d measures in the taxonomy)", shownpath.Slash(a.dbPath), store.LatestVersion(), measures)
	return nil
}
