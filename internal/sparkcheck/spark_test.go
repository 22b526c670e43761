package sparkcheck

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/export"
	"github.com/nhs-hubs/svhub/transform"
)

// The Spark conformance test (make test-spark): the models rendered for
// Spark SQL, run by the export's own runner on a local Spark over the
// export, give every mart svhub computed in DuckDB, row for row, for the
// demo, a generated national data set, and seven regional hubs' exports
// combined. It needs a Python with pyspark (SVHUB_SPARK_PYTHON, Java 17 on
// the machine) and the svhub binary (SVHUB_BIN).
func TestSparkConformance(t *testing.T) {
	py, bin := os.Getenv("SVHUB_SPARK_PYTHON"), os.Getenv("SVHUB_BIN")
	if py == "" || bin == "" {
		t.Skip("the Spark conformance test runs under make test-spark (SVHUB_SPARK_PYTHON, SVHUB_BIN)")
	}
	work := t.TempDir()
	r := &runner{t: t, py: py, bin: bin, work: work}

	t.Run("demo", func(t *testing.T) {
		r.t = t
		r.svhub("demo", "--out", "demo")
		today := r.today("demo/svhub.duckdb")
		r.svhub("--db", "demo/svhub.duckdb", "--today", today, "export", "--out", "demo/export")
		r.spark("demo/export/spark", "demo/spark-marts", "", "demo/export")
		r.compareAll("demo/svhub.duckdb", today, "demo/spark-marts", nil)
		r.duckdbTime("demo/svhub.duckdb", today)

		// the comparer catches a change to one model's Spark rendering:
		// amber judged red in commitment_months
		models := filepath.Join(work, "mutant")
		copyDir(t, filepath.Join(work, "demo/export/spark"), models)
		f := filepath.Join(models, modelFile(t, models, "commitment_months"))
		b, _ := os.ReadFile(f)
		if !strings.Contains(string(b), "then 'amber'") {
			t.Fatal("commitment_months' Spark rendering has no then 'amber' to change")
		}
		os.WriteFile(f, []byte(strings.Replace(string(b), "then 'amber'", "then 'red'", 1)), 0o644)
		r.spark("mutant", "demo/mutant-marts", "commitment_months", "demo/export")
		diffs := r.compare("demo/svhub.duckdb", today, "demo/mutant-marts", "commitment_months")
		if len(diffs) == 0 {
			t.Fatal("commitment_months with amber rendered as red on Spark: the comparer found no difference")
		}
		for _, d := range diffs {
			if d.Mart != "commitment_months" || d.Column != "rag" || d.DuckDB != `"amber"` || d.Spark != `"red"` || !strings.Contains(d.Key, "commitment_id=") {
				t.Fatalf("mutant: unexpected difference %s", d)
			}
		}
		t.Logf("mutant (amber rendered red in commitment_months): %d differences, e.g. %s", len(diffs), diffs[0])
	})

	const genToday = "2026-10-20" // svhub gen's calendar for --months 6
	t.Run("gen", func(t *testing.T) {
		r.t = t
		r.svhub("gen", "--contracts", "300", "--months", "6", "--commitments", "4", "--out", "gen/in")
		r.svhub("--db", "gen/svhub.duckdb", "--today", genToday, "ingest", "gen/in")
		r.svhub("--db", "gen/svhub.duckdb", "--today", genToday, "export", "--out", "gen/export")
		r.spark("gen/export/spark", "gen/spark-marts", "", "gen/export")
		r.compareAll("gen/svhub.duckdb", genToday, "gen/spark-marts", nil)
		r.duckdbTime("gen/svhub.duckdb", genToday)
	})

	// Seven hubs, one per NHS region, each with its own inbox and database,
	// exported and combined on Spark, against one database that ingested
	// all seven inboxes.
	t.Run("national", func(t *testing.T) {
		r.t = t
		if _, err := os.Stat(filepath.Join(work, "gen/in/organisations.csv")); err != nil {
			r.svhub("gen", "--contracts", "300", "--months", "6", "--commitments", "4", "--out", "gen/in")
		}
		regions := splitByRegion(t, filepath.Join(work, "gen/in"), filepath.Join(work, "hubs"))
		if len(regions) != 7 {
			t.Fatalf("svhub gen gave %d regions, want England's 7: %v", len(regions), regions)
		}
		var exports, inboxes []string
		for _, reg := range regions {
			db := "hub-" + reg + ".duckdb"
			r.svhub("--db", db, "--today", genToday, "ingest", "hubs/"+reg)
			r.svhub("--db", db, "--today", genToday, "export", "--out", "exports/"+reg)
			exports = append(exports, "exports/"+reg)
			inboxes = append(inboxes, "hubs/"+reg)
		}
		r.svhub(append([]string{"--db", "england.duckdb", "--today", genToday, "ingest"}, inboxes...)...)
		var m export.Manifest
		b, _ := os.ReadFile(filepath.Join(work, "exports", regions[0], "manifest.json"))
		if err := json.Unmarshal(b, &m); err != nil || len(m.Regions) != 1 || m.Regions[0] != regions[0] {
			t.Fatalf("hub %s's manifest gives regions %v (err %v), want [%s]", regions[0], m.Regions, err, regions[0])
		}
		r.spark("exports/"+regions[0]+"/spark", "national-marts", "", exports...)
		// A rejected row's reason can end in a hint naming the nearest
		// contract in the register: a hub has only its own region's
		// register, so the hint is that hub's (or none), where the national
		// database's searches all of England's. Every other column, and
		// every other mart, must agree as it is.
		hint := map[string]string{"rejected_rows": `(select * replace (regexp_replace(reason, '; did you mean [^ ]+\?$|; check the contract reference against the register, or load a register that lists it$', '; (hint)') as reason) from %s)`}
		r.compareAll("england.duckdb", genToday, "national-marts", hint)
		r.duckdbTime("england.duckdb", genToday)

		// exports that cannot be combined are refused, saying why: a
		// taxonomy that differs, and a contract in two hubs' exports
		copyDir(t, filepath.Join(work, "exports", regions[0]), filepath.Join(work, "exports", "again"))
		b, _ = os.ReadFile(filepath.Join(work, "exports/again/manifest.json"))
		var other export.Manifest
		json.Unmarshal(b, &other)
		for i := range other.Tables {
			if other.Tables[i].Name == "tx_measures" {
				other.Tables[i].SHA256 = "another taxonomy"
			}
		}
		changed, _ := json.Marshal(other)
		os.WriteFile(filepath.Join(work, "exports/again/manifest.json"), changed, 0o644)
		r.sparkRefused("table tx_measures differs between exports/"+regions[0]+" and exports/again", "exports/"+regions[0], "exports/again")
		other.Tables = nil
		json.Unmarshal(b, &other)
		other.ReferenceDate = "2026-10-21"
		changed, _ = json.Marshal(other)
		os.WriteFile(filepath.Join(work, "exports/again/manifest.json"), changed, 0o644)
		r.sparkRefused("the exports have different reference dates (2026-10-20, 2026-10-21)", "exports/"+regions[0], "exports/again")
		os.WriteFile(filepath.Join(work, "exports/again/manifest.json"), b, 0o644)
		r.sparkRefused("is in more than one export (exports/"+regions[0]+", exports/again)", "exports/"+regions[0], "exports/again")
	})
}

type runner struct {
	t             *testing.T
	py, bin, work string
}

func (r *runner) svhub(args ...string) {
	r.t.Helper()
	cmd := exec.Command(r.bin, args...)
	cmd.Dir = r.work
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("svhub %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// sparkSubmitArgs: a short run uses the JVM's quick compiler only (a third
// less CPU here). That also shrinks the JVM's code cache to 48 MB by
// default, which the national case's generated code filled once the models
// grew ("Out of space in CodeCache"), so the cache is set back to 256 MB.
// pyspark splits PYSPARK_SUBMIT_ARGS with shlex, so the quotes hold.
const sparkSubmitArgs = `PYSPARK_SUBMIT_ARGS=--driver-java-options "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=256m" pyspark-shell`

func (r *runner) spark(models, out, only string, exports ...string) {
	r.t.Helper()
	args := []string{filepath.Join(models, "svhub_spark.py"), "--models", models, "--master", "local[2]", "--out", out}
	if only != "" {
		args = append(args, "--only", only)
	}
	cmd := exec.Command(r.py, append(args, exports...)...)
	cmd.Dir = r.work
	cmd.Env = append(os.Environ(), sparkSubmitArgs)
	start := time.Now()
	outb, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("spark %s: %v\n%s", strings.Join(args, " "), err, outb)
	}
	for _, l := range strings.Split(string(outb), "\n") {
		if strings.HasPrefix(l, "svhub_spark: wrote") {
			r.t.Log(l)
		}
	}
	r.t.Logf("Spark run (%s) took %.1f s", out, time.Since(start).Seconds())
}

// sparkRefused runs the runner over exports it must refuse, with a message
// holding want.
func (r *runner) sparkRefused(want string, exports ...string) {
	r.t.Helper()
	models := filepath.Join(exports[0], "spark")
	args := append([]string{filepath.Join(models, "svhub_spark.py"), "--models", models, "--master", "local[2]", "--out", "refused"}, exports...)
	cmd := exec.Command(r.py, args...)
	cmd.Dir = r.work
	cmd.Env = append(os.Environ(), sparkSubmitArgs)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), want) {
		r.t.Errorf("runner over %v: err %v, want a refusal saying %q; it said:\n%s", exports, err, want, lastLines(string(out), 5))
	}
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

func (r *runner) open(dbPath, today string) *store.DB {
	r.t.Helper()
	d, err := time.Parse("2006-01-02", today)
	if err != nil {
		r.t.Fatal(err)
	}
	db, err := store.Open(context.Background(), store.Options{Path: filepath.Join(r.work, dbPath), ReadOnly: true, Today: d})
	if err != nil {
		r.t.Fatal(err)
	}
	return db
}

// today is the reference date the database's marts were built for.
func (r *runner) today(dbPath string) string {
	r.t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: filepath.Join(r.work, dbPath), ReadOnly: true})
	if err != nil {
		r.t.Fatal(err)
	}
	defer db.Close()
	var d time.Time
	if err := db.QueryRowContext(context.Background(), `select today from report_settings`).Scan(&d); err != nil {
		r.t.Fatal(err)
	}
	return d.Format("2006-01-02")
}

// duckdbTime logs how long DuckDB takes to build every mart from the same
// data (transform.Materialise on a copy of the database, rolled back), for
// BENCHMARKS.md beside the Spark run's time.
func (r *runner) duckdbTime(dbPath, today string) {
	r.t.Helper()
	b, err := os.ReadFile(filepath.Join(r.work, dbPath))
	if err != nil {
		r.t.Fatal(err)
	}
	cp := dbPath + ".timing.duckdb"
	if err := os.WriteFile(filepath.Join(r.work, cp), b, 0o644); err != nil {
		r.t.Fatal(err)
	}
	d, _ := time.Parse("2006-01-02", today)
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(r.work, cp), Today: d})
	if err != nil {
		r.t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		r.t.Fatal(err)
	}
	defer tx.Rollback()
	start := time.Now()
	if err := transform.Materialise(ctx, tx); err != nil {
		r.t.Fatal(err)
	}
	r.t.Logf("DuckDB built the %d marts of %s in %.1f s", len(MartKeys), dbPath, time.Since(start).Seconds())
}

func (r *runner) compare(dbPath, today, martsDir, mart string, norm ...string) []Diff {
	r.t.Helper()
	db := r.open(dbPath, today)
	defer db.Close()
	duckRel, sparkRel := store.QuoteIdent(mart), "read_parquet("+quote(filepath.Join(r.work, martsDir, mart, "*.parquet"))+")"
	if len(norm) > 0 {
		duckRel, sparkRel = fmt.Sprintf(norm[0], duckRel), fmt.Sprintf(norm[0], sparkRel)
	}
	diffs, err := Compare(context.Background(), db, mart, duckRel, sparkRel)
	if err != nil {
		r.t.Fatal(err)
	}
	return diffs
}

// compareAll compares every mart and fails naming each difference (the
// first 5 of a mart, and how many more). norm gives a mart's relation
// (%s) as both sides are compared, where a column is known to differ for a
// reason that is not the engine's.
func (r *runner) compareAll(dbPath, today, martsDir string, norm map[string]string) {
	r.t.Helper()
	entries, err := os.ReadDir(filepath.Join(r.work, martsDir))
	if err != nil {
		r.t.Fatal(err)
	}
	if len(entries) != len(MartKeys) {
		r.t.Errorf("Spark wrote %d marts, svhub has %d", len(entries), len(MartKeys))
	}
	names := make([]string, 0, len(MartKeys))
	for m := range MartKeys {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range names {
		var diffs []Diff
		if n, ok := norm[m]; ok {
			diffs = r.compare(dbPath, today, martsDir, m, n)
		} else {
			diffs = r.compare(dbPath, today, martsDir, m)
		}
		for i, d := range diffs {
			if i == 5 {
				r.t.Errorf("%s: %d more differences", m, len(diffs)-5)
				break
			}
			r.t.Error(d)
		}
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func modelFile(t *testing.T, models, name string) string {
	var spec export.SparkSpec
	b, err := os.ReadFile(filepath.Join(models, "models.json"))
	if err == nil {
		err = json.Unmarshal(b, &spec)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range spec.Models {
		if m.Name == name {
			return m.File
		}
	}
	t.Fatalf("models.json has no model %s", name)
	return ""
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// splitByRegion writes one inbox per NHS region from svhub gen's national
// files, as seven hubs would hold them: each region's trusts, the contracts
// of those trusts, their commitments, and the region's returns files (gen
// writes one per region and month) unchanged. Every file gets the same
// modification time, so each hub, and the one database that ingests all
// seven inboxes, load them in name order. It returns the region codes.
func splitByRegion(t *testing.T, in, out string) []string {
	t.Helper()
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(in, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		return rows
	}
	col := func(header []string, name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, header)
		return -1
	}
	orgs, contracts, commitments := read("organisations.csv"), read("contracts.csv"), read("commitments.csv")
	regionOf := map[string]string{}
	var regions []string
	for _, o := range orgs[1:] {
		reg := o[col(orgs[0], "region_code")]
		regionOf[o[col(orgs[0], "trust_code")]] = reg
		if !contains(regions, reg) {
			regions = append(regions, reg)
		}
	}
	sort.Strings(regions)
	// a row no region claims (a planted bad row) goes to the first hub,
	// which rejects it as the national database does
	pick := func(reg string) string {
		if reg == "" {
			return regions[0]
		}
		return reg
	}
	files := map[string]map[string][][]string{}
	add := func(reg, name string, header, row []string) {
		if files[reg] == nil {
			files[reg] = map[string][][]string{}
		}
		if files[reg][name] == nil {
			files[reg][name] = [][]string{header}
		}
		files[reg][name] = append(files[reg][name], row)
	}
	for _, o := range orgs[1:] {
		add(pick(o[col(orgs[0], "region_code")]), "organisations.csv", orgs[0], o)
	}
	contractRegion := map[string]string{}
	for _, c := range contracts[1:] {
		reg := pick(regionOf[c[col(contracts[0], "trust_code")]])
		contractRegion[c[col(contracts[0], "contract_ref")]] = reg
		add(reg, "contracts.csv", contracts[0], c)
	}
	for _, c := range commitments[1:] {
		add(pick(contractRegion[c[col(commitments[0], "contract_ref")]]), "commitments.csv", commitments[0], c)
	}
	stamp := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	for _, reg := range regions {
		dir := filepath.Join(out, reg)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, rows := range files[reg] {
			f, err := os.Create(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			w := csv.NewWriter(f)
			w.WriteAll(rows)
			if err := f.Close(); err != nil || w.Error() != nil {
				t.Fatal(err, w.Error())
			}
		}
	}
	entries, err := os.ReadDir(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "returns-") {
			continue
		}
		reg := strings.TrimSuffix(name[strings.LastIndex(name, "-")+1:], filepath.Ext(name))
		if !contains(regions, reg) {
			t.Fatalf("%s: region %s is not in organisations.csv", name, reg)
		}
		b, err := os.ReadFile(filepath.Join(in, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, reg, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, stamp, stamp)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return regions
}
