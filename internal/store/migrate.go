package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(sqlfiles.FS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		n, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(n)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		b, err := fs.ReadFile(sqlfiles.FS, path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// LatestVersion is the schema version this binary writes.
func LatestVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// Version reads the database's schema version; 0 for a new file.
func (d *DB) Version(ctx context.Context) (int, error) {
	var n int
	err := d.QueryRowContext(ctx, `select count(*) from information_schema.tables where table_name = 'meta'`).Scan(&n)
	if err != nil {
		return 0, Explain(d.Path, err)
	}
	if n == 0 {
		// No svhub schema: a new, empty file, or another program's database.
		return 0, d.foreign(ctx)
	}
	var v string
	err = d.QueryRowContext(ctx, `select value from meta where key = 'schema_version'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%w: %s has a meta table but no svhub schema version, so svhub did not touch it; "+
			"give --db the path of an svhub database, or a new path to start one", ErrForeign, d.Path)
	}
	if err != nil {
		return 0, Explain(d.Path, fmt.Errorf("read schema version: %w", err))
	}
	ver, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%w: %s has schema version %q, which no svhub writes", ErrForeign, d.Path, v)
	}
	if ver > LatestVersion() {
		return ver, fmt.Errorf("%w: %s has schema version %d and this svhub knows versions up to %d; "+
			"upgrade svhub to use it (the file was left as it is)", ErrSchemaNewer, d.Path, ver, LatestVersion())
	}
	return ver, nil
}

// Migrate applies the pending migrations, each in its own transaction.
func (d *DB) Migrate(ctx context.Context) (applied int, err error) {
	return d.MigrateTo(ctx, LatestVersion())
}

// MigrateTo applies the pending migrations up to version target; tests use
// it to make a database as an older svhub left it.
func (d *DB) MigrateTo(ctx context.Context, target int) (applied int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	cur, err := d.Version(ctx)
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		if m.version <= cur {
			continue
		}
		if m.version > target {
			break
		}
		tx, err := d.BeginTx(ctx, nil)
		if err != nil {
			return applied, err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `insert or replace into meta values ('schema_version', ?)`, strconv.Itoa(m.version)); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("record migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return applied, fmt.Errorf("commit migration %s: %w", m.name, err)
		}
		applied++
	}
	return applied, nil
}

// Meta reads a value from the meta table ("" when absent).
func (d *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := d.QueryRowContext(ctx, `select coalesce(max(value), '') from meta where key = ?`, key).Scan(&v)
	return v, err
}

// SetMeta writes a value to the meta table.
func (d *DB) SetMeta(ctx context.Context, key, value string) error {
	_, err := d.ExecContext(ctx, `insert or replace into meta values (?, ?)`, key, value)
	return err
}
