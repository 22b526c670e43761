// Package sqlfiles holds svhub's SQL as embedded files: numbered schema
// migrations, the taxonomy seed data, and the staging → intermediate → marts
// views. Go only orchestrates; everything computed lives in these files.
package sqlfiles

import (
	"embed"
	"io/fs"
)

//go:embed migrations/*.sql seed/*.csv staging/*.sql intermediate/*.sql marts/*.sql ingest/*.sql
var embedded embed.FS

// FS holds migrations/*.sql, seed/*.csv and the model layers: the embedded
// files (a binary built with the sqldir tag can read a folder instead, so
// sql-mutants can test a changed model without relinking; see dir.go).
var FS interface {
	fs.ReadDirFS
	fs.ReadFileFS
} = embedded

// Reports holds reports/*.sql: parameterised report queries ($as_of) over
// the marts, which a report spec names and wraps in its scope; they are
// not views, as they take the reporting month.
//
//go:embed reports/*.sql
var Reports embed.FS

// Report returns the text of reports/NAME.sql; a missing file is a bug
// (the set is fixed at build time), so it panics.
func Report(name string) string {
	b, err := Reports.ReadFile("reports/" + name + ".sql")
	if err != nil {
		panic("sqlfiles: " + err.Error())
	}
	return string(b)
}

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

// SQL the export runs for its manifest (report/export).
var (
	//go:embed export/period.sql
	ExportPeriod string
	//go:embed export/regions.sql
	ExportRegions string
)
