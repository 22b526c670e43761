// Package transform builds svhub's SQL models: it seeds the taxonomy and
// (re)creates the staging → intermediate → marts views from the embedded
// .sql files, in the order their references require. The SQL computes; this
// package only orchestrates.
package transform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Model is one view: its name (the file stem), layer and SQL.
type Model struct {
	Name  string
	Layer string
	SQL   string
}

// Models returns the embedded views in creation order: every view after the
// views it reads from, ties broken by layer then name so the order is stable.
func Models() ([]Model, error) {
	var all []Model
	for _, layer := range sqlfiles.ModelDirs {
		entries, err := fs.ReadDir(sqlfiles.FS, layer)
		if err != nil {
			return nil, fmt.Errorf("read embedded %s models: %w", layer, err)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".sql") {
				continue
			}
			b, err := fs.ReadFile(sqlfiles.FS, path.Join(layer, e.Name()))
			if err != nil {
				return nil, err
			}
			all = append(all, Model{Name: strings.TrimSuffix(e.Name(), ".sql"), Layer: layer, SQL: string(b)})
		}
	}
	return orderOnce(all)
}

// ordered remembers the creation order worked out for a set of models
// (keyed by their names and SQL): matching every model's text against
// every other name costs ~0.25 CPU-s, and a run asks for the models several
// times (views, marts, merge). Keyed by content, not once per process, so a
// sqldir test binary still sees a changed file.
var ordered struct {
	sync.Mutex
	byKey map[[sha256.Size]byte][]Model
}

func orderOnce(all []Model) ([]Model, error) {
	h := sha256.New()
	for _, m := range all {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", m.Layer, m.Name, m.SQL)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	ordered.Lock()
	defer ordered.Unlock()
	if ms, ok := ordered.byKey[key]; ok {
		return slices.Clone(ms), nil
	}
	ms, err := order(all)
	if err != nil {
		return nil, err
	}
	if ordered.byKey == nil {
		ordered.byKey = map[[sha256.Size]byte][]Model{}
	}
	ordered.byKey[key] = ms
	return slices.Clone(ms), nil
}

var commentRE = regexp.MustCompile(`--[^\n]*`)

func order(models []Model) ([]Model, error) {
	byName := map[string]Model{}
	for _, m := range models {
		if _, dup := byName[m.Name]; dup {
			return nil, fmt.Errorf("two models named %s", m.Name)
		}
		byName[m.Name] = m
	}
	deps := map[string][]string{}
	for _, m := range models {
		deps[m.Name] = references(m, models)
	}
	var out []Model
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(n string, chain []string) error
	visit = func(n string, chain []string) error {
		switch state[n] {
		case 1:
			return fmt.Errorf("models refer to each other in a cycle: %s", strings.Join(append(chain, n), " → "))
		case 2:
			return nil
		}
		state[n] = 1
		ds := deps[n]
		sort.Strings(ds)
		for _, d := range ds {
			if err := visit(d, append(chain, n)); err != nil {
				return err
			}
		}
		state[n] = 2
		out = append(out, byName[n])
		return nil
	}
	for _, m := range models {
		if err := visit(m.Name, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// references lists the other models m's SQL reads (comments ignored).
func references(m Model, all []Model) []string {
	body := commentRE.ReplaceAllString(m.SQL, "")
	var out []string
	for _, other := range all {
		if other.Name != m.Name && regexp.MustCompile(`\b`+regexp.QuoteMeta(other.Name)+`\b`).MatchString(body) {
			out = append(out, other.Name)
		}
	}
	return out
}

// ViewsHash identifies the set of view definitions this binary creates, so a
// read-only command can tell that a database's views are stale.
func ViewsHash() (string, error) {
	ms, err := Models()
	if err != nil {
		return "", err
	}
	return viewsHash(ms), nil
}

func viewsHash(ms []Model) string {
	h := sha256.New()
	fmt.Fprintf(h, "marts as tables v1\x00") // how models are built, not only what
	for _, m := range ms {
		fmt.Fprintf(h, "%s\x00%s\x00", m.Name, m.SQL)
	}
	fmt.Fprintf(h, "metrics\x00%s\x00", sqlfiles.Report(sqlfiles.MetricsFile)) // the macros reports read
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Prepare brings a writable database up to date: pending migrations, the
// taxonomy if missing, every view recreated from the embedded SQL, and the
// marts materialised if they are missing or were built by another version;
// views and marts in one transaction, so a crash never leaves one without
// the other.
func Prepare(ctx context.Context, db *store.DB) error {
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := SeedTaxonomy(ctx, db, false); err != nil {
		return explainDamage(ctx, db, err)
	}
	return explainDamage(ctx, db, build(ctx, db, applied > 0))
}

// explainDamage turns a DuckDB binder error from a table changed outside
// svhub (a dropped column) into a message that says what is missing.
func explainDamage(ctx context.Context, db *store.DB, err error) error {
	if err == nil {
		return nil
	}
	if diff, derr := db.SchemaDiff(ctx); derr == nil && len(diff) > 0 {
		return fmt.Errorf("%w: %s was changed outside svhub (%s); restore it from your last copy, "+
			"or start a new database and ingest the files again", store.ErrSchemaDamaged, db.Path, strings.Join(diff, "; "))
	}
	return err
}

// Refresh rebuilds the marts in a transaction of their own: for commands
// that change settings or the taxonomy without loading data.
func Refresh(ctx context.Context, db *store.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := Materialise(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// build recreates the views and, when they were built by another version,
// the marts. A database whose views and marts are already this svhub's is
// left alone, unless a migration just ran (migrated) or a table they read
// changed outside svhub (views_columns.sql): making some sixty
// views again cost every command that writes (an empty ingest, each step
// of a test) about twice the cost of opening the database.
func build(ctx context.Context, db *store.DB, migrated bool) error {
	ms, err := Models()
	if err != nil {
		return err
	}
	hash := viewsHash(ms)
	current, columns, err := viewsCurrent(ctx, db, ms, hash)
	if err != nil || current && !migrated {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createViews(ctx, tx, ms); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `insert or replace into meta values ('views_hash', ?), ('views_columns', ?)`, hash, columns); err != nil {
		return fmt.Errorf("record the views: %w", err)
	}
	var built string
	if err := tx.QueryRowContext(ctx, sqlText("meta_value"), "marts_hash").Scan(&built); err != nil {
		return fmt.Errorf("read meta marts_hash: %w", err)
	}
	if built != hash {
		if err := Materialise(ctx, tx); err != nil {
			return err
		}
		return tx.Commit()
	}
	for _, m := range ms {
		if m.Layer == MartLayer && !isTable(m) {
			if err := createView(ctx, tx, m); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// viewsCurrent says whether the database's views and marts are those of
// the models ms (hash: viewsHash), none missing, over the tables as they
// were when the views were made; columns is the tables' fingerprint now,
// to record when the views are made again (views_current.sql,
// views_columns.sql).
func viewsCurrent(ctx context.Context, db *store.DB, ms []Model, hash string) (current bool, columns string, err error) {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	if err := db.QueryRowContext(ctx, sqlText("views_columns"), names).Scan(&columns); err != nil {
		return false, "", fmt.Errorf("read the tables' columns: %w", err)
	}
	if err := db.QueryRowContext(ctx, sqlText("views_current"), hash, names, columns).Scan(&current); err != nil {
		return false, "", fmt.Errorf("check the views: %w", err)
	}
	return current, columns, nil
}

// createViews (re)creates the metrics macros the reports read and every
// staging and intermediate view; marts are tables, or views over them,
// created after the tables.
func createViews(ctx context.Context, q Execer, ms []Model) error {
	if err := CreateMetrics(ctx, q); err != nil {
		return err
	}
	for _, m := range ms {
		if m.Layer == MartLayer {
			continue
		}
		if err := createView(ctx, q, m); err != nil {
			return err
		}
	}
	return nil
}

// CheckReadable tells a read-only command whether the database matches this
// binary: same schema version and same views.
func CheckReadable(ctx context.Context, db *store.DB) error {
	v, err := db.Version(ctx)
	if err != nil {
		return fmt.Errorf("read %s: %w", db.Path, err)
	}
	if v < store.LatestVersion() {
		return fmt.Errorf("%s has schema version %d, this svhub needs %d: %w; run `svhub --db %s init` to upgrade it", db.Path, v, store.LatestVersion(), store.ErrSchemaOld, shownpath.Quote(db.Path))
	}
	want, err := ViewsHash()
	if err != nil {
		return err
	}
	got, err := db.Meta(ctx, "views_hash")
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%s: its views were made by another svhub version: %w; run `svhub --db %s init` to refresh them", db.Path, store.ErrSchemaOld, shownpath.Quote(db.Path))
	}
	if got, err = db.Meta(ctx, "marts_hash"); err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%s: its marts were built by another svhub version: %w; run `svhub --db %s init` to rebuild them", db.Path, store.ErrSchemaOld, shownpath.Quote(db.Path))
	}
	return nil
}
