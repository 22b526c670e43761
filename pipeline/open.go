package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/nhs-hubs/svhub/internal/config"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// Database says which database a command works on and how to open it. Its
// store.Options are built here and nowhere else.
type Database struct {
	Path string
	// Today is the run's reference date, created once by the command (from
	// --today, SVHUB_TODAY or the clock) and handed down to every step.
	Today time.Time
	// Config gives the settings the views read and DuckDB's threads and
	// memory limit; nil opens with DuckDB's defaults and no settings (a
	// scratch database, or one read only for its rules).
	Config *config.Config
}

func (d Database) options(readOnly bool) store.Options {
	o := store.Options{Path: d.Path, ReadOnly: readOnly, Today: d.Today}
	if d.Config != nil {
		o.Vars, o.Threads, o.MemoryLimit = d.Config.SQLVars(), d.Config.Int("threads"), d.Config.Get("memory_limit").Text
	}
	return o
}

// OpenWrite opens (or creates) the database for writing and brings its
// tables and views up to date.
func OpenWrite(ctx context.Context, d Database) (*store.DB, error) {
	db, err := store.Open(ctx, d.options(false))
	if err != nil {
		return nil, err
	}
	if err := transform.Prepare(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare %s: %w", d.Path, err)
	}
	return db, nil
}

// OpenScratch makes a throwaway database in dir holding svhub's own
// taxonomy and rules: what `validate` and `taxonomy tree` check against
// when there is no database yet.
func OpenScratch(ctx context.Context, dir string, today time.Time) (*store.DB, error) {
	return OpenWrite(ctx, Database{Path: filepath.Join(dir, "scratch.duckdb"), Today: today})
}

// OpenReadOnly opens the database read-only and checks this svhub can read
// it, nothing more: the marts are left as they were built.
func OpenReadOnly(ctx context.Context, d Database) (*store.DB, error) {
	db, err := store.Open(ctx, d.options(true))
	if err != nil {
		return nil, err
	}
	if err := transform.CheckReadable(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Reference is the reference date a read-only open used, and where it came
// from, for a command to say.
type Reference struct {
	Date time.Time
	From string
}

// OpenRead opens the database read-only for reports and queries. When the
// reference date was not given (given false: d.Today is the clock's), the
// database's own reference date from its last build is used instead, so a
// query agrees with the board pack built with those marts. Marts built for
// another day or other settings are rebuilt for this session only, as
// temporary tables: a read-only command never writes.
func OpenRead(ctx context.Context, d Database, given bool, log *slog.Logger) (*store.DB, Reference, error) {
	db, err := OpenReadOnly(ctx, d)
	if err != nil {
		return nil, Reference{}, err
	}
	ref := Reference{Date: d.Today, From: "--today"}
	if !given {
		if db, ref, err = reopenOnBuiltDate(ctx, db, d); err != nil {
			return nil, ref, err
		}
	}
	fresh, err := transform.FreshenMarts(ctx, db)
	if err != nil {
		db.Close()
		return nil, ref, err
	}
	if len(fresh) > 0 && log != nil {
		log.Info("marts rebuilt for this session's reference date or settings", "marts", fresh)
	}
	return db, ref, nil
}

// reopenOnBuiltDate reopens db on the reference date its marts were last
// built on, when that is not d.Today.
func reopenOnBuiltDate(ctx context.Context, db *store.DB, d Database) (*store.DB, Reference, error) {
	ref := Reference{Date: d.Today, From: "today's date: the database has no reference date yet"}
	built, ok, err := transform.BuiltToday(ctx, db)
	if err != nil {
		db.Close()
		return nil, ref, err
	}
	if !ok {
		return db, ref, nil
	}
	ref = Reference{Date: built, From: "the database's reference date, from its last build; --today to change"}
	if built.Equal(d.Today) {
		return db, ref, nil
	}
	db.Close()
	d.Today = built
	db, err = OpenReadOnly(ctx, d)
	return db, ref, err
}
