// Package sqlfiles holds svhub's SQL as embedded files: numbered schema
// migrations, the taxonomy seed data, and the staging → intermediate → marts
// views. Go only orchestrates; everything computed lives in these files.
package sqlfiles

import "embed"

// FS holds migrations/*.sql, seed/*.csv and the model layers.
//
//go:embed migrations/*.sql seed/*.csv staging/*.sql intermediate/*.sql marts/*.sql ingest/*.sql
var FS embed.FS

// ModelDirs are the view layers in the order a reader should meet them; the
// actual creation order comes from the references between views.
var ModelDirs = []string{"staging", "intermediate", "marts"}

// ContractSuppliers records the suppliers of the contract rows an ingest
// stages (ingest/write.go): a novation's date, not a rewrite.
//
//go:embed ingest/contract_suppliers.sql
var ContractSuppliers string
