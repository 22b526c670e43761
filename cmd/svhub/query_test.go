package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func initDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "q.duckdb")
	if code, _, errs := svhub(t, "--db", db, "init"); code != 0 {
		t.Fatal(errs)
	}
	return db
}

func TestQuery_NoFileAccessUnlessAllowed(t *testing.T) {
	t.Parallel()
	db := initDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	secret := filepath.Join(dir, "secret.csv")
	os.WriteFile(secret, []byte("a\n42\n"), 0o644)
	for _, c := range []struct{ name, sql string }{
		{"copy to a file", "copy (select 1 as x) to '" + out + "'"},
		{"read a file", "select * from read_csv('" + secret + "')"},
		{"attach another database", "attach '" + filepath.Join(dir, "other.duckdb") + "' as o"},
		{"turn access back on", "set enable_external_access = true"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := svhub(t, "--db", db, "query", c.sql)
			if code != 3 {
				t.Errorf("exit %d, want 3; stderr %q", code, errs)
			}
			if c.name != "turn access back on" && !strings.Contains(errs, "--allow-files") {
				t.Errorf("stderr %q should say how to allow files", errs)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("COPY wrote %s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "other.duckdb")); !os.IsNotExist(err) {
		t.Fatalf("ATTACH created a database file")
	}

	// --allow-files opens that folder, and only that folder.
	allowed := filepath.Join(dir, "allowed")
	os.Mkdir(allowed, 0o755)
	if code, _, errs := svhub(t, "--db", db, "query", "--allow-files", allowed, "copy (select 1 as x) to '"+filepath.Join(allowed, "ok.csv")+"'"); code != 0 {
		t.Fatalf("copy into the allowed folder: exit %d %s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join(allowed, "ok.csv")); err != nil || string(b) != "x\n1\n" {
		t.Errorf("allowed copy wrote %q, %v", b, err)
	}
	if code, _, _ := svhub(t, "--db", db, "query", "--allow-files", allowed, "copy (select 1 as x) to '"+out+"'"); code != 3 {
		t.Errorf("copy outside the allowed folder: exit %d, want 3", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("COPY wrote %s outside the allowed folder", out)
	}
}

func TestQuery_EscapeCodesShownNotObeyed(t *testing.T) {
	db := initDB(t)
	sql := `select chr(27) || ']0;pwned' || chr(7) || 'Acme' || chr(27) || '[2J' as "n` + "\x1b" + `[31m"`
	code, out, errs := svhub(t, "--db", db, "query", sql)
	if code != 0 {
		t.Fatal(errs)
	}
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `\x1b]0;pwned\x07Acme\x1b[2J`) || !strings.Contains(out, `n\x1b[31m`) {
		t.Errorf("table output should show the escape codes, not send them: %q", out)
	}
	code, out, _ = svhub(t, "--db", db, "query", "--format", "json", sql)
	if code != 0 || strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `\u001b]0;pwned\u0007Acme\u001b[2J`) {
		t.Errorf("json output: %q", out)
	}
	// CSV to a file or pipe keeps the data exactly as stored.
	code, out, _ = svhub(t, "--db", db, "query", "--format", "csv", sql)
	if code != 0 || !strings.Contains(out, "\x1b]0;pwned\x07Acme\x1b[2J") {
		t.Errorf("csv to a pipe should keep the text as stored: %q", out)
	}
}

func TestQuery_CSVPrintsJSONColumnsAsJSON(t *testing.T) {
	db := initDB(t)
	code, out, errs := svhub(t, "--db", db, "query", "--format", "csv", `select '{"Ref":"zzz","Comment":"a b: c"}'::json as extra, '[1,"x"]'::json as l`)
	if code != 0 {
		t.Fatal(errs)
	}
	want := "extra,l\n\"{\"\"Comment\"\":\"\"a b: c\"\",\"\"Ref\"\":\"\"zzz\"\"}\",\"[1,\"\"x\"\"]\"\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// A query without --today judges overdue returns on the database's own
// reference date (the one its marts and reports were built with: 15 August
// 2026 here), not the wall clock (the test clock's 20 October 2026), and
// says on stderr which date it used; --today still wins.
func TestQuery_UsesTheDatabaseReferenceDate(t *testing.T) {
	t.Parallel()
	db := preparedDB(t, filepath.Join(t.TempDir(), "r.duckdb"))
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-08-15", "ingest", filepath.Join("..", "..", "testdata", "scenario")); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := svhub(t, "--db", db, "--format", "csv", "query", "select today from report_settings")
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(out, "2026-08-15") {
		t.Errorf("today = %q, want the database's 2026-08-15", out)
	}
	if !strings.Contains(errs, "reference date 15 Aug 2026 (the database's reference date") {
		t.Errorf("stderr %q does not say which date was used", errs)
	}
	code, out, errs = svhub(t, "--db", db, "--today", "2026-09-01", "query", "--format", "csv", "select today from report_settings")
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(out, "2026-09-01") || !strings.Contains(errs, "reference date 1 Sep 2026 (--today)") {
		t.Errorf("with --today: out %q, stderr %q", out, errs)
	}
}
