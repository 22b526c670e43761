package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// The database's life-cycle, each case with one message that says what to
// do (and exit 3 from the command line): a file from a newer svhub asks for
// an upgrade of svhub, an older one is migrated by any writing command, a
// DuckDB file that is not svhub's or a file that is not DuckDB at all is
// refused and left untouched, and a damaged file is sent back to the
// user's last copy.
var (
	// ErrSchemaNewer: the file was made by a newer svhub.
	ErrSchemaNewer = errors.New("the database was made by a newer svhub")
	// ErrForeign: the file is not an svhub database.
	ErrForeign = errors.New("the file is not an svhub database")
	// ErrCorrupt: DuckDB found the file damaged.
	ErrCorrupt = errors.New("the database file is damaged")
	// ErrSchemaDamaged: a table lacks a column its schema version has.
	ErrSchemaDamaged = errors.New("the database's tables do not match its schema")
)

// corruptRE matches DuckDB's words for a damaged file: a block whose
// checksum does not match, or storage it cannot make sense of.
var corruptRE = regexp.MustCompile(`(?i)checksum|corrupt|Serialization Error|invalid block|failed to deserialize|INTERNAL Error.*(block|storage)`)

// Explain turns an error that shows the database file to be damaged or not
// a DuckDB file into one that says so and what to do; other errors pass
// through unchanged. It is safe to call more than once.
func Explain(path string, err error) error {
	if err == nil || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrForeign) {
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not a valid DuckDB database file"):
		return fmt.Errorf("%w: %s is not a DuckDB database, so svhub did not touch it; "+
			"give --db the path of an svhub database, or a new path to start one", ErrForeign, path)
	case corruptRE.MatchString(msg):
		return fmt.Errorf("%w: %s cannot be read (%v); svhub cannot repair it: restore it from your last copy, "+
			"or start a new database and ingest the files again", ErrCorrupt, path, err)
	}
	return err
}

// checkFile runs right after a writer opens an existing file: it refuses a
// DuckDB database that is not svhub's and one from a newer svhub before
// anything writes to it, and reads every stored value once, so a file that
// is only partly damaged is refused before an ingest adds to it.
func (d *DB) checkFile(ctx context.Context) error {
	if _, err := d.Version(ctx); err != nil {
		return err
	}
	tables, err := d.baseTables(ctx)
	if err != nil {
		return Explain(d.Path, err)
	}
	for _, t := range tables {
		// hash(COLUMNS(*)) reads every column of every row: DuckDB checks
		// each block's checksum as it reads it.
		var n int64
		if err := d.QueryRowContext(ctx, "select count(*) from (select hash(columns(*)) from "+QuoteIdent(t)+")").Scan(&n); err != nil {
			return Explain(d.Path, fmt.Errorf("read table %s: %w", t, err))
		}
	}
	return nil
}

func (d *DB) baseTables(ctx context.Context) ([]string, error) {
	rows, err := d.QueryContext(ctx, `select table_name from information_schema.tables
		where table_schema = 'main' and table_type = 'BASE TABLE' order by 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// foreign tells why a database with no svhub meta table is not an empty new
// one: it already holds tables or views of its own.
func (d *DB) foreign(ctx context.Context) error {
	rows, err := d.QueryContext(ctx, `select table_name from information_schema.tables
		where table_catalog = current_database() order by 1 limit 6`)
	if err != nil {
		return Explain(d.Path, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return err
		}
		names = append(names, t)
	}
	if len(names) == 0 {
		return rows.Err()
	}
	if len(names) == 6 {
		names[5] = "…"
	}
	return fmt.Errorf("%w: %s is a DuckDB database of something else (it holds %s and no svhub schema), so svhub did not touch it; "+
		"give --db the path of an svhub database, or a new path to start one", ErrForeign, d.Path, strings.Join(names, ", "))
}

// SchemaDiff compares the database's tables with the ones its schema
// version should have, by applying the same migrations to an empty
// in-memory database, and lists what is missing ("table returns has no
// column extra"). Only a database changed outside svhub has a difference.
func (d *DB) SchemaDiff(ctx context.Context) ([]string, error) {
	v, err := d.Version(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	conn, err := duckdb.NewConnector(dsn("", false), nil)
	if err != nil {
		return nil, err
	}
	ref := sql.OpenDB(conn)
	defer conn.Close()
	defer ref.Close()
	ref.SetMaxOpenConns(1)
	for _, m := range ms {
		if m.version > v {
			break
		}
		if _, err := ref.ExecContext(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("apply migration %s to a scratch database: %w", m.name, err)
		}
	}
	const q = `select c.table_name, c.column_name from information_schema.columns c
		join information_schema.tables t using (table_catalog, table_schema, table_name)
		where c.table_schema = 'main' and t.table_type = 'BASE TABLE' and c.table_catalog = current_database()`
	want, err := columnSet(ctx, ref, q)
	if err != nil {
		return nil, err
	}
	got, err := columnSet(ctx, d.DB, q)
	if err != nil {
		return nil, Explain(d.Path, err)
	}
	var diff []string
	for t, cols := range want {
		have, ok := got[t]
		if !ok {
			diff = append(diff, "table "+t+" is missing")
			continue
		}
		for c := range cols {
			if !have[c] {
				diff = append(diff, "table "+t+" has no column "+c)
			}
		}
	}
	sort.Strings(diff)
	return diff, nil
}

func columnSet(ctx context.Context, db *sql.DB, q string) (map[string]map[string]bool, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]bool{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		if out[t] == nil {
			out[t] = map[string]bool{}
		}
		out[t][c] = true
	}
	return out, rows.Err()
}

// foreignHeaders are the first bytes of files people give as --db by
// mistake, with what to call them.
var foreignHeaders = []struct {
	magic, what string
}{
	{"SQLite format 3\x00", "a SQLite database"},
	{"PK\x03\x04", "a zip file (an Excel workbook?)"},
	{"PAR1", "a Parquet file"},
	{"%PDF", "a PDF document"},
	{"\x1f\x8b", "a gzip file"},
	{"\xd0\xcf\x11\xe0", "an old Office file (.xls, .doc)"},
}

// sniff refuses a file that is not a DuckDB database by its header, before
// DuckDB sees it: DuckDB opens some other formats itself (a SQLite file
// through an extension it would download, a Parquet file as an empty
// database it then writes to). A DuckDB file carries "DUCK" at byte 8;
// an empty or missing file is a new database.
func sniff(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // missing: a writer creates it, a reader says so
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if n == 0 {
		return nil
	}
	for _, h := range foreignHeaders {
		if bytes.HasPrefix(head, []byte(h.magic)) {
			return fmt.Errorf("%w: %s is %s, not a DuckDB database, so svhub did not touch it; "+
				"give --db the path of an svhub database, or a new path to start one", ErrForeign, path, h.what)
		}
	}
	if n < 12 || string(head[8:12]) != "DUCK" {
		return fmt.Errorf("%w: %s is not a DuckDB database, so svhub did not touch it; "+
			"give --db the path of an svhub database, or a new path to start one", ErrForeign, path)
	}
	return nil
}

// existingFile tells whether path is a file with something in it, so a
// writer knows whether there is a database to check before using it.
func existingFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Size() > 0
}

// ExplainQuery is Explain for an error that may come from anywhere: only an
// error DuckDB raised is taken as news about the database file (a damaged
// .xlsx also says "corrupt").
func ExplainQuery(path string, err error) error {
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return err
	}
	return Explain(path, err)
}
