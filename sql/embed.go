// Package sqlfiles holds svhub's SQL as embedded files: numbered schema
// migrations, the taxonomy seed data, and the staging → intermediate → marts
// views. Go only orchestrates; everything computed lives in these files.
package sqlfiles

import (
	"embed"
	"io/fs"
)

//go:embed migrations/*.sql seed/*.csv staging/*.sql intermediate/*.sql marts/*.sql ingest/*.sql transform/*.sql reports
var embedded embed.FS

// FS holds migrations/*.sql, seed/*.csv, the model layers, transform/*.sql
// (the incremental merge's SQL: transform/incremental.go) and the report
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
	//go:embed ingest/last_load_seq.sql
	LastLoadSeq string
	//go:embed ingest/ingested_files.sql
	IngestedFiles string
	//go:embed ingest/supersessions_since.sql
	SupersessionsSince string
	//go:embed ingest/ref_trusts.sql
	RefTrusts string
	//go:embed ingest/ref_contracts.sql
	RefContracts string
	//go:embed ingest/ref_measures.sql
	RefMeasures string
	//go:embed ingest/withdrawal_record.sql
	WithdrawalRecord string
	//go:embed ingest/withdrawn_target.sql
	WithdrawnTarget string
	// A withdraw's target, tried in this order: the content of the file
	// it names, its path, a SHA-256 prefix, its name.
	//
	//go:embed ingest/loaded_by_sha.sql
	LoadedBySHA string
	//go:embed ingest/loaded_by_path.sql
	LoadedByPath string
	//go:embed ingest/loaded_by_sha_prefix.sql
	LoadedBySHAPrefix string
	//go:embed ingest/loaded_by_name.sql
	LoadedByName string
)

// SQL the transform's taxonomy runs (transform/taxonomy.go, tree.go; each
// file's header says what it does).
var (
	//go:embed taxonomy/seeded.sql
	TaxonomySeeded string
	//go:embed taxonomy/counts.sql
	TaxonomyCounts string
	//go:embed taxonomy/checks.sql
	TaxonomyChecks string
	//go:embed taxonomy/tree_outcomes.sql
	TreeOutcomes string
	//go:embed taxonomy/tree_criteria.sql
	TreeCriteria string
	//go:embed taxonomy/tree_measures.sql
	TreeMeasures string
)

// SQL the pipeline runs for `svhub run`'s summary and its up-to-date check
// (each file's header says what it does).
var (
	//go:embed pipeline/supersessions.sql
	RunSupersessions string
	//go:embed pipeline/loaded_files.sql
	LoadedFiles string
	//go:embed pipeline/input_fingerprint.sql
	InputFingerprint string
)

// SQL the export runs for its manifest (report/export).
var (
	//go:embed export/period.sql
	ExportPeriod string
	//go:embed export/regions.sql
	ExportRegions string
	//go:embed export/rollup_month.sql
	ExportRollupMonth string
)
