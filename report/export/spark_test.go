package export

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
	"github.com/nhs-hubs/svhub/transform"
)

// Every table a model reads is a model input the export carries, so the
// Spark runner can define it: a migration that adds a table a model reads
// (a rules table, say) fails here until ModelInputs and Tables export it.
func TestModelInputs_EveryTableAModelReads(t *testing.T) {
	created := regexp.MustCompile(`(?i)create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)`)
	tables := map[string]bool{}
	err := fs.WalkDir(sqlfiles.FS, "migrations", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sqlfiles.FS, p)
		for _, m := range created.FindAllStringSubmatch(string(b), -1) {
			tables[strings.ToLower(m[1])] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := transform.Models()
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string]bool{}
	for _, tb := range Tables {
		exported[tb.Name] = true
	}
	comment, lit := regexp.MustCompile(`--[^\n]*`), regexp.MustCompile(`'(?:[^']|'')*'`)
	for _, m := range ms {
		body := strings.ToLower(lit.ReplaceAllString(comment.ReplaceAllString(m.SQL, ""), "''"))
		for tb := range tables {
			if !regexp.MustCompile(`\b` + tb + `\b`).MatchString(body) {
				continue
			}
			in, ok := ModelInputs[tb]
			if !ok {
				t.Errorf("model %s reads table %s, which is not in export.ModelInputs: the Spark runner could not define it", m.Name, tb)
				continue
			}
			if !exported[in] {
				t.Errorf("model input %s is exported as %s, which export.Tables does not write", tb, in)
			}
		}
	}
}
