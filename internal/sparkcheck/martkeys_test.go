package sparkcheck

import (
	"io/fs"
	"strings"
	"testing"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Every model in sql/marts has its key here, so a new mart is compared on
// Spark from the day it is added: found by `make test`, not first by the
// slower `make test-spark` (which counts the marts Spark wrote).
func TestMartKeys_EveryMartHasItsKey(t *testing.T) {
	entries, err := fs.ReadDir(sqlfiles.FS, "marts")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".sql")
		if !ok {
			continue
		}
		seen[name] = true
		if _, ok := MartKeys[name]; !ok {
			t.Errorf("sql/marts/%s.sql has no key in sparkcheck.MartKeys (its grain's columns)", name)
		}
	}
	for name := range MartKeys {
		if !seen[name] {
			t.Errorf("sparkcheck.MartKeys names %s, which is not in sql/marts", name)
		}
	}
}
