package transform_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/transform"
)

// mergeStep is one load of the history: the files it brings, its reference
// date, and how the merge must go (worked out by hand from what the files
// hold): why every mart is rebuilt whole, or "" for an incremental merge.
type mergeStep struct {
	name  string
	files func(dir string) // writes the step's files into dir
	today time.Time
	force bool
	whole string
	vars  map[string]any // session settings (store.Options.Vars) from this step on
}

// fromMonth is mergeLog.outcome for a merge from the month touched on
// (a new month, or most contracts touched): commitment_months keeps its
// earlier rows, every other mart is rebuilt whole.
const fromMonth = "(merged from the month)"

// TestIncrementalMarts_EqualFullRebuilds loads a generated history step by
// step into two databases: one merging the marts incrementally after each
// load (transform.UpdateMarts with what the ingest touched), the other
// rebuilding them whole (transform.RebuildMarts). After every step every
// materialised mart must hold the same rows in both (EXCEPT ALL both ways),
// and the merge must have taken the path worked out for the step: late
// returns, corrections of the latest and of an old month (and the same file
// forced in again), register changes (a novation, a value, a target, a new
// contract last in key order), an organisation renamed merge by contract;
// a new month (the reporting month moves: alone, with the rest of the
// month, with a correction of an old month) and a month's bulk (most
// contracts) merge from the month; a first load (most contracts in every
// month), a commitment added ahead of others in key order (commitment ids
// move) and a changed setting are rebuilt whole.
func TestIncrementalMarts_EqualFullRebuilds(t *testing.T) {
	ctx := context.Background()
	region, err := synth.Generate(synth.Options{Seed: 11, Contracts: 40, Months: 4, National: true, Commitments: 3})
	if err != nil {
		t.Fatal(err)
	}
	gen := t.TempDir()
	if _, err := synth.WriteNational(ctx, gen, region, "csv"); err != nil {
		t.Fatal(err)
	}
	h := newHistory(t, gen, region)
	m1, m2, m3, m4 := h.month(0), h.month(1), h.month(2), h.month(3)
	day := func(m time.Time, d int) time.Time { return m.AddDate(0, 1, d-1) } // day d of the month after m
	late, last := h.regions[0], h.regions[len(h.regions)-1]
	steps := []mergeStep{
		{"register and the first month but one region's", h.files("organisations.csv", "contracts.csv", "commitments.csv", h.returns(m1, "", late)), day(m1, 10), false,
			"the load touched most contracts", nil},
		// the reporting month moves: every commitment gets its second month
		{"the second month", h.files(h.returns(m2, "", "")), day(m2, 8), false, fromMonth, nil},
		// another day: the clock's marts are rebuilt whole, the rest merged;
		// the late region's commitments are merged from the first month
		{"a late return of the first month", h.files(h.returns(m1, late, "")), day(m2, 12), false, "", nil},
		{"a correction of the second month", h.correction(m2, 2), day(m2, 12), false, "", nil},
		{"the correction forced in again", h.correction(m2, 2), day(m2, 12), true, "", nil},
		{"a novation, a value and a target changed", h.registerChange(), day(m2, 13), false, "", nil},
		{"a new contract last in key order, with returns", h.newContract(m2), day(m2, 13), false, "", nil},
		{"an organisation renamed", h.renamedTrust(), day(m2, 14), false, "", nil},
		{"a commitment added to the first contract", h.addedCommitment(), day(m2, 14), false,
			"commitments of untouched contracts are numbered anew", nil},
		{"a second new contract, with one commitment", h.oneCommitmentContract(), day(m2, 15), false, "", nil},
		// the one commitment after it is numbered anew: its old number goes
		// to the touched contract, its new one is the last
		{"a commitment added to the first new contract", h.addedToNewContract(), day(m2, 15), false,
			"commitments of untouched contracts are numbered anew", nil},
		// a few contracts, but the reporting month moves for all
		{"one region's third month", h.files(h.returns(m3, last, "")), day(m3, 3), false, fromMonth, nil},
		// most contracts, the reporting month stays
		{"the rest of the third month", h.files(h.returns(m3, "", last)), day(m3, 9), false, fromMonth, nil},
		// an old month: the merge starts there, two months back
		{"a correction of the first month", h.correction(m1, 3), day(m3, 10), false, "", nil},
		// a new month and an old month's correction in one load: the
		// corrected contracts from the old month, the rest from the new
		{"the fourth month and a correction of the second", h.both(h.files(h.returns(m4, "", "")), h.correction(m2, 5)), day(m4, 9), false, fromMonth, nil},
		{"nothing new", h.files(), day(m4, 9), false, "", nil},
		// a threshold every contract's RAG reads: the merge must not keep
		// any mart row built with the old one
		{"the green threshold lowered", h.files(), day(m4, 9), false, "the settings changed",
			map[string]any{"svhub_rag_green_min": "0.5"}},
	}
	dir := t.TempDir()
	incr, full := filepath.Join(dir, "incremental.duckdb"), filepath.Join(dir, "full.duckdb")
	// Both databases stay open across the steps, as a hub's would between
	// loads within one process: each step sets its day (and settings) on
	// the one connection instead of reopening and preparing them again,
	// which cost half the test's time.
	log := captureMergeLog(t)
	incrDB, fullDB := openHistory(t, incr), openHistory(t, full)
	merged := 0
	for i, s := range steps {
		folder := filepath.Join(dir, fmt.Sprintf("step-%02d", i))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		s.files(folder)
		log.reset()
		// The two databases load side by side (only the merge logs what
		// the log capture reads; the full rebuild logs neither message).
		var wg sync.WaitGroup
		var fullErr error
		wg.Go(func() {
			fullErr = loadStep(fullDB, folder, s, func(db *store.DB, _ *ingest.Result) error { return transform.RebuildMarts(ctx, db) })
		})
		incrErr := loadStep(incrDB, folder, s, func(db *store.DB, res *ingest.Result) error {
			return transform.UpdateMarts(ctx, db, transform.Touched(res.Touched))
		})
		wg.Wait()
		if err := errors.Join(incrErr, fullErr); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		why, ok := log.outcome()
		if !ok || why != s.whole {
			t.Errorf("step %d (%s): merge rebuilt whole for %q (logged: %v), want %q", i, s.name, why, ok, s.whole)
		}
		if why == "" {
			merged++
		}
		step := fmt.Sprintf("step %d (%s)", i, s.name)
		if differ := differentMarts(t, incrDB, fullDB); len(differ) > 0 {
			// close both (a checkpoint) and show the rows that differ
			for _, db := range []*store.DB{incrDB, fullDB} {
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
			}
			compareMarts(t, step, incr, full)
			t.Fatalf("%s: the marts %s differ", step, strings.Join(differ, ", "))
		}
		if t.Failed() {
			t.FailNow() // later steps only repeat the difference
		}
	}
	if merged < 8 {
		t.Errorf("%d steps merged incrementally, want at least 8", merged)
	}
}

// openHistory creates and prepares a database for the history's loads.
func openHistory(t *testing.T, path string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatalf("prepare %s: %v", path, err)
	}
	return db
}

// loadStep sets the step's day and settings on db, ingests folder and
// updates the marts.
func loadStep(db *store.DB, folder string, s mergeStep, update func(*store.DB, *ingest.Result) error) error {
	ctx := context.Background()
	// The settings a store.Open would set on the connection: the pool holds
	// one, kept between the steps (checked after the update).
	set := []string{fmt.Sprintf("SET VARIABLE svhub_today = DATE '%s'", s.today.Format(time.DateOnly))}
	for name, v := range s.vars {
		set = append(set, fmt.Sprintf("SET VARIABLE %s = '%s'", name, v))
	}
	for _, q := range set {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %s: %w", s.name, q, err)
		}
	}
	now := func() time.Time { return s.today }
	res, err := ingest.Run(ctx, db, []string{folder}, ingest.Options{Now: now, Today: s.today, Force: s.force})
	if err != nil {
		return fmt.Errorf("%s: ingest into %s: %w", s.name, db.Path, err)
	}
	if err := update(db, res); err != nil {
		return fmt.Errorf("%s: update the marts of %s: %w", s.name, db.Path, err)
	}
	var today time.Time
	if err := db.QueryRowContext(ctx, `select today from int_settings`).Scan(&today); err != nil {
		return err
	}
	if !today.Equal(s.today) {
		return fmt.Errorf("%s: %s was updated with today %s, want %s (the connection's variables were lost)",
			s.name, db.Path, today.Format(time.DateOnly), s.today.Format(time.DateOnly))
	}
	return nil
}

// differentMarts names the materialised marts (and meta's record of what
// they were built for) whose rows differ between the two databases: each
// table's row count and the sum of its rows' hashes, a multiset
// fingerprint, computed in each database by one query.
func differentMarts(t *testing.T, a, b *store.DB) []string {
	t.Helper()
	q := fingerprintQuery(t)
	fa, fb := fingerprints(t, a, q), fingerprints(t, b, q)
	var differ []string
	for name, f := range fa {
		if fb[name] != f {
			differ = append(differ, name)
		}
	}
	slices.Sort(differ)
	return differ
}

// martTables names meta and every materialised mart.
func martTables(t *testing.T) []string {
	t.Helper()
	ms, err := transform.Models()
	if err != nil {
		t.Fatal(err)
	}
	tables := []string{"meta"}
	for _, m := range ms {
		if m.Layer == transform.MartLayer && !strings.Contains(m.SQL, "-- materialise: no") {
			tables = append(tables, m.Name)
		}
	}
	return tables
}

func fingerprintQuery(t *testing.T) string {
	var parts []string
	for _, name := range martTables(t) {
		from := "main." + name + " r"
		if name == "meta" {
			from = `(select * from main.meta where key like 'marts_%') r`
		}
		parts = append(parts, fmt.Sprintf(`select '%s', count(*), coalesce(sum(hash(r)::hugeint), 0)::varchar from %s`, name, from))
	}
	return strings.Join(parts, " union all ")
}

func fingerprints(t *testing.T, db *store.DB, q string) map[string]string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, sum string
		var n int
		if err := rows.Scan(&name, &n, &sum); err != nil {
			t.Fatal(err)
		}
		out[name] = fmt.Sprint(n, " ", sum)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareMarts fails unless every materialised mart, and what the marts
// were built for (meta), hold the same rows in both databases.
func compareMarts(t *testing.T, step, a, b string) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{"attach '" + a + "' as a (read_only)", "attach '" + b + "' as b (read_only)"} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	tables := martTables(t)
	// One query counts the rows each side lacks, for every table both ways
	// (a query per table costs more to plan than to run on this data); the
	// tables that differ are then sampled for the message.
	var counts []string
	for _, name := range tables {
		for _, way := range [][2]string{{"a", "b"}, {"b", "a"}} {
			counts = append(counts, fmt.Sprintf(`select '%s' as name, '%s' as side, count(*) as n from (%s)`, name, way[0], exceptAll(name, way)))
		}
	}
	type diff struct{ name, side string }
	var diffs []diff
	rows, err := db.QueryContext(ctx, strings.Join(counts, " union all ")+" order by all")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d diff
		var n int
		if err := rows.Scan(&d.name, &d.side, &n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			diffs = append(diffs, d)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		way := [2]string{d.side, map[string]string{"a": "b", "b": "a"}[d.side]}
		var n int
		if err := db.QueryRowContext(ctx, `select count(*) from a.main.`+d.name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s: %s has rows in the %s database that the %s one lacks (of %d), e.g.\n  %s",
			step, d.name, label(way[0]), label(way[1]), n, strings.Join(sample(t, db, exceptAll(d.name, way)), "\n  "))
	}
}

// exceptAll is the query for the rows of table name in database way[0]
// that database way[1] lacks (of meta, only what the marts were built for).
func exceptAll(name string, way [2]string) string {
	if name == "meta" {
		return fmt.Sprintf(`select * from %s.main.meta where key like 'marts_%%' except all select * from %s.main.meta`, way[0], way[1])
	}
	return fmt.Sprintf(`select * from %s.main.%s except all select * from %s.main.%s`, way[0], name, way[1], name)
}

func label(side string) string {
	if side == "a" {
		return "incremental"
	}
	return "full"
}

// sample runs q and returns up to three of its rows as text.
func sample(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(`select cast(to_json(x) as varchar) from (` + q + `) x limit 3`)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// mergeLog records what the merge logged: "marts merged", or "marts
// rebuilt whole" with why.
type mergeLog struct {
	mu   sync.Mutex
	msgs []slog.Record
}

func captureMergeLog(t *testing.T) *mergeLog {
	l := &mergeLog{}
	old := slog.Default()
	slog.SetDefault(slog.New(l))
	t.Cleanup(func() { slog.SetDefault(old) })
	return l
}

func (l *mergeLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *mergeLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *mergeLog) WithGroup(string) slog.Handler            { return l }
func (l *mergeLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r)
	return nil
}

func (l *mergeLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = nil
}

// outcome is why the marts were rebuilt whole ("" when merged by
// contract, fromMonth when from the month); ok is false when the merge
// logged neither.
func (l *mergeLog) outcome() (why string, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.msgs {
		switch r.Message {
		case "marts merged":
			r.Attrs(func(a slog.Attr) bool {
				if a.Key == "how" && a.Value.String() == "from the month" {
					why = fromMonth
				}
				return true
			})
			return why, true
		case "marts rebuilt whole":
			r.Attrs(func(a slog.Attr) bool {
				if a.Key == "why" {
					why = a.Value.String()
				}
				return true
			})
			return why, true
		}
	}
	return "", false
}

// history writes the files of each step from a generated region.
type history struct {
	t       *testing.T
	gen     string
	region  *synth.Region
	regions []string // region codes in the returns files' names, sorted
}

func newHistory(t *testing.T, gen string, r *synth.Region) *history {
	h := &history{t: t, gen: gen, region: r}
	seen := map[string]bool{}
	for _, o := range r.Orgs {
		seen[o.RegionCode] = true
	}
	for c := range seen {
		h.regions = append(h.regions, c)
	}
	slices.Sort(h.regions)
	return h
}

func (h *history) month(i int) time.Time { return h.region.Calendar.FirstMonth.AddDate(0, i, 0) }

// returns names the generated returns files of month m: only region's
// ("" for every region's), leaving out except's.
func (h *history) returns(m time.Time, only, except string) string {
	var names []string
	for _, code := range h.regions {
		if (only == "" || code == only) && code != except {
			name := "returns-" + m.Format("2006-01") + "-" + code + ".csv"
			if _, err := os.Stat(filepath.Join(h.gen, name)); err == nil {
				names = append(names, name)
			}
		}
	}
	return strings.Join(names, "\n")
}

// files copies generated files (names, or newline-separated lists of them).
func (h *history) files(names ...string) func(string) {
	return func(dir string) {
		for _, n := range strings.Split(strings.Join(names, "\n"), "\n") {
			if n == "" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(h.gen, n))
			if err != nil {
				h.t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
				h.t.Fatal(err)
			}
		}
	}
}

// both writes the files of each step function.
func (h *history) both(steps ...func(string)) func(string) {
	return func(dir string) {
		for _, s := range steps {
			s(dir)
		}
	}
}

func (h *history) writeCSV(dir, name string, rows [][]string) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		h.t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := f.Close(); err != nil || w.Error() != nil {
		h.t.Fatal(err, w.Error())
	}
}

// readCSV reads a generated file whole.
func (h *history) readCSV(name string) [][]string {
	f, err := os.Open(filepath.Join(h.gen, name))
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		h.t.Fatal(err)
	}
	return rows
}

var returnsHeader = []string{"contract_ref", "period", "measure_code", "value", "supplier_name", "evidence", "notes"}

// correction sends new values (k times the generated value, plus one) for
// two returns each of three contracts of month m (later loads supersede
// earlier ones).
func (h *history) correction(m time.Time, k float64) func(string) {
	return func(dir string) {
		rows := [][]string{returnsHeader}
		per := map[string]int{}
		for _, r := range h.region.Returns {
			if !r.Period.Equal(m) || per[r.ContractRef] == 2 || (len(per) == 3 && per[r.ContractRef] == 0) {
				continue
			}
			per[r.ContractRef]++
			rows = append(rows, []string{r.ContractRef, m.Format("2006-01"), r.MeasureCode, fmt.Sprint(r.Value*k + 1), r.SupplierName, "corrected", ""})
		}
		h.writeCSV(dir, "correction.csv", rows)
	}
}

// sortedContracts is the register's rows (header first) sorted by reference.
func (h *history) sortedContracts() [][]string {
	rows := h.readCSV("contracts.csv")
	slices.SortFunc(rows[1:], func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return rows
}

// registerChange: the tenth contract is novated to another supplier, the
// twentieth's value changes, and the thirtieth's first commitment gets
// another target.
func (h *history) registerChange() func(string) {
	return func(dir string) {
		rows := h.sortedContracts()
		novated, revalued := slices.Clone(rows[10]), slices.Clone(rows[20])
		novated[1], novated[2] = "Novated Supplier Ltd", ""
		revalued[6] = "999000"
		h.writeCSV(dir, "contracts-changed.csv", [][]string{rows[0], novated, revalued})
		coms := h.readCSV("commitments.csv")
		for _, c := range coms[1:] {
			if c[0] == rows[30][0] && c[2] != "" {
				c = slices.Clone(c)
				c[2] = "12345"
				h.writeCSV(dir, "commitments-changed.csv", [][]string{coms[0], c})
				return
			}
		}
		h.t.Fatal("no commitment with a target for ", rows[30][0])
	}
}

// newContract registers a contract whose reference sorts after every
// other (its commitments are numbered last) with the first contract's
// terms and commitments, and a return for each commitment in month m.
func (h *history) newContract(m time.Time) func(string) {
	return func(dir string) {
		rows := h.sortedContracts()
		const ref = "ZZZ-2099-0001"
		c := slices.Clone(rows[1])
		c[0] = ref
		h.writeCSV(dir, "contracts-new.csv", [][]string{rows[0], c})
		coms := h.readCSV("commitments.csv")
		newComs := [][]string{coms[0]}
		rets := [][]string{returnsHeader}
		for _, x := range coms[1:] {
			if x[0] == rows[1][0] {
				x = slices.Clone(x)
				x[0] = ref
				newComs = append(newComs, x)
				rets = append(rets, []string{ref, m.Format("2006-01"), x[1], "3", c[1], "", ""})
			}
		}
		h.writeCSV(dir, "commitments-new.csv", newComs)
		h.writeCSV(dir, "returns-new.csv", rets)
	}
}

// renamedTrust renames the trust of the fifth contract.
func (h *history) renamedTrust() func(string) {
	return func(dir string) {
		trust := h.sortedContracts()[5][3]
		orgs := h.readCSV("organisations.csv")
		for _, o := range orgs[1:] {
			if o[0] == trust {
				o = slices.Clone(o)
				o[1] = "Renamed " + o[1]
				h.writeCSV(dir, "organisations-renamed.csv", [][]string{orgs[0], o})
				return
			}
		}
		h.t.Fatal("no organisation ", trust)
	}
}

// addedCommitment adds to the first contract (in key order) a measure of
// its model it does not commit to: every later commitment's number moves.
func (h *history) addedCommitment() func(string) {
	return func(dir string) {
		first := h.sortedContracts()[1][0]
		coms := h.readCSV("commitments.csv")
		has := map[string]bool{}
		var prefix string
		for _, c := range coms[1:] {
			if c[0] == first {
				has[c[1]] = true
				prefix = c[1][:strings.LastIndex(c[1][:strings.LastIndex(c[1], ".")], ".")+1] // SVM20.
			}
		}
		for _, c := range coms[1:] {
			if strings.HasPrefix(c[1], prefix) && !has[c[1]] && c[2] != "" {
				c = slices.Clone(c)
				c[0] = first
				h.writeCSV(dir, "commitments-added.csv", [][]string{coms[0], c})
				return
			}
		}
		h.t.Fatal("no measure to add to ", first)
	}
}

// oneCommitmentContract registers a contract last in key order with one
// commitment: the first contract's first.
func (h *history) oneCommitmentContract() func(string) {
	return func(dir string) {
		rows := h.sortedContracts()
		c := slices.Clone(rows[1])
		c[0] = "ZZZ-2099-0002"
		h.writeCSV(dir, "contracts-one.csv", [][]string{rows[0], c})
		coms := h.readCSV("commitments.csv")
		for _, x := range coms[1:] {
			if x[0] == rows[1][0] {
				x = slices.Clone(x)
				x[0] = c[0]
				h.writeCSV(dir, "commitments-one.csv", [][]string{coms[0], x})
				return
			}
		}
	}
}

// addedToNewContract adds to ZZZ-2099-0001 (newContract) the commitment
// addedCommitment gave the first contract: ZZZ-2099-0002's one commitment
// is numbered anew, and no other.
func (h *history) addedToNewContract() func(string) {
	return func(dir string) {
		tmp := h.t.TempDir()
		h.addedCommitment()(tmp)
		rows := readFile(h.t, filepath.Join(tmp, "commitments-added.csv"))
		rows[1][0] = "ZZZ-2099-0001"
		h.writeCSV(dir, "commitments-added-new.csv", rows)
	}
}

func readFile(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
