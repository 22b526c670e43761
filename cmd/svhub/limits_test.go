package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The configured defaults equal the readers' ones: pipeline/limits_test.go.

func TestLimits_SetFromConfigAndNamedInTheError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "long.csv")
	os.WriteFile(p, []byte("contract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,"+strings.Repeat("9", 100)+"\n"), 0o644)
	db := filepath.Join(dir, "l.duckdb")
	code, out, errs := svhub(t, "--db", db, "--set", "limits.max_line_bytes=50", "validate", p)
	if code == 0 || !strings.Contains(out+errs, "limits.max_line_bytes") {
		t.Errorf("--set limits.max_line_bytes=50: exit %d %q %q; want the file refused naming the setting", code, out, errs)
	}
	if code, out, errs := svhub(t, "--db", db, "validate", p); strings.Contains(out+errs, "max_line_bytes") {
		t.Errorf("default limits refused a 140-byte line: exit %d %q", code, errs)
	}
}
