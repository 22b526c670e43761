// Package export writes svhub's curated tables as files other engines read:
// Parquet (ZSTD) or CSV, Hive-partitioned by period (year=/month=) where a
// table has one, with a manifest.json naming each table, its columns and row
// count, the schema and svhub versions and the reporting month. DuckDB's own
// COPY does the writing, so no Go Parquet library is needed.
package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/internal/store"
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
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	m := &Manifest{SvhubVersion: o.Version, SchemaVersion: store.LatestVersion(), Format: o.Format}
	if o.Format == "parquet" {
		m.Compression = "zstd"
	}
	var month, today time.Time
	if err := db.QueryRowContext(ctx, `select r.reporting_month, s.today from int_reporting_month r, int_settings s`).Scan(&month, &today); err != nil {
		return nil, fmt.Errorf("export: read reporting month: %w", err)
	}
	m.ReportingMonth = month.Format("2006-01")
	m.ReferenceDate = today.Format("2006-01-02")
	regions, err := db.QueryContext(ctx, `select distinct o.region_code from contracts k
		join organisations o on o.trust_code = k.trust_code where o.region_code is not null order by 1`)
	if err != nil {
		return nil, fmt.Errorf("export: read regions: %w", err)
	}
	m.Regions = []string{}
	for regions.Next() {
		var r string
		if err := regions.Scan(&r); err != nil {
			regions.Close()
			return nil, fmt.Errorf("export: read regions: %w", err)
		}
		m.Regions = append(m.Regions, r)
	}
	regions.Close()
	var tx []string
	for _, t := range Tables {
		mt, err := writeTable(ctx, db, dir, t, o)
		if err != nil {
			return nil, err
		}
		m.Tables = append(m.Tables, *mt)
		if strings.HasPrefix(t.Name, "tx_") {
			tx = append(tx, mt.SHA256)
		}
	}
	m.TaxonomySHA256 = sha256Hex(strings.Join(tx, "\n"))
	if o.Format == "parquet" {
		// the models rendered for Spark SQL and the runner: the export is
		// all a national team needs to run them (README "Beyond one machine")
		if err := writeSpark(dir); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	err = atomicfile.Write(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return m, nil
}

// source is the select a table is copied from. JSON columns become plain
// text (every engine reads that); a partitioned table gains year and month,
// which the Hive layout moves from the files into the folder names.
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
	if t.Partition != "" {
		p := store.QuoteIdent(t.Partition)
		sel = append(sel, "year("+p+") as year", "month("+p+") as month")
	}
	from := store.QuoteIdent(t.From)
	if t.From == "settings" && len(o.Settings) > 0 {
		from = "(" + settingsInForce(o.Settings) + ")"
	}
	return "select " + strings.Join(sel, ", ") + " from " + from + " order by " + t.OrderBy, cols, nil
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
	format := o.Format
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
	opts := []string{"format " + format}
	if format == "parquet" {
		opts = append(opts, "compression zstd")
	} else {
		opts = append(opts, "header true")
	}
	target := filepath.Join(dir, t.Name)
	if t.Partition != "" {
		// DuckDB writes target/year=YYYY/month=M/data_0.<format>; the folder
		// must exist, and an empty table still gets its folder.
		if err := os.MkdirAll(target, 0o755); err != nil {
			return nil, fmt.Errorf("export %s: %w", t.Name, err)
		}
		opts = append(opts, "partition_by (year, month)")
		mt.Path = t.Name
		mt.PartitionBy = []string{"year", "month"}
	} else {
		target += "." + format
		mt.Path = t.Name + "." + format
	}
	stmt := "copy (" + src + ") to " + stringLiteral(target) + " (" + strings.Join(opts, ", ") + ")"
	res, err := db.ExecContext(ctx, stmt)
	if err != nil {
		return nil, fmt.Errorf("export %s to %s: %w", t.Name, target, err)
	}
	// COPY reports the rows it wrote: the manifest counts what is in the files.
	if mt.Rows, err = res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("export %s: count rows: %w", t.Name, err)
	}
	return mt, nil
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
