package transform

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nhs-hubs/svhub/internal/rusage"
	"github.com/nhs-hubs/svhub/internal/store"
)

// Marts are materialised: every model in sql/marts/ is a table, rebuilt at
// the end of every command that writes (in the writer's transaction), sorted
// by the columns reports filter on, so a report reads each mart once instead
// of re-evaluating window functions over every return per query. Staging and
// intermediate models stay views. A new mart needs nothing else: the layer is
// the convention.

// MartLayer is the layer whose models are materialised as tables.
const MartLayer = "marts"

// settingsModel is the one-row model that holds the settings and the
// reference date; the materialised marts record its row, so a reader can
// tell whether they were built for the same settings and day.
const settingsModel = "int_settings"

// viewMarker, in a mart's header comment, keeps it a view: for a mart no
// report reads whose table would cost more to build at every write than the
// occasional query over it (rollup_status: nine groupings of every
// commitment-month).
const viewMarker = "-- materialise: no"

// isTable says whether a model is materialised.
func isTable(m Model) bool {
	return m.Layer == MartLayer && !strings.Contains(m.SQL, viewMarker)
}

// createView (re)creates one model as a view, dropping a table of that name.
func createView(ctx context.Context, q Execer, m Model) error {
	if err := dropObject(ctx, q, "view", m.Name); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "create or replace view "+store.QuoteIdent(m.Name)+" as\n"+m.SQL); err != nil {
		return fmt.Errorf("create view %s (sql/%s/%s.sql): %w", m.Name, m.Layer, m.Name, err)
	}
	return nil
}

// clockMarker, in a model's header comment, says its rows depend on the
// reference date ("today") directly; models that read it depend on it too.
const clockMarker = "-- clock: today"

// sortColumns orders mart rows for the report filters: region first (a
// regional report skips the other regions' row groups), then month, then
// ICS and trust. Only the columns a mart has are used.
var sortColumns = []string{"region_code", "as_of", "period", "ics_code", "trust_code"}

// Execer is a connection, transaction or database: Materialise runs inside
// the writer's transaction when it has one.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Materialise rebuilds every mart as a table, in dependency order, and
// records what it was built for (model definitions, settings and reference
// date, reporting month, data). Call it inside the writer's transaction so
// data and marts commit together.
func Materialise(ctx context.Context, q Execer) error {
	start, cpu := time.Now(), rusage.CPU()
	ms, err := Models()
	if err != nil {
		return err
	}
	marts := slices.DeleteFunc(slices.Clone(ms), func(m Model) bool { return !isTable(m) })
	unstage, err := stageShared(ctx, q, ms, marts)
	if err != nil {
		return err
	}
	if err := buildMarts(ctx, q, ms); err != nil {
		unstage(false)
		return err
	}
	if err := unstage(true); err != nil {
		return err
	}
	if err := recordBuilt(ctx, q, ms); err != nil {
		return err
	}
	slog.Info("marts built", "marts", len(marts), "ms", time.Since(start).Milliseconds(), "cpu_ms", (rusage.CPU() - cpu).Milliseconds())
	return nil
}

// buildMarts (re)creates every model of the mart layer: a table, or a view
// for one marked `-- materialise: no`.
func buildMarts(ctx context.Context, q Execer, ms []Model) error {
	for _, m := range ms {
		if m.Layer != MartLayer {
			continue
		}
		if !isTable(m) {
			if err := createView(ctx, q, m); err != nil {
				return err
			}
			continue
		}
		if err := dropObject(ctx, q, "", m.Name); err != nil {
			return err
		}
		if err := buildTable(ctx, q, "", m); err != nil {
			return err
		}
	}
	return nil
}

// recordBuilt records what the marts were just built for: the models, the
// settings row (with the reference date), the reporting month and
// monitoring start (what every contract's months hang on: a merge needs
// them unchanged), and the data.
func recordBuilt(ctx context.Context, q Execer, ms []Model) error {
	settings, err := settingsFingerprint(ctx, q)
	if err != nil {
		return err
	}
	reporting, err := reportingContext(ctx, q)
	if err != nil {
		return err
	}
	data, err := dataFingerprint(ctx, q)
	if err != nil {
		return err
	}
	for _, kv := range [][2]string{{"marts_hash", viewsHash(ms)}, {"marts_settings", settings}, {"marts_context", reporting}, {"marts_data", data}} {
		if _, err := q.ExecContext(ctx, `insert or replace into meta values (?, ?)`, kv[0], kv[1]); err != nil {
			return fmt.Errorf("record materialised marts: %w", err)
		}
	}
	return nil
}

// sharedModels are staging and intermediate models that several marts read.
// Each evaluation of the returns_clean view ranks every return (a window
// over the whole returns table), and int_reporting_month and
// int_return_periods read it again; as views they were evaluated once per
// mart that reads them, a dozen times per rebuild. While marts are built,
// each of these is a temporary table computed once: a temporary table
// shadows the view of the same name (DuckDB looks names up in the temp
// schema first, in the marts' SQL and in the views they read alike), so the
// marts' SQL is unchanged and their rows are the same.
var sharedModels = map[string]bool{
	"returns_clean":       true,
	"int_settings":        true,
	"int_reporting_month": true,
	"int_return_periods":  true,
	// read by commitment_months and commitment_details, which must agree
	// on its commitment_id (they do at every evaluation; staged, it is
	// computed once)
	"int_commitment_terms": true,
}

// stagedColumns narrows a staged model to the columns the models built
// after it read: returns_clean's provenance and free text (file path,
// SHA-256, sheet, cell, location, extra as JSON) are for analysts querying
// the view, and copying them into the stage took two thirds of its time
// and most of a read-only session's extra memory. A model that reads a
// column left out fails loudly (the stage shadows the view, so the column
// is not there), never silently.
var stagedColumns = map[string][]string{
	"returns_clean": {"contract_ref", "period", "measure_code", "value", "superseded", "committed", "evidence", "notes"},
}

// stageShared builds, as temporary tables in dependency order, the shared
// models that two or more of marts read (through any chain of models). The
// returned function drops them again; with check false (after an error, when
// the transaction may be aborted) it ignores a failed drop.
func stageShared(ctx context.Context, q Execer, all, marts []Model) (func(check bool) error, error) {
	st := &staging{q: q}
	// what each mart evaluates: the models it reads, down to the marts it
	// reads as tables (a chain through one is not evaluated again)
	deps := maps.Clone(dependencies(all))
	for _, m := range all {
		if isTable(m) && !slices.ContainsFunc(marts, func(x Model) bool { return x.Name == m.Name }) {
			deps[m.Name] = nil
		}
	}
	for _, m := range all {
		isM := func(name string) bool { return name == m.Name }
		readers := 0
		for _, x := range marts {
			if reads(deps, x.Name, isM) {
				readers++
			}
		}
		// a model one mart reads is evaluated once either way: staged, it
		// would also be copied (returns_clean for highlights alone, when a
		// merge rebuilds the cross-contract marts, cost more than the mart)
		if !sharedModels[m.Name] || readers < 2 {
			continue
		}
		if err := st.add(ctx, m, ""); err != nil {
			st.drop(ctx, false)
			return nil, err
		}
	}
	return func(check bool) error { return st.drop(ctx, check) }, nil
}

// staging is the shared models staged as temporary tables of a session.
type staging struct {
	q     Execer
	names []string
}

// add stages one model, narrowed to stagedColumns; where, unless "", keeps
// only the rows it selects (a merge stages a contract's own rows only).
func (st *staging) add(ctx context.Context, m Model, where string) error {
	start, cpu := time.Now(), rusage.CPU()
	cols := "*"
	if c, ok := stagedColumns[m.Name]; ok {
		cols = strings.Join(c, ", ")
	}
	stmt := "create or replace temp table " + store.QuoteIdent(m.Name) + " as\nselect " + cols + " from (\n" + m.SQL + "\n) as model"
	if where != "" {
		stmt += "\nwhere " + where
	}
	if _, err := st.q.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("stage %s (sql/%s/%s.sql): %w", m.Name, m.Layer, m.Name, err)
	}
	st.names = append(st.names, m.Name)
	slog.Info("model staged", "model", m.Name, "ms", time.Since(start).Milliseconds(), "cpu_ms", (rusage.CPU() - cpu).Milliseconds())
	return nil
}

// drop drops the staged tables, the last staged first; with check false
// (after an error, when the transaction may be aborted) it ignores a
// failed drop.
func (st *staging) drop(ctx context.Context, check bool) error {
	for i := len(st.names) - 1; i >= 0; i-- {
		if _, err := st.q.ExecContext(ctx, "drop table if exists temp.main."+store.QuoteIdent(st.names[i])); err != nil && check {
			return fmt.Errorf("drop staged %s: %w", st.names[i], err)
		}
	}
	st.names = nil
	return nil
}

// reads says whether model m reads, through any chain of models, one for
// which match is true (deps: each model's references).
func reads(deps map[string][]string, m string, match func(name string) bool) bool {
	seen := map[string]bool{}
	var walk func(string) bool
	walk = func(x string) bool {
		if seen[x] {
			return false
		}
		seen[x] = true
		for _, d := range deps[x] {
			if match(d) || walk(d) {
				return true
			}
		}
		return false
	}
	return walk(m)
}

// dependencies maps each model to the models it references. The map is
// the same for the same models (they are embedded), so it is worked out
// once per process: FreshenMarts asks for each mart, and with the hub log's
// models a read-only open spent 1.3 s of regexps here. Callers only read it.
func dependencies(all []Model) map[string][]string {
	key := viewsHash(all)
	if d, ok := depsCache.Load(key); ok {
		return d.(map[string][]string)
	}
	deps := map[string][]string{}
	for _, m := range all {
		deps[m.Name] = references(m, all)
	}
	depsCache.Store(key, deps)
	return deps
}

var depsCache sync.Map // viewsHash of the models → their dependencies

// buildTable creates one mart as a table (temp: in the session only), and
// logs how long it took: the mart rebuild is most of every ingest's time.
func buildTable(ctx context.Context, q Execer, kind string, m Model) error {
	start, cpu := time.Now(), rusage.CPU()
	defer func() {
		slog.Info("mart built", "mart", m.Name, "ms", time.Since(start).Milliseconds(),
			"cpu_ms", (rusage.CPU() - cpu).Milliseconds(), "temp", kind == "temp")
	}()
	order, err := sortOrder(ctx, q, m)
	if err != nil {
		return err
	}
	stmt := "create " + kind + " table " + store.QuoteIdent(m.Name) + " as\nselect * from (\n" + m.SQL + "\n) as model" + order
	if _, err := q.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("materialise %s (sql/%s/%s.sql): %w", m.Name, m.Layer, m.Name, err)
	}
	return nil
}

// sortOrder is the order by clause ("" for none) that sorts m's rows by
// the sortColumns it has.
func sortOrder(ctx context.Context, q Execer, m Model) (string, error) {
	cols, err := columnsOf(ctx, q, m.SQL)
	if err != nil {
		return "", fmt.Errorf("materialise %s (sql/%s/%s.sql): %w", m.Name, m.Layer, m.Name, err)
	}
	var order []string
	for _, c := range sortColumns {
		if slices.Contains(cols, c) {
			order = append(order, store.QuoteIdent(c))
		}
	}
	if len(order) == 0 {
		return "", nil
	}
	return "\norder by " + strings.Join(order, ", "), nil
}

func columnsOf(ctx context.Context, q Execer, body string) ([]string, error) {
	rows, err := q.QueryContext(ctx, "select * from (\n"+body+"\n) as model limit 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

// objectType says whether name is a table or a view in the main schema ("" if neither).
func objectType(ctx context.Context, q Execer, name string) (string, error) {
	var t string
	err := q.QueryRowContext(ctx, `select coalesce(max(table_type), '') from information_schema.tables
		where table_name = ? and table_schema = 'main' and table_catalog = current_database()`, name).Scan(&t)
	if err != nil {
		return "", fmt.Errorf("look up %s: %w", name, err)
	}
	switch t {
	case "BASE TABLE":
		return "table", nil
	case "VIEW":
		return "view", nil
	}
	return "", nil
}

// dropObject drops name whatever it is now, unless it already is keep: a
// model can move between layers (view ↔ table) from one release to the next.
func dropObject(ctx context.Context, q Execer, keep, name string) error {
	t, err := objectType(ctx, q, name)
	if err != nil || t == "" || t == keep {
		return err
	}
	if _, err := q.ExecContext(ctx, "drop "+t+" "+store.QuoteIdent(name)); err != nil {
		return fmt.Errorf("drop %s %s: %w", t, name, err)
	}
	return nil
}

// settingsFingerprint is the settings row as text; it includes the reference date.
func settingsFingerprint(ctx context.Context, q Execer) (string, error) {
	var s string
	err := q.QueryRowContext(ctx, "select cast(to_json(s) as varchar) from "+store.QuoteIdent(settingsModel)+" s").Scan(&s)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", settingsModel, err)
	}
	return s, nil
}

var todayRE = regexp.MustCompile(`"today":"[^"]*"`)

// FreshenMarts makes a read-only session see marts that match its own
// reference date and settings, without writing: when they differ from what
// the stored marts were built for, the affected marts are rebuilt as
// temporary tables of this session (they shadow the stored ones by name).
// A different day rebuilds only the marts marked `-- clock: today` and those
// that read them; different settings, or a day change on a database with no
// returns (the reporting month then comes from the day), rebuild every mart.
// It returns the names rebuilt.
func FreshenMarts(ctx context.Context, db *store.DB) ([]string, error) {
	ms, err := Models()
	if err != nil {
		return nil, err
	}
	marts, err := staleMarts(ctx, db, ms)
	if err != nil || len(marts) == 0 {
		return nil, err
	}
	unstage, err := stageShared(ctx, db, ms, marts)
	if err != nil {
		return nil, err
	}
	names, err := buildSessionMarts(ctx, db, marts)
	if err != nil {
		unstage(false)
		return names, err
	}
	return names, unstage(true)
}

// staleMarts lists, in dependency order (a temp mart reads the temp marts
// before it), the marts this session must build for itself: none when the
// stored ones were built for its settings, day and data; every mart for
// other data (their rebuild after a load failed or never ran), other
// settings, or another day on a database with no returns (the reporting
// month then comes from the day); else, on another day, the marts that
// read the clock.
func staleMarts(ctx context.Context, db *store.DB, ms []Model) ([]Model, error) {
	built, err := readMeta(ctx, db, "marts_settings", "marts_data")
	if err != nil {
		return nil, err
	}
	now, err := settingsFingerprint(ctx, db)
	if err != nil {
		return nil, err
	}
	data, err := dataFingerprint(ctx, db)
	if err != nil {
		return nil, err
	}
	if built[0] == now && built[1] == data {
		return nil, nil
	}
	all := built[1] != data || withoutToday(built[0]) != withoutToday(now)
	if !all {
		var any bool
		if err := db.QueryRowContext(ctx, `select exists (select 1 from returns)`).Scan(&any); err != nil {
			return nil, fmt.Errorf("read returns: %w", err)
		}
		all = !any
	}
	return slices.DeleteFunc(slices.Clone(ms), func(m Model) bool {
		return !isTable(m) || !(all || clockDependent(m, ms))
	}), nil
}

// buildSessionMarts builds marts as temporary tables of a read-only
// session. One that runs out of memory under memory_limit is built again
// with DuckDB's own limit (no transaction to lose, so only that mart).
func buildSessionMarts(ctx context.Context, db *store.DB, marts []Model) ([]string, error) {
	var (
		names   []string
		restore func()
	)
	defer func() {
		if restore != nil {
			restore()
		}
	}()
	for _, m := range marts {
		err := buildTable(ctx, db, "temp", m)
		if IsOutOfMemory(err) && restore == nil {
			if restore, err = db.LiftMemoryLimit(ctx); err != nil {
				return names, err
			}
			slog.Warn("a report table needed more memory than memory_limit allows; built it with DuckDB's own limit (80% of RAM): raise memory_limit to skip the first try", "mart", m.Name)
			err = buildTable(ctx, db, "temp", m)
		}
		if err != nil {
			return names, err
		}
		names = append(names, m.Name)
	}
	return names, nil
}

// clockDependent says whether m carries the clock marker or reads (through
// any chain of models) one that does.
func clockDependent(m Model, all []Model) bool {
	marked := map[string]bool{}
	for _, x := range all {
		marked[x.Name] = strings.Contains(x.SQL, clockMarker)
	}
	return strings.Contains(m.SQL, clockMarker) || reads(dependencies(all), m.Name, func(name string) bool { return marked[name] })
}

var todayWordRE = regexp.MustCompile(`\btoday\b`)

var builtTodayRE = regexp.MustCompile(`"today":"(\d{4}-\d{2}-\d{2})`)

// BuiltToday is the reference date the stored marts were built with: the
// database's reporting reference date, which a read-only command uses
// unless it is given one (--today), so a query and the board pack built
// beside it count the same days overdue. ok is false before any build.
func BuiltToday(ctx context.Context, db *store.DB) (t time.Time, ok bool, err error) {
	built, err := db.Meta(ctx, "marts_settings")
	if err != nil {
		return time.Time{}, false, err
	}
	m := builtTodayRE.FindStringSubmatch(built)
	if m == nil {
		return time.Time{}, false, nil
	}
	t, err = time.Parse("2006-01-02", m[1])
	if err != nil {
		return time.Time{}, false, nil
	}
	return t, true, nil
}
