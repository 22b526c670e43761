package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/transform"
)

func newRebuildCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "rebuild",
		Short: "Rebuild every report table from the whole database",
		Long: `rebuild rebuilds every report table (the marts) from everything the
database holds, in one transaction. An ingest updates only the rows of the
contracts it touched (and rebuilds whole what depends on every contract);
rebuild is the full rebuild that incremental update must always equal: use
it after changing the database outside svhub, or to rule the incremental
update out when a report looks wrong.`,
		Example: `  svhub rebuild
  svhub --db hub/2026.duckdb rebuild`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRebuild(cmd.Context(), a)
		},
	}
}

func runRebuild(ctx context.Context, a *app) error {
	db, err := a.openWrite(ctx, a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	if err := transform.RebuildMarts(ctx, db); err != nil {
		db.Close()
		return fmt.Errorf("rebuild the report tables: %w", err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	a.status("report tables rebuilt from the whole database")
	return nil
}
