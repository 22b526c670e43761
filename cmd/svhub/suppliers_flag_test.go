package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// --suppliers picks among the suppliers --per-supplier writes; alone, or
// mixing "all" with names, it is a usage error (exit 2) before any
// database is opened.
func TestSuppliersFlag_UsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.duckdb")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "excel", "--suppliers", "all"}, "give --per-supplier DIR too"},
		{[]string{"report", "html", "--suppliers", "Acme Ltd", "--per-supplier", t.TempDir()}, ""},
		{[]string{"report", "excel", "--suppliers", "all", "--suppliers", "Acme Ltd", "--per-supplier", t.TempDir()}, "goes alone"},
		{[]string{"run", "--inbox", t.TempDir(), "--out", t.TempDir(), "--suppliers", "none|Acme Ltd"}, "goes alone"},
	} {
		code, _, errs := svhub(t, append([]string{"--db", db}, c.args...)...)
		if c.want == "" {
			// a good choice goes on to open the database, which is not there
			if code == 2 && strings.Contains(errs, "--suppliers") {
				t.Errorf("%v: exit %d, %s; want the choice accepted", c.args, code, errs)
			}
			continue
		}
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", c.args, code, errs, c.want)
		}
	}
}
