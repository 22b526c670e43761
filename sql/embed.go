// Package sqlfiles holds svhub's SQL as embedded files: numbered schema
// migrations, the taxonomy seed data, and the staging → intermediate → marts
// views. Go only orchestrates; everything computed lives in these files.
package sqlfiles

import "embed"

// FS holds migrations/*.sql, seed/*.csv and the model layers.
//
//go:embed migrations/*.sql seed/*.csv staging/*.sql intermediate/*.sql marts/*.sql
var FS embed.FS

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
