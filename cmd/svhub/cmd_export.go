package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/config"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/report/export"
	"github.com/nhs-hubs/svhub/transform"
)

type exportOptions struct {
	format string
	out    string
}

func newExportCmd(a *app) *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --out DIR",
		Short: "Write the curated tables as Parquet or CSV for Spark, Trino, pandas or DuckDB",
		Long: `export writes the curated tables (returns with provenance, commitments,
contracts, commitment status, missing returns, flags, rollups, and the
organisations, settings and taxonomy the SQL models need) into DIR, one
folder or file per table. Tables with a period are Hive-partitioned
(DIR/returns/year=2026/month=9/data_0.parquet); Parquet files are ZSTD
compressed. DIR/manifest.json lists the tables, their columns and row
counts, the schema and svhub versions and the reporting month. A Parquet
export also holds DIR/spark/: the SQL models rendered for Spark SQL, in
dependency order, and svhub_spark.py, which runs them on Spark over one or
more exports and writes the marts as Parquet. DIR is replaced as a whole
only once the export is complete.`,
		Example: `  svhub export --out export/
  spark-submit export/spark/svhub_spark.py --out marts/ export/
  svhub export --format csv --out export-csv/`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(export.Formats, o.format) {
				return usageErr("--format %q: expected parquet or csv", o.format)
			}
			if o.out == "" {
				return usageErr("--out: give the folder to write the export into")
			}
			return runExport(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "parquet", "file format: parquet or csv")
	f.StringVarP(&o.out, "out", "o", "", "output folder (replaced as a whole)")
	return cmd
}

func runExport(ctx context.Context, a *app, o *exportOptions) error {
	settings, err := a.configuredSettings(a.dbPath)
	if err != nil {
		return err
	}
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	spark, err := sparkModels()
	if err != nil {
		return err
	}
	var m *export.Manifest
	err = atomicfile.ReplaceDir(o.out, func(tmp string) error {
		var err error
		m, err = export.Write(ctx, db, tmp, export.Options{Format: o.format, Version: svhubVersion(), Settings: settings, Spark: spark})
		return err
	})
	var leftover *atomicfile.LeftoverError
	if errors.As(err, &leftover) { // the export is in place; only the previous one lingers
		fmt.Fprintf(a.stderr, "svhub: note: %v\n", leftover)
		err = nil
	}
	if err != nil {
		return err
	}
	var rows int64
	for _, t := range m.Tables {
		rows += t.Rows
	}
	a.status("wrote %s: %d tables, %d rows, %s, reporting month %s", shownpath.Slash(o.out), len(m.Tables), rows, o.format, m.ReportingMonth)
	return nil
}

// configuredSettings are the settings configuration gives the views (the
// ones not at their default), by name, as the settings table writes them.
func (a *app) configuredSettings(dbPath string) (map[string]string, error) {
	cfg, err := a.config(dbPath)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, v := range cfg.Values() {
		if v.Key.SQLVar && v.Source != config.FromDefault {
			out[v.Key.Name] = v.Text
		}
	}
	return out, nil
}

// sparkModels are the models rendered for Spark SQL that a Parquet export
// carries (its spark/ folder).
func sparkModels() (export.SparkModels, error) {
	ms, err := transform.RenderModels(transform.Spark)
	if err != nil {
		return export.SparkModels{}, fmt.Errorf("render the models for Spark: %w", err)
	}
	sm := export.SparkModels{ClockView: transform.SparkClockView}
	for _, m := range ms {
		sm.Models = append(sm.Models, export.Model(m))
	}
	return sm, nil
}
