package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/pipeline"
	"github.com/nhs-hubs/svhub/report/export"
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
	d, err := a.database(a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var m *export.Manifest
	err = atomicfile.ReplaceDir(o.out, func(tmp string) error {
		var err error
		m, err = pipeline.Export(ctx, db, d, tmp, o.format, svhubVersion())
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
