// Package sqlfiles holds svhub's SQL as embedded files: numbered schema
// migrations, the taxonomy seed data, and the staging → intermediate → marts
// views. Go only orchestrates; everything computed lives in these files.
package sqlfiles

import (
	"embed"
	"io/fs"
)

//go:embed migrations/*.sql seed/*.csv staging/*.sql intermediate/*.sql marts/*.sql ingest/*.sql reports
var embedded embed.FS

// FS holds migrations/*.sql, seed/*.csv, the model layers and the report
// queries (reports/**.sql): the embedded files (a binary built with the
// sqldir tag can read a folder instead, so sql-mutants can test a changed
// model or report query without relinking; see dir.go).
var FS interface {
	fs.ReadDirFS
	fs.ReadFileFS
} = embedded

// Report queries (reports/**.sql) take the reporting month or the report's
// scope as named parameters ($as_of, $region, $drill ...), so they cannot be
// views: a report spec names its query's file (spec.Query.File, e.g.
// "dashboard/kpis" for reports/dashboard/kpis.sql) and the report binds the
// parameters. They read marts and public views only, and the measures they
// share from the metrics macros (reports/metrics.sql, MetricsFile).

// Report returns the text of reports/NAME.sql (NAME may hold folders:
// "dashboard/kpis"); a missing file is a bug (the set is fixed at build
// time), so it panics.
func Report(name string) string {
	b, err := FS.ReadFile("reports/" + name + ".sql")
	if err != nil {
		panic("sqlfiles: " + err.Error())
	}
	return string(b)
}

// MetricsFile is the report whose statements create the metrics macros:
// each measure the reports show (RAG counts, share on track, returns
// received, £ social value, the scope fan-out) defined once, created with
// the views (transform) so every report and `svhub query` reads the same.
const MetricsFile = "metrics"

// ModelDirs are the view layers in the order a reader should meet them; the
// actual creation order comes from the references between views.
var ModelDirs = []string{"staging", "intermediate", "marts"}

// SQL the ingest package runs (each file's header says what it does).
var (
	// ContractSuppliers records the suppliers of the contract rows an
	// ingest stages (ingest/write.go): a novation's date, not a rewrite.
	//
	//go:embed ingest/contract_suppliers.sql
	ContractSuppliers string
	//go:embed ingest/withdraw_register_rows.sql
	WithdrawRegisterRows string
	//go:embed ingest/withdraw_restored.sql
	WithdrawRestored string
	//go:embed ingest/withdrawn_files.sql
	WithdrawnFiles string
	//go:embed ingest/recorded_files.sql
	RecordedFiles string
	//go:embed ingest/recorded_rejections.sql
	RecordedRejections string
)
