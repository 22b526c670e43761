//go:build sqldir

package sqlfiles

import (
	"io/fs"
	"os"
)

// With the sqldir build tag (test binaries only, never a release), the SQL
// (models, report queries and the metrics macros) comes from the folder
// SVHUB_SQL_DIR names, read when each file is opened:
// ../shared/tools/sql-mutants can then run one prebuilt test binary against
// each changed model instead of relinking it per mutant, e.g.
//
//	go test -c -tags sqldir -o /tmp/transform.test ./transform/
//	sql-mutants --cmd "cd transform && SVHUB_SQL_DIR=../sql /tmp/transform.test -test.run TestRules_" sql/marts/commitment_flags.sql
func init() {
	if d := os.Getenv("SVHUB_SQL_DIR"); d != "" {
		FS = os.DirFS(d).(interface {
			fs.ReadDirFS
			fs.ReadFileFS
		})
	}
}
