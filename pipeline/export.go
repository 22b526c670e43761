package pipeline

import (
	"context"
	"fmt"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/export"
	"github.com/nhs-hubs/svhub/transform"
)

// Export writes the curated tables into dir as format (parquet or csv),
// with the settings d's configuration gives the views and, for Parquet,
// the models rendered for Spark SQL: the export is an output, the models
// are the transform's, and the pipeline hands one to the other.
func Export(ctx context.Context, db *store.DB, d Database, dir, format, version string) (*export.Manifest, error) {
	spark, err := sparkModels()
	if err != nil {
		return nil, err
	}
	return export.Write(ctx, db, dir, export.Options{Format: format, Version: version, Settings: d.Settings(), Spark: spark})
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
