package transform

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// seedTables lists the taxonomy tables, their files (the same names in
// sql/seed/ and in a hub's folder) and their columns, parents first.
// Optional columns may be left out of a hub's file (they load as NULL, or
// the column's default), so files written for an older svhub still load.
var seedTables = []struct {
	table, file string
	columns     []string
	optional    []string
}{
	{"tx_missions", "missions.csv", []string{"mission", "mission_name"}, nil},
	{"tx_outcomes", "outcomes.csv", []string{"model", "outcome_code", "theme", "outcome_name", "mission"}, nil},
	{"tx_crosswalk", "crosswalk.csv", []string{"outcome_code_2020", "measure_code", "mission"}, []string{"rationale", "confidence"}},
	{"tx_award_criteria", "award_criteria.csv", []string{"model", "outcome_code", "award_criterion", "name"}, []string{"official_text", "wording_status", "source"}},
	{"tx_measures", "measures.csv", []string{"measure_code", "model", "outcome_code", "measure_name", "unit", "aggregation"},
		[]string{"award_criterion", "official_text", "wording_status", "source"}},
	{"tx_rules", RulesFile, []string{"rule", "parameter", "value", "effective_from", "effective_to", "source"}, []string{"section", "meaning"}},
}

// RulesFile holds the dated NHS and PPN rules (sql/seed/rules.csv, or the
// hub's own in a taxonomy folder).
const RulesFile = "rules.csv"

// HubMeasuresFile holds a hub's own measures (for example licensed National
// TOMs codes), with the columns of measures.csv; it is added to the measures.
const HubMeasuresFile = "hub_measures.csv"

// SeedTaxonomy loads the embedded taxonomy when the tables are empty, or
// always when replace is set.
func SeedTaxonomy(ctx context.Context, db *store.DB, replace bool) error {
	// An empty rules table is reloaded too (sql/taxonomy/seeded.sql).
	var n int
	if err := db.QueryRowContext(ctx, sqlfiles.TaxonomySeeded).Scan(&n); err != nil {
		return fmt.Errorf("read taxonomy: %w", err)
	}
	if n > 0 && !replace {
		return nil
	}
	return loadTaxonomy(ctx, db, func(name string) (io.ReadCloser, string, error) {
		f, err := sqlfiles.FS.Open("seed/" + name)
		return f, "sql/seed/" + name, err
	})
}

// TaxonomyCounts says what a taxonomy load holds.
type TaxonomyCounts struct {
	Missions, Outcomes, Crosswalk, AwardCriteria, Measures, Rules int
	FromDir                                                       []string // files taken from the folder; the rest are the embedded ones
}

// LoadTaxonomyDir replaces the taxonomy from a folder of CSV files with the
// same names and columns as sql/seed/ (missions.csv, outcomes.csv,
// crosswalk.csv, award_criteria.csv, measures.csv, rules.csv) plus an
// optional hub_measures.csv. A file the
// folder lacks keeps the embedded default. Everything loads in one
// transaction, and is checked: every measure's outcome and every mission
// named must exist.
func LoadTaxonomyDir(ctx context.Context, db *store.DB, dir string) (TaxonomyCounts, error) {
	var tc TaxonomyCounts
	st, err := os.Stat(dir)
	if err != nil {
		return tc, fmt.Errorf("taxonomy folder: %w", err)
	}
	if !st.IsDir() {
		return tc, fmt.Errorf("taxonomy folder %s: not a folder", dir)
	}
	open := func(name string) (io.ReadCloser, string, error) {
		p := filepath.Join(dir, name)
		f, err := os.Open(p)
		if err == nil {
			tc.FromDir = append(tc.FromDir, name)
			return f, p, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, p, err
		}
		if name == HubMeasuresFile {
			return nil, "", fs.ErrNotExist
		}
		e, err := sqlfiles.FS.Open("seed/" + name)
		return e, "sql/seed/" + name, err
	}
	if err := loadTaxonomy(ctx, db, open); err != nil {
		return tc, err
	}
	err = db.QueryRowContext(ctx, sqlfiles.TaxonomyCounts).Scan(
		&tc.Missions, &tc.Outcomes, &tc.Crosswalk, &tc.AwardCriteria, &tc.Measures, &tc.Rules)
	return tc, err
}

// loadTaxonomy replaces the taxonomy tables from the files open returns, in
// one transaction, then checks the references between them.
func loadTaxonomy(ctx context.Context, db *store.DB, open func(name string) (io.ReadCloser, string, error)) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range seedTables {
		if _, err := tx.ExecContext(ctx, "delete from "+store.QuoteIdent(s.table)); err != nil {
			return err
		}
	}
	for _, s := range seedTables {
		files := []string{s.file}
		if s.table == "tx_measures" {
			files = append(files, HubMeasuresFile)
		}
		for _, name := range files {
			r, where, err := open(name)
			if errors.Is(err, fs.ErrNotExist) && name == HubMeasuresFile {
				continue
			}
			if err != nil {
				return fmt.Errorf("read taxonomy %s: %w", name, err)
			}
			err = insertCSV(ctx, tx, s.table, s.columns, s.optional, r, where)
			r.Close()
			if err != nil {
				return err
			}
		}
	}
	// Wording is verified exactly when an official text is given: a hub's
	// file with the published text makes it so, and svhub's own paraphrase
	// (no official text) can never pass as official.
	for _, t := range []string{"tx_measures", "tx_award_criteria"} {
		if _, err := tx.ExecContext(ctx, "update "+t+" set wording_status = case when official_text is null then 'provisional' else 'verified' end"); err != nil {
			return err
		}
	}
	if err := checkTaxonomy(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// insertCSV inserts a CSV file's rows into table, matching its header to
// the table's columns by name (any order; every required column must be
// there, optional ones are taken when present).
func insertCSV(ctx context.Context, tx *sql.Tx, table string, required, optional []string, r io.Reader, where string) error {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return fmt.Errorf("read %s: %w", where, err)
	}
	header := strings.Join(append(append([]string{}, required...), optional...), ",")
	if len(recs) == 0 {
		return fmt.Errorf("read %s: the file is empty; expected a header row %s", where, header)
	}
	pos := map[string]int{}
	for i, h := range recs[0] {
		pos[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	var columns []string
	var idx []int
	for _, c := range required {
		j, ok := pos[c]
		if !ok {
			return fmt.Errorf("read %s: no %q column; expected the header %s", where, c, header)
		}
		columns, idx = append(columns, c), append(idx, j)
	}
	for _, c := range optional {
		if j, ok := pos[c]; ok {
			columns, idx = append(columns, c), append(idx, j)
		}
	}
	cols := make([]string, len(columns))
	marks := make([]string, len(columns))
	for i, c := range columns {
		cols[i] = store.QuoteIdent(c)
		marks[i] = "?"
	}
	stmt := fmt.Sprintf("insert into %s (%s) values (%s)", store.QuoteIdent(table), strings.Join(cols, ", "), strings.Join(marks, ", "))
	for n, rec := range recs[1:] {
		args := make([]any, len(columns))
		for i, j := range idx {
			if j < len(rec) && strings.TrimSpace(rec[j]) != "" {
				args[i] = strings.TrimSpace(rec[j])
			}
		}
		if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("load %s row %d: %w", where, n+2, err)
		}
	}
	return nil
}

// checkTaxonomy refuses a taxonomy whose parts do not fit together: the
// first of sql/taxonomy/checks.sql's checks that finds a key names it.
func checkTaxonomy(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, sqlfiles.TaxonomyChecks)
	if err != nil {
		return fmt.Errorf("check taxonomy: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		var what string
		var bad sql.NullString
		if err := rows.Scan(&n, &what, &bad); err != nil {
			return fmt.Errorf("check taxonomy: %w", err)
		}
		if bad.Valid {
			return fmt.Errorf("taxonomy: "+what, bad.String)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check taxonomy: %w", err)
	}
	return nil
}
