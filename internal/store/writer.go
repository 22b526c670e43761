package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ErrReadOnly means a write was asked of a database opened read-only.
var ErrReadOnly = errors.New("the database is open read-only")

// ErrWriting means a write was asked while another write of the same
// process is under way: DuckDB has one writer per file, and svhub one
// writing transaction at a time.
var ErrWriting = errors.New("another write to the database is under way")

// Writer is the one connection that writes, inside one transaction. It is
// valid only inside the function given to DB.Write. Its query methods make
// it a transform.Execer, so marts can be rebuilt in the same transaction.
type Writer struct {
	conn *sql.Conn
}

// Write runs fn in one transaction on the database's single writer
// connection: committed when fn returns nil, rolled back otherwise, also
// when ctx is cancelled, so an interrupted write leaves no trace. Only one
// Write runs at a time; a second one while the first runs gets ErrWriting
// (it would otherwise wait for the one connection for ever).
func (d *DB) Write(ctx context.Context, fn func(*Writer) error) error {
	if d.ReadOnly {
		return fmt.Errorf("write %s: %w", d.Path, ErrReadOnly)
	}
	if !d.writing.TryLock() {
		return fmt.Errorf("write %s: %w", d.Path, ErrWriting)
	}
	defer d.writing.Unlock()
	conn, err := d.Conn(ctx)
	if err != nil {
		return fmt.Errorf("write %s: %w", d.Path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		return fmt.Errorf("write %s: begin: %w", d.Path, err)
	}
	if err := fn(&Writer{conn: conn}); err != nil {
		// The context may be cancelled already; rollback must still run.
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "rollback"); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if _, err := conn.ExecContext(ctx, "commit"); err != nil {
		return fmt.Errorf("write %s: commit: %w", d.Path, err)
	}
	return nil
}

// ExecContext runs a statement in the writer's transaction.
func (w *Writer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return w.conn.ExecContext(ctx, query, args...)
}

// QueryContext runs a query in the writer's transaction.
func (w *Writer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return w.conn.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query in the writer's transaction.
func (w *Writer) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return w.conn.QueryRowContext(ctx, query, args...)
}

// Table names a table to append to: Schema "" is the main schema, Temp a
// temporary table of this connection.
type Table struct {
	Name   string
	Schema string
	Temp   bool
}

// Quoted is the table's name for SQL text, every part quoted.
func (t Table) Quoted() string {
	switch {
	case t.Temp:
		return "temp.main." + QuoteIdent(t.Name)
	case t.Schema != "":
		return QuoteIdent(t.Schema) + "." + QuoteIdent(t.Name)
	}
	return QuoteIdent(t.Name)
}

// RowAppender takes rows for one table, values in the order of the columns
// given to Append. It hides the driver's appender, so no caller depends on
// DuckDB's Go types.
type RowAppender interface {
	AppendRow(values ...driver.Value) error
}

// Append runs fn with an appender on the writer's connection (so the rows
// join its transaction) and flushes it. columns nil means every column in
// table order. The appender takes names, not SQL text, so no name is
// spliced into a statement. Constraint errors only surface at the flush,
// so callers validate rows first.
func (w *Writer) Append(ctx context.Context, t Table, columns []string, fn func(RowAppender) error) error {
	catalog, schema := "", t.Schema
	if t.Temp {
		catalog, schema = "temp", "main"
	}
	return w.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("append to %s: not a DuckDB connection", t.Name)
		}
		var a *duckdb.Appender
		var err error
		if columns == nil {
			a, err = duckdb.NewAppender(c, catalog, schema, t.Name)
		} else {
			a, err = duckdb.NewAppenderWithColumns(c, catalog, schema, t.Name, columns)
		}
		if err != nil {
			return fmt.Errorf("append to %s: %w", t.Name, err)
		}
		ferr := fn(a)
		cerr := a.Close()
		if ferr != nil {
			return ferr
		}
		if cerr != nil {
			return fmt.Errorf("append to %s: %w", t.Name, cerr)
		}
		return nil
	})
}
