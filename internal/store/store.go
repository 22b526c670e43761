// Package store is the one door to DuckDB: it opens the database file with
// svhub's fixed set-up (no extension downloads, bounded threads and memory,
// the injected reference date), applies the embedded schema migrations, and
// turns DuckDB's file-lock error into a message an analyst can act on.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ErrLocked means another process holds the database file.
var ErrLocked = errors.New("the database is in use by another process")

// ErrSchemaOld means a read-only command met a database written by an older
// svhub; it cannot upgrade it without write access.
var ErrSchemaOld = errors.New("the database was made by an older svhub")

// ErrNotFound means a read-only open found no database file.
var ErrNotFound = errors.New("no database file")

// Options controls how the database is opened.
type Options struct {
	Path     string
	ReadOnly bool
	// Today is the reference date for overdue checks, injected so tests and
	// demos are reproducible; zero means DuckDB's current_date.
	Today       time.Time
	Threads     int    // 0: DuckDB's default
	MemoryLimit string // e.g. "4GB"; empty: DuckDB's default
	// Vars are DuckDB session variables set on every connection (the views
	// read configured thresholds this way, so read-only opens see them too):
	// a string is set as text, a []string as a list of text.
	Vars map[string]any
}

// DB is an open svhub database. Writers use one connection, so temporary
// state and transactions never spread over a pool, and write through
// Write (writer.go), one transaction at a time.
type DB struct {
	*sql.DB
	connector *duckdb.Connector
	Path      string
	ReadOnly  bool
	writing   sync.Mutex // held by Write: one writing transaction at a time

	memoryLimit string       // as configured ("" DuckDB's default)
	lifted      *atomic.Bool // LiftMemoryLimit in force
}

// LiftMemoryLimit sets DuckDB's memory limit back to its own default (80%
// of RAM) until the returned function restores the configured one: for a
// step that ran out of memory under the configured limit and is tried
// again. DuckDB's memory_limit is global to the database, so connections
// opened meanwhile do not set it again.
func (d *DB) LiftMemoryLimit(ctx context.Context) (restore func(), err error) {
	if d.memoryLimit == "" {
		return func() {}, nil
	}
	d.lifted.Store(true)
	// RESET alone changes what current_setting reports but not the buffer
	// pool's limit (DuckDB 1.5): read the default it gives and set it.
	var def string
	_, err = d.ExecContext(ctx, "RESET memory_limit")
	if err == nil {
		err = d.QueryRowContext(ctx, "select current_setting('memory_limit')").Scan(&def)
	}
	if err == nil {
		_, err = d.ExecContext(ctx, fmt.Sprintf("SET memory_limit = '%s'", strings.ReplaceAll(def, "'", "")))
	}
	if err != nil {
		d.lifted.Store(false)
		return nil, fmt.Errorf("lift memory_limit: %w", err)
	}
	return func() {
		d.lifted.Store(false)
		d.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("SET memory_limit = '%s'", d.memoryLimit))
	}, nil
}

// LimitMemory sets DuckDB's memory limit to limit (such as "600MB") until
// the returned function restores the configured one: for the steps of a
// run whose own Go memory (a workbook being written, the month's report)
// sits beside DuckDB's buffer pool in the same process. As for
// LiftMemoryLimit, connections opened meanwhile do not set it again.
//
// It only lowers: a configured memory_limit below limit stays in force (the
// returned function then does nothing).
func (d *DB) LimitMemory(ctx context.Context, limit string) (restore func(), err error) {
	if !memoryLimitRE.MatchString(limit) {
		return nil, fmt.Errorf("memory_limit %q: expected a size such as 1.5GB or 800MB", limit)
	}
	if d.memoryLimit != "" && sizeBytes(d.memoryLimit) <= sizeBytes(limit) {
		return func() {}, nil
	}
	// the limit to put back: the configured one, else DuckDB's default as
	// it gives it ("18.3 GiB")
	was := d.memoryLimit
	if was == "" {
		if err := d.QueryRowContext(ctx, "select current_setting('memory_limit')").Scan(&was); err != nil {
			return nil, fmt.Errorf("read memory_limit: %w", err)
		}
	}
	d.lifted.Store(true)
	if _, err := d.ExecContext(ctx, fmt.Sprintf("SET memory_limit = '%s'", limit)); err != nil {
		d.lifted.Store(false)
		return nil, fmt.Errorf("set memory_limit: %w", err)
	}
	return func() {
		d.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("SET memory_limit = '%s'", strings.ReplaceAll(was, "'", "")))
		d.lifted.Store(false)
	}, nil
}

// Open opens (or, for writers, creates) the database file.
func Open(ctx context.Context, o Options) (*DB, error) {
	if err := checkPath(o); err != nil {
		return nil, err
	}
	existed := existingFile(o.Path)
	lifted := new(atomic.Bool)
	conn, err := duckdb.NewConnector(dsn(o.Path, o.ReadOnly), setUp(setupStatements(o), lifted))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", o.Path, Explain(o.Path, explainLock(err)))
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		conn.Close()
		return nil, fmt.Errorf("open %s: %w", o.Path, Explain(o.Path, explainLock(err)))
	}
	d := &DB{DB: db, connector: conn, Path: o.Path, ReadOnly: o.ReadOnly, memoryLimit: o.MemoryLimit, lifted: lifted}
	if !o.ReadOnly && existed {
		if err := d.checkFile(ctx); err != nil {
			// Close without the checkpoint: a refused file is left as it was.
			db.Close()
			conn.Close()
			return nil, err
		}
	}
	return d, nil
}

// checkPath refuses what DuckDB would fail on less clearly: no path, a
// memory limit it cannot read, a missing file to read, a file that is not
// a DuckDB database. A writer's folder is made.
func checkPath(o Options) error {
	if o.Path == "" {
		return errors.New("open database: no path given")
	}
	if o.MemoryLimit != "" && !memoryLimitRE.MatchString(o.MemoryLimit) {
		return fmt.Errorf("memory_limit %q: expected a size such as 1.5GB or 800MB", o.MemoryLimit)
	}
	if o.ReadOnly {
		if _, err := os.Stat(o.Path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("open %s: %w (run `svhub init` or `svhub ingest` first)", o.Path, ErrNotFound)
		}
	} else if dir := filepath.Dir(o.Path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("open %s: %w", o.Path, err)
		}
	}
	return sniff(o.Path)
}

// setUp runs the set-up statements on every new connection.
func setUp(setup []string, lifted *atomic.Bool) func(driver.ExecerContext) error {
	return func(ex driver.ExecerContext) error {
		for _, s := range setup {
			if lifted.Load() && strings.HasPrefix(s, "SET memory_limit") {
				continue // LiftMemoryLimit: memory_limit is global, a new connection must not put it back
			}
			if _, err := ex.ExecContext(context.Background(), s, nil); err != nil {
				return fmt.Errorf("set-up %q: %w", s, err)
			}
		}
		return nil
	}
}

// dsn turns extension autoloading and autoinstalling off in the database's
// own configuration: DuckDB decides which extension a file needs while it
// opens it (a SQLite file wants sqlite_scanner), before any connection's
// set-up statement could run, and svhub never downloads at run time.
func dsn(path string, readOnly bool) string {
	q := "?autoinstall_known_extensions=false&autoload_known_extensions=false"
	if readOnly {
		q += "&access_mode=read_only"
	}
	return path + q
}

func setupStatements(o Options) []string {
	s := []string{
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
	}
	if o.Threads > 0 {
		s = append(s, fmt.Sprintf("SET threads = %d", o.Threads))
	}
	if o.MemoryLimit != "" {
		s = append(s, fmt.Sprintf("SET memory_limit = '%s'", o.MemoryLimit))
	}
	if !o.Today.IsZero() {
		s = append(s, fmt.Sprintf("SET VARIABLE svhub_today = DATE '%s'", o.Today.Format("2006-01-02")))
	}
	names := make([]string, 0, len(o.Vars))
	for n := range o.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if lit, ok := sqlLiteral(o.Vars[n]); ok && varNameRE.MatchString(n) {
			s = append(s, fmt.Sprintf("SET VARIABLE %s = %s", n, lit))
		}
	}
	return s
}

var varNameRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// sqlLiteral quotes a variable's value; set-up statements take no bound
// parameters, so the quoting is done here, once.
func sqlLiteral(v any) (string, bool) {
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	switch x := v.(type) {
	case string:
		return quote(x), true
	case []string:
		items := make([]string, len(x))
		for i, it := range x {
			items[i] = quote(it)
		}
		return "cast([" + strings.Join(items, ", ") + "] as varchar[])", true
	}
	return "", false
}

var memoryLimitRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$`)

// sizeBytes is a size memoryLimitRE accepts, in bytes (DuckDB's units: KB
// is 1000 bytes, KiB 1024).
func sizeBytes(s string) float64 {
	m := memoryLimitRE.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, m[2])), 64)
	unit := map[string]float64{"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
		"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}[m[2]]
	return n * unit
}

var pidRE = regexp.MustCompile(`PID (\d+)`)

// lockWordings are how DuckDB says another process holds the file: on
// Linux and macOS its own lock message; on Windows the system's text for a
// sharing violation (and, where the Restart Manager finds the holders, "File
// is already open in" with each one's PID); under Wine, Wine's text for it.
var lockWordings = []string{
	"Could not set lock", "Conflicting lock",
	"being used by another process", "File is already open in", "Sharing violation",
}

// explainLock turns DuckDB's lock error into ErrLocked, naming the holder's
// PID where DuckDB gives it.
func explainLock(err error) error {
	msg := err.Error()
	if !slices.ContainsFunc(lockWordings, func(w string) bool { return strings.Contains(msg, w) }) {
		return err
	}
	if m := pidRE.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%w (PID %s); wait for it to finish or stop it, then retry", ErrLocked, m[1])
	}
	return fmt.Errorf("%w; wait for it to finish or stop it, then retry", ErrLocked)
}

// Close checkpoints a writer's database (so a crash later never has to
// replay a long WAL) and closes it.
func (d *DB) Close() error {
	var errs []error
	if !d.ReadOnly {
		if _, err := d.DB.ExecContext(context.Background(), "CHECKPOINT"); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint %s: %w", d.Path, err))
		}
	}
	errs = append(errs, d.DB.Close(), d.connector.Close())
	return errors.Join(errs...)
}

// QuoteIdent quotes an identifier for DuckDB; values are always bound
// parameters, identifiers go through here.
func QuoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ErrNoFileAccess is what a restricted connection's SQL meets when it
// reads or writes a file outside the allowed folders.
var ErrNoFileAccess = errors.New("the SQL tried to read or write a file")

// RestrictFiles stops SQL run on db from reading or writing any file but
// the database (COPY ... TO, read_csv, ATTACH, extensions), except under
// the folders in allow. DuckDB cannot turn external access back on while the
// database is open, so a query cannot undo this. Call it before running SQL
// a person typed.
func RestrictFiles(ctx context.Context, db *DB, allow []string) error {
	if len(allow) > 0 {
		quoted := make([]string, len(allow))
		for i, d := range allow {
			abs, err := filepath.Abs(d)
			if err != nil {
				return fmt.Errorf("allow files under %s: %w", d, err)
			}
			quoted[i] = "'" + strings.ReplaceAll(abs+string(filepath.Separator), "'", "''") + "'"
		}
		if _, err := db.ExecContext(ctx, "SET allowed_directories = ["+strings.Join(quoted, ", ")+"]"); err != nil {
			return fmt.Errorf("allow files under %v: %w", allow, err)
		}
	}
	if _, err := db.ExecContext(ctx, "SET enable_external_access = false"); err != nil {
		return fmt.Errorf("turn off file access: %w", err)
	}
	return nil
}

// ExplainFileAccess turns DuckDB's permission error into one that says how
// to allow it.
func ExplainFileAccess(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "Permission Error") || strings.Contains(msg, "disabled by configuration") || strings.Contains(msg, "enable_external_access") {
		return fmt.Errorf("%w: query only reads the database; to let it read or write files in a folder, add --allow-files FOLDER (%v)", ErrNoFileAccess, err)
	}
	return err
}
