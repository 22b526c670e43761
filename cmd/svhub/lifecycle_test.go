package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/store"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// rawExec runs statements on a database file with DuckDB alone, as another
// program (or a person with the duckdb CLI) would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// expectRefused runs each command line and wants exit 3 with msg, and the
// file unchanged byte for byte.
func expectRefused(t *testing.T, path, msg string, cmds ...[]string) {
	t.Helper()
	before := fileSum(t, path)
	for _, args := range cmds {
		code, _, errs := svhub(t, append([]string{"--db", path}, args...)...)
		if code != 3 || !strings.Contains(errs, msg) || strings.Contains(errs, "Binder Error") {
			t.Errorf("%v: exit %d, stderr %q; want 3 and %q", args, code, errs, msg)
		}
	}
	if fileSum(t, path) != before {
		t.Errorf("%s was changed by a command that refused it", path)
	}
}

var (
	cmdInit   = []string{"init"}
	cmdQuery  = []string{"query", "select 1"}
	cmdIngest = []string{"ingest", "../../testdata/scenario/organisations.csv"}
)

func TestLifecycle_NewerDatabaseAsksToUpgradeSvhub(t *testing.T) {
	db := initDB(t)
	rawExec(t, db, "update meta set value = '99' where key = 'schema_version'")
	expectRefused(t, db, "upgrade svhub", cmdQuery, cmdInit, cmdIngest)
}

func TestLifecycle_OlderDatabaseMigratesOnInit(t *testing.T) {
	if store.LatestVersion() < 2 {
		t.Skip("only one schema version so far")
	}
	path := filepath.Join(t.TempDir(), "old.duckdb")
	d, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.MigrateTo(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	d.Close()
	code, _, errs := svhub(t, "--db", path, "query", "select 1")
	if code != 3 || !strings.Contains(errs, "svhub --db "+shownpath.Quote(path)+" init") {
		t.Errorf("query on an older database: exit %d %q; want 3 and the init command", code, errs)
	}
	if code, _, errs := svhub(t, "--db", path, "init"); code != 0 {
		t.Fatalf("init should migrate an older database: exit %d %s", code, errs)
	}
	code, out, _ := svhub(t, "--db", path, "query", "--format", "csv", "select value from meta where key = 'schema_version'")
	if want := "value\n" + strconv.Itoa(store.LatestVersion()) + "\n"; code != 0 || out != want {
		t.Errorf("after init: %q, want %q", out, want)
	}
}

func TestLifecycle_ForeignFilesRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	duck := filepath.Join(dir, "sales.duckdb")
	rawExec(t, duck, "create table sales(a int, b varchar)", "insert into sales values (1, 'x')")
	expectRefused(t, duck, "a DuckDB database of something else (it holds sales", cmdQuery, cmdInit, cmdIngest)

	text := filepath.Join(dir, "notes.duckdb")
	os.WriteFile(text, []byte("contract_ref,value\nC1,1\n"), 0o644)
	expectRefused(t, text, "is not a DuckDB database, so svhub did not touch it", cmdQuery, cmdInit, cmdIngest)
}

func TestLifecycle_MissingColumnNamed(t *testing.T) {
	db := initDB(t)
	rawExec(t, db, "alter table returns drop column extra")
	code, _, errs := svhub(t, "--db", db, "init")
	if code != 3 || !strings.Contains(errs, "table returns has no column extra") || !strings.Contains(errs, "restore it from your last copy") {
		t.Errorf("init: exit %d %q; want 3 naming the missing column", code, errs)
	}
}

// A damaged block anywhere in the file: a writing command refuses the file
// with the remedy and the path; it never ingests into it. Each block is
// damaged in turn (four spread over the file), since which ones hold live
// data is DuckDB's business.
func TestLifecycle_CorruptFileRestoreFromCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("opens the database once per block")
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.duckdb")
	if code, _, errs := svhub(t, "--db", good, "--today", "2026-10-20", "-q", "ingest",
		"../../testdata/scenario/organisations.csv", "../../testdata/scenario/contracts.csv",
		"../../testdata/scenario/commitments.csv", "../../testdata/scenario/returns.csv"); code != 0 {
		t.Fatal(errs)
	}
	orig, _ := os.ReadFile(good)
	const header, block = 3 * 4096, 256 << 10
	refused, tried := 0, 0
	nblocks := (len(orig) - header) / block
	step := max(1, nblocks/4) // four blocks spread over the file keep the test short
	for off := header; off+block <= len(orig); off += step * block {
		tried++
		bad := filepath.Join(dir, "bad"+strconv.Itoa(off/block)+".duckdb")
		b := append([]byte(nil), orig...)
		for i := off + 64; i < off+4096; i++ {
			b[i] ^= 0x5a
		}
		os.WriteFile(bad, b, 0o644)
		code, _, errs := svhub(t, "--db", bad, "-q", "ingest", "../../testdata/scenario/returns.csv", "--force")
		switch {
		case code == 3 && strings.Contains(errs, "restore it from your last copy") && strings.Contains(errs, bad):
			refused++
		case code == 0:
			// The damaged block held nothing live: every table must still read.
			if c, _, e := svhub(t, "--db", bad, "query", "select count(*) from (select hash(columns(*)) from returns)"); c != 0 {
				t.Errorf("block at %d: ingest succeeded on a file whose data then fails: %s", off, e)
			}
		default:
			t.Errorf("block at %d: exit %d %q; want 3 with the remedy and the path, or a clean ingest", off, code, errs)
		}
	}
	if refused == 0 {
		t.Errorf("no damaged block was noticed in %d tried", tried)
	}
	t.Logf("%d of %d damaged blocks refused (file of %d blocks)", refused, tried, nblocks)
}
