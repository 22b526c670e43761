package transform

import (
	"context"
	"fmt"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// CreateMetrics (re)creates the metrics macros (sql/reports/metrics.sql):
// each measure the reports show defined once, in the database, so every
// report and `svhub query` reads the same definition. build runs it with the
// views (its text is part of the views hash, so a database made before a
// change is refused until `svhub init`); a test that builds its own tables
// calls it too.
func CreateMetrics(ctx context.Context, q Execer) error {
	if _, err := q.ExecContext(ctx, sqlfiles.Report(sqlfiles.MetricsFile)); err != nil {
		return fmt.Errorf("create the metrics macros (sql/reports/%s.sql): %w", sqlfiles.MetricsFile, err)
	}
	return nil
}
