// Package export writes svhub's curated tables as files other engines read:
// Parquet (ZSTD) or CSV, Hive-partitioned by period (year=/month=) where a
// table has one, with a manifest.json naming each table, its columns and row
// count, the schema and svhub versions and the reporting month. DuckDB's own
// COPY does the writing, so no Go Parquet library is needed.
package export

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/internal/rusage"
	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Formats are the file formats export writes.
var Formats = []string{"parquet", "csv"}

// Table is one exported table: its source relation and the date column it is
// partitioned by ("" for a small reference table written as one file).
type Table struct {
	Name      string
	From      string // view or table in the svhub database
	Partition string // DATE column: partitioned by year=/month= of it
	OrderBy   string // explicit order, so files are reproducible
	About     string
}

// Tables are the curated tables, in manifest order. The model inputs at the
// end (organisations, settings, taxonomy) are what another engine needs to
// run the sql/ models over the export (see README "Beyond one machine").
var Tables = []Table{
	{"returns", "returns_clean", "period", "period, contract_ref, measure_code, load_seq, row_number", "every loaded return with its provenance (source file, sheet, row, cell, SHA-256) and whether a later return superseded it"},
	{"commitments", "commitments", "", "contract_ref, measure_code", "each supplier's commitments: target, unit, frequency, term, delivery plan, with provenance"},
	{"contracts", "contracts", "", "contract_ref", "the contract register, with provenance"},
	{"contract_suppliers", "contract_suppliers", "", "contract_ref, effective_from", "each contract's suppliers and the date each held it from (novations), with provenance (model input)"},
	{"commitment_status", "commitment_status", "as_of", "as_of, contract_ref, measure_code", "delivery against each commitment, month by month (as_of), with RAG"},
	{"missing_returns", "missing_returns", "period", "period, contract_ref", "contract-months with no return past their due date"},
	{"commitment_flags", "commitment_flags", "", "contract_ref, measure_code nulls first, flag", "commitment-quality flags"},
	{"rollup_status", "rollup_status", "as_of", "as_of, level, key", "RAG counts, % on track and median ratio by month, level and key"},
	{"rejections", "rejections", "", "load_seq, source_file, sheet, row_number nulls first, column_name nulls first, reason", "every row (or file) that did not load, and why (model input)"},
	{"organisations", "organisations", "", "trust_code", "trusts with their ICS and region (model input)"},
	{"measures", "measures", "", "measure_code", "the taxonomy of both Social Value Models, as the measures view shows it"},
	{"settings", "settings", "", "key", "thresholds and grace days in force (model input)"},
	{"tx_missions", "tx_missions", "", "mission", "taxonomy table (model input)"},
	{"tx_outcomes", "tx_outcomes", "", "model, outcome_code", "taxonomy table (model input)"},
	{"tx_crosswalk", "tx_crosswalk", "", "outcome_code_2020 nulls last, measure_code", "taxonomy table (model input)"},
	{"tx_measures", "tx_measures", "", "measure_code", "taxonomy table (model input)"},
	{"tx_award_criteria", "tx_award_criteria", "", "model, award_criterion", "taxonomy table: award criteria (model input)"},
	{"tx_rules", "tx_rules", "", "rule, parameter, effective_from", "the dated NHS and PPN rules the flags apply (model input)"},
	{"ingest_files", "ingest_files", "", "load_seq, file_sha256", "every file ingested, with its SHA-256, load order and row counts"},
	{"proxy_values", "proxy_values", "", "measure_code", "£ per unit of a measure, with source and year (model input)"},
	{"priorities", "priorities", "", "ics_code, outcome_code, mission", "the hub's priorities by ICS (model input)"},
	{"hub_log_entries", "hub_log_entries", "", "load_seq, row_number", "the hub's own log: every entry loaded (chases, evidence checks, actions), with who, when and which file (model input)"},
}

// ModelInputs maps each table the sql/ models read to the exported table
// that holds it: another engine defines these as external tables over the
// export and runs the models unchanged (README "Beyond one machine").
var ModelInputs = map[string]string{
	"returns":            "returns",
	"rejections_raw":     "rejections",
	"commitments":        "commitments",
	"contracts":          "contracts",
	"contract_suppliers": "contract_suppliers",
	"organisations":      "organisations",
	"settings":           "settings",
	"tx_missions":        "tx_missions",
	"tx_outcomes":        "tx_outcomes",
	"tx_crosswalk":       "tx_crosswalk",
	"tx_measures":        "tx_measures",
	"tx_award_criteria":  "tx_award_criteria",
	"tx_rules":           "tx_rules",
	"proxy_values":       "proxy_values",
	"priorities":         "priorities",
	"hub_log_entries":    "hub_log_entries",
}

// Derived lists the columns an exported table adds to the model input it
// stands for (computed by the staging model); the input leaves them out.
var Derived = map[string][]string{
	"returns": {"superseded", "committed"},
}

// Options control one export.
type Options struct {
	Format  string // parquet or csv
	Version string // svhub version, recorded in the manifest
	// Settings are the values configuration (svhub.toml, SVHUB_*, --set)
	// gives the views through session variables, by setting name: the
	// exported settings table carries them, so another engine running the
	// models over the export uses the settings svhub used.
	Settings map[string]string
	// Spark are the sql/ models rendered for Spark SQL, which a Parquet
	// export carries in its spark/ folder. The caller renders them
	// (transform.RenderModels(transform.Spark)): the export writes what
	// the transform made and drives no stage of its own.
	Spark SparkModels
	// RowGroupRows is the rows per Parquet row group (0: DuckDB's own
	// default, 122,880); a test sets a small one to get several row groups
	// from a small table.
	RowGroupRows int
}

// Manifest describes an export; it is written as manifest.json.
type Manifest struct {
	SvhubVersion   string `json:"svhub_version"`
	SchemaVersion  int    `json:"schema_version"`
	ReportingMonth string `json:"reporting_month"`
	ReferenceDate  string `json:"reference_date"`
	Format         string `json:"format"`
	Compression    string `json:"compression,omitempty"`
	// TaxonomySHA256 identifies the taxonomy (the tx_ tables' rows): exports
	// combined on Spark must have the same one.
	TaxonomySHA256 string `json:"taxonomy_sha256"`
	// Regions are the NHS regions of the export's contracts' trusts.
	Regions []string        `json:"regions"`
	Tables  []ManifestTable `json:"tables"`
}

// ManifestTable is one table of the manifest.
type ManifestTable struct {
	Name        string   `json:"name"`
	Path        string   `json:"path"`
	PartitionBy []string `json:"partition_by,omitempty"`
	Rows        int64    `json:"rows"`
	// Combine says how several hubs' exports of the table are put
	// together on Spark: "union" (each hub's own rows) or "same" (every hub
	// must hold the same rows, SHA256 a hash of them).
	Combine string   `json:"combine"`
	SHA256  string   `json:"sha256,omitempty"`
	Key     []string `json:"key,omitempty"`
	Columns []Column `json:"columns"`
	About   string   `json:"about"`
}

// Column is a column name and its DuckDB type.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// ManifestFile is the manifest's name inside the export folder.
const ManifestFile = "manifest.json"

// Write exports every table into dir, which must not exist yet or be empty
// (callers that replace an earlier export write into a temporary folder and
// swap it in: see atomicfile.ReplaceDir).
func Write(ctx context.Context, db *store.DB, dir string, o Options) (*Manifest, error) {
	if o.Format != "parquet" && o.Format != "csv" {
		return nil, fmt.Errorf("export: format %q: expected parquet or csv", o.Format)
	}
	if o.Format == "parquet" && len(o.Spark.Models) == 0 {
		return nil, errors.New("export: a Parquet export carries the models rendered for Spark, and none were given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	m := &Manifest{SvhubVersion: o.Version, SchemaVersion: store.LatestVersion(), Format: o.Format}
	if o.Format == "parquet" {
		m.Compression = "zstd"
	}
	if err := readPeriod(ctx, db, m); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var tx []string
	for _, t := range Tables {
		start, cpu := time.Now(), rusage.CPU()
		mt, err := writeTable(ctx, db, dir, t, o)
		if err != nil {
			return nil, err
		}
		cpuEnd, peak := rusage.Usage()
		slog.Info("exported", "table", t.Name, "rows", mt.Rows, "ms", time.Since(start).Milliseconds(), "cpu_ms", (cpuEnd - cpu).Milliseconds(), "peak_rss_mb", peak>>20)
		m.Tables = append(m.Tables, *mt)
		if strings.HasPrefix(t.Name, "tx_") {
			tx = append(tx, mt.SHA256)
		}
	}
	m.TaxonomySHA256 = sha256Hex(strings.Join(tx, "\n"))
	if o.Format == "parquet" {
		// the models rendered for Spark SQL and the runner: the export is
		// all a national team needs to run them (README "Beyond one machine")
		if err := writeSpark(dir, o.Spark); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	err := atomicfile.Write(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return m, nil
}

// readPeriod fills the manifest's reporting month, reference date and
// regions.
func readPeriod(ctx context.Context, db *store.DB, m *Manifest) error {
	var month, today time.Time
	if err := db.QueryRowContext(ctx, sqlfiles.ExportPeriod).Scan(&month, &today); err != nil {
		return fmt.Errorf("read reporting month: %w", err)
	}
	m.ReportingMonth = month.Format("2006-01")
	m.ReferenceDate = today.Format("2006-01-02")
	rows, err := db.QueryContext(ctx, sqlfiles.ExportRegions)
	if err != nil {
		return fmt.Errorf("read regions: %w", err)
	}
	defer rows.Close()
	m.Regions = []string{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return fmt.Errorf("read regions: %w", err)
		}
		m.Regions = append(m.Regions, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read regions: %w", err)
	}
	return nil
}

// source is the select a table is copied from (its rows in no order: the
// caller adds a month's filter and the table's order). JSON columns become
// plain text (every engine reads that). A partitioned table's year and
// month are in its folder names (Hive layout), not in its files.
func (t Table) source(ctx context.Context, db *store.DB, o Options) (string, []Column, error) {
	cols, err := columns(ctx, db, t.From)
	if err != nil {
		return "", nil, err
	}
	sel := make([]string, 0, len(cols)+2)
	for i, c := range cols {
		q := store.QuoteIdent(c.Name)
		expr := q
		if c.Type == "JSON" {
			expr = "cast(" + q + " as varchar)"
			cols[i].Type = "VARCHAR"
		}
		if o.Format == "csv" && cols[i].Type == "VARCHAR" {
			// A spreadsheet opens a CSV as cells: supplier text such as
			// =HYPERLINK(…) or @SUM(1) gets an apostrophe, as in every other
			// output. Parquet is data for other engines and keeps the text
			// exactly.
			expr = cellsafe.SQL(expr)
		}
		if expr == q {
			sel = append(sel, q)
		} else {
			sel = append(sel, expr+" as "+q)
		}
	}
	from := store.QuoteIdent(t.From)
	if t.From == "settings" && len(o.Settings) > 0 {
		from = "(" + settingsInForce(o.Settings) + ")"
	}
	return "select " + strings.Join(sel, ", ") + " from " + from, cols, nil
}

// settingsInForce is the settings table with the configured values in
// place of the table's (and rows for configured settings it lacks).
func settingsInForce(set map[string]string) string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var cases, rows []string
	for _, k := range keys {
		cases = append(cases, "when "+stringLiteral(k)+" then "+stringLiteral(set[k]))
		rows = append(rows, "("+stringLiteral(k)+", "+stringLiteral(set[k])+", 'set by svhub configuration')")
	}
	return "select key, case key " + strings.Join(cases, " ") + " else value end as value, description from settings" +
		" union all select * from (values " + strings.Join(rows, ", ") + ") as c(key, value, description)" +
		" where key not in (select key from settings)"
}

func writeTable(ctx context.Context, db *store.DB, dir string, t Table, o Options) (*ManifestTable, error) {
	src, cols, err := t.source(ctx, db, o)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", t.Name, err)
	}
	mt := &ManifestTable{Name: t.Name, Columns: cols, About: t.About, Combine: combineOf(t.Name), Key: Keys[t.Name]}
	if Shared[t.Name] {
		if mt.SHA256, err = contentHash(ctx, db, src); err != nil {
			return nil, fmt.Errorf("export %s: hash rows: %w", t.Name, err)
		}
	}
	if t.Partition == "" {
		mt.Path = t.Name + "." + o.Format
		mt.Rows, err = copyTo(ctx, db, src+" order by "+t.OrderBy, filepath.Join(dir, mt.Path), o)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", t.Name, err)
		}
		return mt, nil
	}
	mt.Path = t.Name
	mt.PartitionBy = []string{"year", "month"}
	// An empty table still gets its folder.
	if err := os.MkdirAll(filepath.Join(dir, t.Name), 0o755); err != nil {
		return nil, fmt.Errorf("export %s: %w", t.Name, err)
	}
	months, err := partitions(ctx, db, t)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", t.Name, err)
	}
	for _, m := range months {
		n, err := t.copyMonth(ctx, db, src, m, filepath.Join(dir, t.Name, m.folder(), "data_0."+o.Format), o)
		if err != nil {
			return nil, fmt.Errorf("export %s, %s: %w", t.Name, m.folder(), err)
		}
		mt.Rows += n
	}
	return mt, nil
}

// copyTo writes one select's rows to one file with DuckDB's COPY, in the
// select's order, and returns the rows written (what the manifest counts).
// One file at a time: DuckDB holds one file's row group and one sort in
// memory, which its memory limit bounds (spilling to its temp directory
// past it), where one COPY partitioned by month kept every month's file
// open at once and ran England out of memory. An ordered COPY to one file
// also writes the same bytes every time: the partitioned writer's row
// groups came in whatever order the threads finished them.
func copyTo(ctx context.Context, db *store.DB, query, path string, o Options) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	opts := []string{"format " + o.Format}
	if o.Format == "parquet" {
		opts = append(opts, "compression zstd")
		if o.RowGroupRows > 0 {
			opts = append(opts, fmt.Sprintf("row_group_size %d", o.RowGroupRows))
		}
	} else {
		opts = append(opts, "header true")
	}
	res, err := db.ExecContext(ctx, "copy ("+query+") to "+stringLiteral(path)+" ("+strings.Join(opts, ", ")+")")
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("count rows of %s: %w", path, err)
	}
	return n, nil
}

// month is one Hive partition of a table: a year and a month, or neither
// for the rows whose date is null (DuckDB's own year=NULL/month=NULL).
type month struct {
	year, month int
	null        bool
}

func (m month) folder() string {
	if m.null {
		return "year=NULL/month=NULL"
	}
	return fmt.Sprintf("year=%d/month=%d", m.year, m.month)
}

// where selects the partition's rows: a range on the date itself, so a
// table sorted by it reads only its own row groups.
func (m month) where(col string) string {
	q := store.QuoteIdent(col)
	if m.null {
		return q + " is null"
	}
	from := time.Date(m.year, time.Month(m.month), 1, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("%s >= date '%s' and %s < date '%s'", q, from.Format(time.DateOnly), q, from.AddDate(0, 1, 0).Format(time.DateOnly))
}

// copyMonth writes one month of a partitioned table to path, in the
// table's order. A table in splits is computed one slice at a time into a
// temporary table (DuckDB then holds one slice's working memory, not all
// of them: run as one query, the slices ran side by side) and copied from
// it: the same rows, in the same order, the same bytes.
func (t Table) copyMonth(ctx context.Context, db *store.DB, src string, m month, path string, o Options) (int64, error) {
	where := " where " + m.where(t.Partition)
	sp, ok := splits[t.Name]
	if !ok {
		return copyTo(ctx, db, src+where+" order by "+t.OrderBy, path, o)
	}
	const tmp = "svhub_export_month"
	defer db.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp."+tmp)
	if sp.stage.name != "" {
		drop, err := sp.stage.month(ctx, db, m)
		defer drop()
		if err != nil {
			return 0, err
		}
	}
	for i, v := range sp.values {
		stmt := "insert into temp." + tmp + " "
		if i == 0 {
			stmt = "create or replace temp table " + tmp + " as "
		}
		if _, err := db.ExecContext(ctx, stmt+src+where+" and "+store.QuoteIdent(sp.column)+" = "+stringLiteral(v)); err != nil {
			return 0, fmt.Errorf("%s %s: %w", sp.column, v, err)
		}
	}
	return copyTo(ctx, db, "select * from temp."+tmp+" order by "+t.OrderBy, path, o)
}

// split is a column a view is cheap to compute one value of at a time,
// its values, and the relation the view reads that is staged a month at a
// time for the slices to share.
type split struct {
	column string
	values []string
	stage  stage
}

// stage is a relation a view reads (name), staged for one month as a
// temporary table of that name from query, so the view reads the table
// instead: a temporary table hides a view of the same name (as the
// transform's merges stage theirs). The query selects only what the view
// reads, from main's relation.
type stage struct {
	name, query, column string
}

// month stages m's rows and returns what drops them again (also when the
// staging fails: a half-made table must not hide the view).
func (s stage) month(ctx context.Context, db *store.DB, m month) (func(), error) {
	q := store.QuoteIdent(s.name)
	drop := func() { db.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp.main."+q) }
	_, err := db.ExecContext(ctx, "create temp table "+q+" as select * from ("+s.query+") where "+m.where(s.column))
	if err != nil {
		return drop, fmt.Errorf("stage %s: %w", s.name, err)
	}
	return drop, nil
}

// splits: rollup_status groups thirteen copies of a month of
// commitment_status, one per level (rollup_keyed), with a median and a
// distinct count that hold every row; a level at a time, a filter DuckDB
// pushes down to the copy of that level, holds a thirteenth of it. At
// England one month in one query had not finished after 15 minutes,
// spilling; one level of it takes 1.3 s of CPU and 305 MB. The month of
// commitment_status the levels read is staged once (sql/export/
// rollup_month.sql), so the view's join runs once a month, not thirteen
// times.
// The levels are rollup_keyed's: TestSplits_AreEveryLevel fails when one
// is added there and not here (its rows would be left out of the export).
var splits = map[string]split{
	"rollup_status": {"level", []string{"all", "region", "ics", "trust", "supplier", "contract", "category", "local_area",
		"mission", "theme", "outcome", "award_criterion", "model"}, stage{"commitment_status", sqlfiles.ExportRollupMonth, "as_of"}},
}

// monthsFrom names, for a partitioned view that is dear to compute whole,
// a cheaper relation with the same months: rollup_status groups every row
// of commitment_status by its month (its level "all" has every month), and
// listing its months from the view itself computed all of it, thirteen
// copies of commitment_status (1.2 GB at a tenth of England), before the
// first month's file was written.
var monthsFrom = map[string]string{"rollup_status": "commitment_status"}

// partitions lists the months a partitioned table has rows in, in order.
func partitions(ctx context.Context, db *store.DB, t Table) ([]month, error) {
	p := store.QuoteIdent(t.Partition)
	from := t.From
	if m, ok := monthsFrom[t.Name]; ok {
		from = m
	}
	rows, err := db.QueryContext(ctx, "select distinct year("+p+"), month("+p+") from "+store.QuoteIdent(from)+" order by all")
	if err != nil {
		return nil, fmt.Errorf("list months: %w", err)
	}
	defer rows.Close()
	var out []month
	for rows.Next() {
		var y, m sql.NullInt64
		if err := rows.Scan(&y, &m); err != nil {
			return nil, fmt.Errorf("list months: %w", err)
		}
		out = append(out, month{year: int(y.Int64), month: int(m.Int64), null: !y.Valid})
	}
	return out, rows.Err()
}

// columns lists a relation's columns and types, in order.
func columns(ctx context.Context, db *store.DB, rel string) ([]Column, error) {
	rows, err := db.QueryContext(ctx, `select column_name, data_type from information_schema.columns
		where table_name = ? and table_schema = 'main' order by ordinal_position`, rel)
	if err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", rel, err)
	}
	defer rows.Close()
	var cols []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Name, &c.Type); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, errors.New("no such table or view: " + rel)
	}
	return cols, nil
}

// stringLiteral quotes a file path for COPY, which takes no parameters.
func stringLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
