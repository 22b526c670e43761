package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2" // a second, fresh DuckDB: not svhub's store
	"github.com/parquet-go/parquet-go"

	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/report/export"
	"github.com/nhs-hubs/svhub/transform"
)

// regionDB ingests a small synthetic region (its inbox written as real
// files) into a new database and returns the database path.
func regionDB(t *testing.T, dir string) string {
	t.Helper()
	region, err := synth.Generate(synth.Options{Seed: 5, Contracts: 30, Months: 3})
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(context.Background(), inbox, region); err != nil {
		t.Fatal(err)
	}
	db := preparedDB(t, filepath.Join(dir, "svhub.duckdb"))
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-10-20", "-q", "ingest", inbox); code != 0 {
		t.Fatalf("ingest: exit %d %s", code, errs)
	}
	return db
}

func readManifest(t *testing.T, dir string) export.Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, export.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m export.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func freshDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false"); err != nil {
		t.Fatal(err)
	}
	return db
}

// parquetSource is how another engine reads one exported table.
func parquetSource(dir string, tb export.ManifestTable) string {
	if len(tb.PartitionBy) > 0 {
		return fmt.Sprintf("read_parquet('%s/**/*.parquet', hive_partitioning = true)", filepath.Join(dir, tb.Path))
	}
	return fmt.Sprintf("read_parquet('%s')", filepath.Join(dir, tb.Path))
}

// profile is a table's row count and the sum of each numeric column.
type profile struct {
	rows int64
	sums map[string]float64
}

func numeric(typ string) bool {
	return slices.Contains([]string{"DOUBLE", "BIGINT", "INTEGER", "HUGEINT", "FLOAT", "DECIMAL", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER"}, strings.SplitN(typ, "(", 2)[0])
}

func sqlProfile(t *testing.T, db *sql.DB, from string, cols []export.Column) profile {
	t.Helper()
	p := profile{sums: map[string]float64{}}
	sel := []string{"count(*)"}
	var names []string
	for _, c := range cols {
		if numeric(c.Type) {
			sel = append(sel, fmt.Sprintf("coalesce(sum(cast(%q as double)), 0)", c.Name))
			names = append(names, c.Name)
		}
	}
	vals := make([]any, len(sel))
	vals[0] = &p.rows
	fs := make([]float64, len(names))
	for i := range names {
		vals[i+1] = &fs[i]
	}
	if err := db.QueryRow("select " + strings.Join(sel, ", ") + " from " + from).Scan(vals...); err != nil {
		t.Fatalf("profile %s: %v", from, err)
	}
	for i, n := range names {
		p.sums[n] = fs[i]
	}
	return p
}

// csvProfile reads an exported CSV table with Go's encoding/csv: an engine
// that shares no code with DuckDB.
func csvProfile(t *testing.T, dir string, tb export.ManifestTable) profile {
	t.Helper()
	p := profile{sums: map[string]float64{}}
	var files []string
	if len(tb.PartitionBy) > 0 {
		filepath.WalkDir(filepath.Join(dir, tb.Path), func(path string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(path, ".csv") {
				files = append(files, path)
			}
			return err
		})
	} else {
		files = []string{filepath.Join(dir, tb.Path)}
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		header := recs[0]
		for _, r := range recs[1:] {
			p.rows++
			for i, h := range header {
				for _, c := range tb.Columns {
					if c.Name == h && numeric(c.Type) && r[i] != "" {
						v, err := strconv.ParseFloat(r[i], 64)
						if err != nil {
							t.Fatalf("%s column %s: %q is not a number", f, h, r[i])
						}
						p.sums[h] += v
					}
				}
			}
		}
	}
	return p
}

// parquetGoProfile reads an exported Parquet table with parquet-go, a Go
// implementation of Parquet (and of ZSTD) that shares no code with DuckDB:
// rows and the sum of each numeric column.
func parquetGoProfile(t *testing.T, dir string, tb export.ManifestTable) profile {
	t.Helper()
	p := profile{sums: map[string]float64{}}
	var files []string
	root := filepath.Join(dir, tb.Path)
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".parquet") {
			files = append(files, path)
		}
		return err
	})
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			f.Close()
			t.Fatalf("parquet-go cannot open %s: %v", name, err)
		}
		p.rows += pf.NumRows()
		for _, c := range tb.Columns {
			if !numeric(c.Type) {
				continue
			}
			leaf, ok := pf.Schema().Lookup(c.Name)
			if !ok {
				t.Fatalf("%s: no column %s", name, c.Name)
			}
			for _, rg := range pf.RowGroups() {
				pages := rg.ColumnChunks()[leaf.ColumnIndex].Pages()
				for {
					pg, err := pages.ReadPage()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("%s column %s: %v", name, c.Name, err)
					}
					vals := make([]parquet.Value, pg.NumValues())
					n, err := pg.Values().ReadValues(vals)
					if err != nil && err != io.EOF {
						t.Fatalf("%s column %s: %v", name, c.Name, err)
					}
					for _, v := range vals[:n] {
						switch {
						case v.IsNull():
						case v.Kind() == parquet.Double:
							p.sums[c.Name] += v.Double()
						case v.Kind() == parquet.Int32:
							p.sums[c.Name] += float64(v.Int32())
						case v.Kind() == parquet.Int64:
							p.sums[c.Name] += float64(v.Int64())
						default:
							t.Fatalf("%s column %s: unexpected kind %v", name, c.Name, v.Kind())
						}
					}
				}
				pages.Close()
			}
		}
		f.Close()
	}
	return p
}

// exportedRows selects a table's rows from svhub's database as the export
// should hold them: each column as the manifest types it (JSON as text),
// and for CSV every text through the spreadsheet rule (cellsafe.SQL, itself
// compared with cellsafe.Text in report/export), an empty one as null.
func exportedRows(from string, cols []export.Column, csvText bool) string {
	sel := make([]string, len(cols))
	for i, c := range cols {
		e := fmt.Sprintf("cast(%q as %s)", c.Name, c.Type)
		if csvText && c.Type == "VARCHAR" {
			// an empty text and a null are both an empty cell in CSV
			e = "nullif(" + cellsafe.SQL(e) + ", '')"
		}
		sel[i] = e + fmt.Sprintf(" as %q", c.Name)
	}
	return "select " + strings.Join(sel, ", ") + " from " + fmt.Sprintf("%q", from)
}

// readBack selects the manifest's columns from what DuckDB reads of the
// exported files (a CSV's cells read as text, cast to the manifest's types).
func readBack(source string, cols []export.Column, csvText bool) string {
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = fmt.Sprintf("%q", c.Name)
		if csvText {
			sel[i] = fmt.Sprintf("cast(%q as %s) as %q", c.Name, c.Type, c.Name)
		}
	}
	return "select " + strings.Join(sel, ", ") + " from " + source
}

func csvSource(dir string, tb export.ManifestTable) string {
	path := filepath.Join(dir, tb.Path)
	if len(tb.PartitionBy) > 0 {
		path += "/**/*.csv"
	}
	return fmt.Sprintf("read_csv('%s', header = true, all_varchar = true)", path)
}

// sameRows: the two selects hold the same rows, every column equal, as
// many times each (except all, both ways).
func sameRows(t *testing.T, db *sql.DB, what, want, got string) {
	t.Helper()
	var missing, extra int64
	q := fmt.Sprintf("select (select count(*) from (%s except all %s)), (select count(*) from (%s except all %s))", want, got, got, want)
	if err := db.QueryRow(q).Scan(&missing, &extra); err != nil {
		t.Fatalf("%s: compare rows: %v", what, err)
	}
	if missing != 0 || extra != 0 {
		t.Errorf("%s: %d of the database's rows not in the export, %d exported rows not in the database", what, missing, extra)
	}
}

func sameProfile(t *testing.T, what string, got, want profile) {
	t.Helper()
	if got.rows != want.rows {
		t.Errorf("%s: %d rows, the database has %d", what, got.rows, want.rows)
	}
	for col, w := range want.sums {
		if g := got.sums[col]; math.Abs(g-w) > 1e-6*math.Max(1, math.Abs(w)) {
			t.Errorf("%s: sum(%s) = %v, the database says %v", what, col, g, w)
		}
	}
}

// The export must hold exactly what the database holds: every table's rows,
// column for column, as DuckDB reads the Parquet and CSV files back; and
// every table's row count and every numeric column's sum read by engines
// other than DuckDB: parquet-go (a Parquet and ZSTD implementation that
// shares no code with DuckDB) for Parquet, Go's CSV reader for CSV.
// One region database serves both export tests (an ingest costs seconds).
func TestExport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbPath := regionDB(t, dir)
	t.Run("RoundTripCountsAndSums", func(t *testing.T) { testExportRoundTrip(t, dir, dbPath) })
	t.Run("ModelsOverParquet_SameCommitmentStatus", func(t *testing.T) { testModelsOverExport(t, dir, dbPath) })
}

func testExportRoundTrip(t *testing.T, dir, dbPath string) {
	pq, cv := filepath.Join(dir, "pq"), filepath.Join(dir, "csv")
	for _, c := range [][]string{{"--format", "parquet", "--out", pq}, {"--format", "csv", "--out", cv}} {
		args := append([]string{"--db", dbPath, "--today", "2026-10-20", "export"}, c...)
		if code, _, errs := svhub(t, args...); code != 0 {
			t.Fatalf("export %v: exit %d %s", c, code, errs)
		}
	}
	m := readManifest(t, pq)
	if m.ReportingMonth != "2026-09" || m.ReferenceDate != "2026-10-20" || m.SchemaVersion < 1 || m.Compression != "zstd" || m.SvhubVersion == "" {
		t.Errorf("manifest header: %+v", m)
	}
	var names []string
	for _, tb := range m.Tables {
		names = append(names, tb.Name)
	}
	for _, want := range []string{"returns", "commitments", "contracts", "commitment_status", "missing_returns", "commitment_flags", "rollup_status"} {
		if !slices.Contains(names, want) {
			t.Errorf("manifest lacks table %s: %v", want, names)
		}
	}

	svdb, err := sql.Open("duckdb", dbPath+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer svdb.Close()
	if _, err := svdb.Exec("SET VARIABLE svhub_today = DATE '2026-10-20'"); err != nil {
		t.Fatal(err)
	}
	svdb.SetMaxOpenConns(1)
	csvTables := map[string]export.ManifestTable{}
	for _, tb := range readManifest(t, cv).Tables {
		csvTables[tb.Name] = tb
	}
	fresh := freshDuckDB(t)
	for _, tb := range m.Tables {
		from := map[string]string{}
		for _, x := range export.Tables {
			from[x.Name] = x.From
		}
		want := sqlProfile(t, svdb, from[tb.Name], tb.Columns)
		if tb.Rows != want.rows {
			t.Errorf("manifest says %s has %d rows, the database %d", tb.Name, tb.Rows, want.rows)
		}
		if slices.Contains([]string{"returns", "commitment_status", "commitments"}, tb.Name) && want.rows == 0 {
			t.Errorf("%s is empty: the round trip would prove nothing", tb.Name)
		}
		sameRows(t, svdb, "parquet "+tb.Name, exportedRows(from[tb.Name], tb.Columns, false), readBack(parquetSource(pq, tb), tb.Columns, false))
		sameRows(t, svdb, "csv "+tb.Name, exportedRows(from[tb.Name], tb.Columns, true), readBack(csvSource(cv, csvTables[tb.Name]), tb.Columns, true))
		sameProfile(t, "parquet "+tb.Name, sqlProfile(t, fresh, parquetSource(pq, tb), tb.Columns), want)
		sameProfile(t, "parquet-go "+tb.Name, parquetGoProfile(t, pq, tb), want)
		sameProfile(t, "csv "+tb.Name, csvProfile(t, cv, csvTables[tb.Name]), want)
	}

	// Hive partitions hold the rows of their own month, and the files are ZSTD.
	var wrong int
	ret := m.Tables[slices.Index(names, "returns")]
	if err := fresh.QueryRow("select count(*) from " + parquetSource(pq, ret) + " where year <> year(period) or month <> month(period)").Scan(&wrong); err != nil || wrong != 0 {
		t.Errorf("rows in the wrong year=/month= folder: %d (%v)", wrong, err)
	}
	var codecs string
	if err := fresh.QueryRow(fmt.Sprintf("select string_agg(distinct compression, ',') from parquet_metadata('%s/returns/**/*.parquet')", pq)).Scan(&codecs); err != nil || codecs != "ZSTD" {
		t.Errorf("parquet compression %q, want ZSTD (%v)", codecs, err)
	}
	if _, err := os.Stat(filepath.Join(pq, "returns", "year=2026", "month=9", "data_0.parquet")); err != nil {
		t.Errorf("expected Hive layout returns/year=2026/month=9/: %v", err)
	}
}

// Beyond one machine: the sql/ models, run by a fresh DuckDB over the
// Parquet export (external tables instead of the svhub database), give the
// same commitment_status as svhub.
func testModelsOverExport(t *testing.T, dir, dbPath string) {
	pq := filepath.Join(dir, "pq-set")
	// A threshold set by configuration (a session variable in svhub) must
	// travel in the exported settings table, or the statuses would differ.
	if code, _, errs := svhub(t, "--db", dbPath, "--today", "2026-10-20", "--set", "rag_green_min=0.8", "export", "--out", pq); code != 0 {
		t.Fatalf("export: exit %d %s", code, errs)
	}
	m := readManifest(t, pq)
	fresh := freshDuckDB(t)
	byName := map[string]export.ManifestTable{}
	for _, tb := range m.Tables {
		byName[tb.Name] = tb
	}
	// The models' inputs, as external tables over the export.
	for input, table := range export.ModelInputs {
		tb, ok := byName[table]
		if !ok {
			t.Fatalf("model input %s: table %s not in the export", input, table)
		}
		var cols []string
		for _, c := range tb.Columns {
			if !slices.Contains(export.Derived[table], c.Name) {
				cols = append(cols, fmt.Sprintf("%q", c.Name))
			}
		}
		if _, err := fresh.Exec(fmt.Sprintf("create view %s as select %s from %s", input, strings.Join(cols, ", "), parquetSource(pq, tb))); err != nil {
			t.Fatalf("external table %s: %v", input, err)
		}
	}
	// The one DuckDB-only setting the models need: the reference date.
	if _, err := fresh.Exec(fmt.Sprintf("SET VARIABLE svhub_today = DATE '%s'", m.ReferenceDate)); err != nil {
		t.Fatal(err)
	}
	models, err := transform.Models()
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range models {
		if _, err := fresh.Exec("create view " + md.Name + " as\n" + md.SQL); err != nil {
			t.Fatalf("model %s over the export: %v", md.Name, err)
		}
	}
	cs := byName["commitment_status"]
	var cols []string
	for _, c := range cs.Columns {
		cols = append(cols, fmt.Sprintf("%q", c.Name))
	}
	list := strings.Join(cols, ", ")
	exported := "select " + list + " from " + parquetSource(pq, cs)
	computed := "select " + list + " from commitment_status"
	var n, onlyComputed, onlyExported int
	var rags string
	q := fmt.Sprintf(`select (select count(*) from commitment_status),
		(select count(*) from (%s except all %s)),
		(select count(*) from (%s except all %s)),
		(select string_agg(distinct rag, ',' order by rag) from commitment_status)`, computed, exported, exported, computed)
	if err := fresh.QueryRow(q).Scan(&n, &onlyComputed, &onlyExported, &rags); err != nil {
		t.Fatal(err)
	}
	if n != int(cs.Rows) || onlyComputed != 0 || onlyExported != 0 {
		t.Errorf("models over the export: %d rows (svhub %d); %d rows only in the recomputed status, %d only in svhub's", n, cs.Rows, onlyComputed, onlyExported)
	}
	if rags != "amber,green,grey,red" {
		t.Errorf("RAG values %q: the scenario should exercise every status", rags)
	}
}
