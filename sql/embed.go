// Package sqlfiles holds svhub's SQL as embedded files: numbered schema
// migrations, the taxonomy seed data, and the staging → intermediate → marts
// views. Go only orchestrates; everything computed lives in these files.
package sqlfiles

import (
	"embed"
	"io/fs"
)

//go:embed migrations/*.sql seed/*.csv staging/*.sql intermediate/*.sql marts/*.sql
var embedded embed.FS

// FS holds migrations/*.sql, seed/*.csv and the model layers: the embedded
// files (a binary built with the sqldir tag can read a folder instead, so
// sql-mutants can test a changed model without relinking; see dir.go).
var FS interface {
	fs.ReadDirFS
	fs.ReadFileFS
} = embedded

// ModelDirs are the view layers in the order a reader should meet them; the
// actual creation order comes from the references between views.
var ModelDirs = []string{"staging", "intermediate", "marts"}
