package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sqliteFile is a one-page SQLite 3 database as the sqlite3 program writes
// it: the 100-byte header of the file format (sqlite.org/fileformat.html,
// section 1.3) on a 4096-byte page. DuckDB, given such a file, reaches for
// its sqlite extension and, with autoloading on, tries to download it.
func sqliteFile() []byte {
	b := make([]byte, 4096)
	copy(b, "SQLite format 3\x00")
	binary.BigEndian.PutUint16(b[16:], 4096) // page size
	b[18], b[19] = 1, 1                      // file format write and read versions (legacy)
	b[21], b[22], b[23] = 64, 32, 32         // payload fractions, fixed by the format
	binary.BigEndian.PutUint32(b[24:], 1)    // file change counter
	binary.BigEndian.PutUint32(b[28:], 1)    // database size in pages
	binary.BigEndian.PutUint32(b[44:], 4)    // schema format number
	binary.BigEndian.PutUint32(b[56:], 1)    // text encoding: UTF-8
	binary.BigEndian.PutUint32(b[92:], 1)    // version-valid-for = change counter
	binary.BigEndian.PutUint32(b[96:], 3045001)
	b[100] = 0x0d // page 1: an empty table b-tree leaf (sqlite_schema)
	binary.BigEndian.PutUint16(b[105:], 4096)
	return b
}

func TestOpen_ForeignFilesRefusedByName(t *testing.T) {
	cases := []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"sqlite", "hub.db", sqliteFile(), "is a SQLite database"},
		{"xlsx", "returns.xlsx", append([]byte("PK\x03\x04"), make([]byte, 200)...), "is a zip file (an Excel workbook?)"},
		{"parquet", "data.parquet", append([]byte("PAR1"), make([]byte, 200)...), "is a Parquet file"},
		{"pdf", "board.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "is a PDF document"},
	}
	for _, c := range cases {
		for _, ro := range []bool{false, true} {
			t.Run(c.name+map[bool]string{false: "/writer", true: "/read-only"}[ro], func(t *testing.T) {
				path := filepath.Join(t.TempDir(), c.file)
				if err := os.WriteFile(path, c.content, 0o644); err != nil {
					t.Fatal(err)
				}
				db, err := Open(context.Background(), Options{Path: path, ReadOnly: ro})
				if err == nil {
					db.Close()
					t.Fatal("opened; want it refused")
				}
				if !errors.Is(err, ErrForeign) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
					t.Errorf("error %q; want ErrForeign saying %q with the path", err, c.want)
				}
				got, _ := os.ReadFile(path)
				if !bytes.Equal(got, c.content) {
					t.Error("the file was changed")
				}
				if _, err := os.Stat(path + ".wal"); err == nil {
					t.Error("a .wal file was left beside it")
				}
			})
		}
	}
}

// Extension autoloading and autoinstalling are off from the moment the
// database is opened, not only once a connection's set-up has run: DuckDB
// decides what to load while it opens the file.
func TestOpen_ExtensionAutoloadOffInTheDatabaseConfig(t *testing.T) {
	if got := dsn("x.duckdb", false); !strings.Contains(got, "autoload_known_extensions=false") || !strings.Contains(got, "autoinstall_known_extensions=false") {
		t.Errorf("dsn %q; want autoload and autoinstall off in it", got)
	}
	db, err := Open(context.Background(), Options{Path: filepath.Join(t.TempDir(), "x.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range []string{"autoload_known_extensions", "autoinstall_known_extensions"} {
		var v string
		if err := db.QueryRow("select current_setting('" + s + "')::varchar").Scan(&v); err != nil || v != "false" {
			t.Errorf("%s = %q (%v); want false", s, v, err)
		}
	}
	// A function from an extension that is not built in is refused, not fetched.
	if _, err := db.Exec("select * from sqlite_scan('x.db', 't')"); err == nil || strings.Contains(strings.ToLower(err.Error()), "http") {
		t.Errorf("sqlite_scan: %v; want a refusal without a download", err)
	}
}
