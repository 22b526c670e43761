// Package sqlfiles holds svhub's SQL as embedded files: numbered schema
// migrations, the taxonomy seed data, and the staging → intermediate → marts
// views. Go only orchestrates; everything computed lives in these files.
package sqlfiles

import (
	"embed"
	"io/fs"
)

//go:embed migrations/*.sql seed/*.csv staging/*.sql intermediate/*.sql marts/*.sql ingest/*.sql transform/*.sql
var embedded embed.FS

// FS holds migrations/*.sql, seed/*.csv, the model layers and transform/*.sql
// (the incremental merge's SQL: transform/incremental.go): the embedded
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
