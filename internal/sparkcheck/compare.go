// Package sparkcheck compares the marts Spark computed from an svhub export
// (export/spark/svhub_spark.py) with the marts svhub computed in DuckDB,
// row for row: keys equal, numbers equal within a relative 1e-9, NULLs
// equal, text (RAG included) equal. It is the comparer of the Spark
// conformance test (make test-spark); svhub never calls it.
package sparkcheck

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Tolerance is the relative difference two numbers may have and be equal:
// the engines add doubles in different orders.
const Tolerance = 1e-9

// MartKeys are each mart's key columns (its grain, from the header comment
// of sql/marts/NAME.sql). Rows are matched on them; a key the two sides
// hold a different number of rows for is a difference too.
var MartKeys = map[string][]string{
	"actions":                  {"item_key"},
	"chase_status":             {"contract_ref", "period"},
	"chases":                   {"contract_ref", "period", "chased_on"},
	"commitment_details":       {"contract_ref", "measure_code"},
	"commitment_flags":         {"contract_ref", "measure_code", "flag"},
	"commitment_flags_open":    {"contract_ref", "measure_code", "flag"},
	"commitment_groups":        {"contract_ref", "measure_code", "kind"},
	"commitment_months":        {"commitment_id", "as_of"},
	"commitment_status":        {"contract_ref", "measure_code", "as_of"},
	"commitment_status_latest": {"contract_ref", "measure_code"},
	"completed_commitments":    {"contract_ref", "measure_code"},
	"completed_contracts":      {"contract_ref"},
	"contract_rag_months":      {"as_of", "contract_ref", "rag"},
	"contract_reporting":       {"contract_ref", "as_of"},
	"contract_summary":         {"contract_ref"},
	"contract_supplier_spans":  {"contract_ref", "from_month"},
	"delivery_medians":         {"as_of", "level", "region_code", "ics_code", "trust_code"},
	"evidence_status":          {"contract_ref", "period", "measure_code"},
	"highlights":               {"kind", "as_of", "supplier_name", "contract_ref", "measure_code"},
	"hub_log_open":             {"item_key"},
	"missing_returns":          {"contract_ref", "period"},
	"priority_gaps":            {"ics_code", "level", "local_area", "target_kind", "target_code", "priority"},
	"rag_breakdowns":           {"as_of", "contract_ref", "kind", "code", "label", "rag"},
	"rag_breakdowns_latest":    {"contract_ref", "kind", "code", "label", "rag"},
	"rejected_rows":            {"source_file", "sheet", "row_number", "column_name", "reason"},
	"report_settings":          {},
	"report_sources":           {"source_file", "file_sha256"},
	"return_evidence":          {"contract_ref", "measure_code", "period"},
	"return_notes":             {"contract_ref", "measure_code", "period"},
	"returns_due":              {"contract_ref", "period"},
	"rollup_keyed":             {"level", "key", "as_of", "contract_ref", "measure_code"},
	"rollup_measures":          {"as_of", "level", "key", "measure_code"},
	"rollup_status":            {"as_of", "level", "key"},
	"verified_delivery":        {"contract_ref", "measure_code"},
}

// Diff is one difference: the mart, the row's key, the column and both
// sides' values ("(no row)" where one side lacks the key).
type Diff struct {
	Mart, Key, Column string
	DuckDB, Spark     string
}

func (d Diff) String() string {
	return fmt.Sprintf("%s [%s] %s: DuckDB %s, Spark %s", d.Mart, d.Key, d.Column, d.DuckDB, d.Spark)
}

// Querier is a DuckDB connection that can read both sides.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

type table struct {
	cols []string
	rows map[string][][]any // by key text, in a stable order
}

// Compare compares mart as the relation duckRel and as sparkRel (both SQL
// relations the connection reads, e.g. a table and read_parquet(…)) and
// returns every difference found, worst first: columns, missing keys,
// then values.
func Compare(ctx context.Context, q Querier, mart, duckRel, sparkRel string) ([]Diff, error) {
	keys, ok := MartKeys[mart]
	if !ok {
		return nil, fmt.Errorf("compare %s: no key columns known for this mart: add it to sparkcheck.MartKeys", mart)
	}
	d, err := load(ctx, q, duckRel, keys)
	if err != nil {
		return nil, fmt.Errorf("compare %s: read DuckDB's: %w", mart, err)
	}
	s, err := load(ctx, q, sparkRel, keys)
	if err != nil {
		return nil, fmt.Errorf("compare %s: read Spark's: %w", mart, err)
	}
	var diffs []Diff
	sidx := map[string]int{}
	for i, c := range s.cols {
		sidx[c] = i
	}
	for _, c := range d.cols {
		if _, ok := sidx[c]; !ok {
			diffs = append(diffs, Diff{mart, "", c, "column", "(no column)"})
		}
	}
	for _, c := range s.cols {
		if !contains(d.cols, c) {
			diffs = append(diffs, Diff{mart, "", c, "(no column)", "column"})
		}
	}
	if len(diffs) > 0 {
		return diffs, nil
	}
	for _, k := range sortedKeys(d.rows, s.rows) {
		dr, sr := d.rows[k], s.rows[k]
		if len(dr) != len(sr) {
			diffs = append(diffs, Diff{mart, k, "(rows)", rowCount(len(dr)), rowCount(len(sr))})
			continue
		}
		for i := range dr {
			for j, c := range d.cols {
				a, b := dr[i][j], sr[i][sidx[c]]
				if !equal(a, b) {
					diffs = append(diffs, Diff{mart, k, c, show(a), show(b)})
				}
			}
		}
	}
	return diffs, nil
}

func rowCount(n int) string {
	if n == 0 {
		return "(no row)"
	}
	return fmt.Sprintf("%d rows", n)
}

func load(ctx context.Context, q Querier, rel string, keys []string) (*table, error) {
	rows, err := q.QueryContext(ctx, "select * from "+rel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	ki := make([]int, len(keys))
	for i, k := range keys {
		ki[i] = -1
		for j, c := range cols {
			if c == k {
				ki[i] = j
			}
		}
		if ki[i] < 0 {
			return nil, fmt.Errorf("%s has no key column %s", rel, k)
		}
	}
	t := &table{cols: cols, rows: map[string][][]any{}}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		parts := make([]string, len(keys))
		for i, j := range ki {
			parts[i] = keys[i] + "=" + show(vals[j])
		}
		k := strings.Join(parts, ", ")
		t.rows[k] = append(t.rows[k], vals)
	}
	// rows of one key (a mart whose key is not unique) in a stable order
	for _, rs := range t.rows {
		sort.Slice(rs, func(a, b int) bool { return rowText(rs[a]) < rowText(rs[b]) })
	}
	return t, rows.Err()
}

func rowText(r []any) string {
	var b strings.Builder
	for _, v := range r {
		if f, ok := number(v); ok {
			fmt.Fprintf(&b, "%.6g|", f) // coarse: ordering only, values are compared exactly after
			continue
		}
		b.WriteString(show(v) + "|")
	}
	return b.String()
}

func sortedKeys(a, b map[string][][]any) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// number returns a numeric value as a float64 (the engines give counts as
// different integer widths, and DECIMAL or HUGEINT where the other has
// DOUBLE or BIGINT).
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float32:
		return float64(x), true
	case float64:
		return x, true
	case interface{ Float64() float64 }: // duckdb.Decimal
		return x.Float64(), true
	case fmt.Stringer:
		// HUGEINT comes back as *big.Int
		var f float64
		if _, err := fmt.Sscan(x.String(), &f); err == nil && strings.Trim(x.String(), "-0123456789") == "" {
			return f, true
		}
	}
	return 0, false
}

// equal says whether two values are the same: NULL only equals NULL,
// numbers within Tolerance relative, everything else as shown.
func equal(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	fa, oka := number(a)
	fb, okb := number(b)
	if oka && okb {
		if fa == fb {
			return true
		}
		if math.IsNaN(fa) || math.IsNaN(fb) {
			return false
		}
		return math.Abs(fa-fb) <= Tolerance*math.Max(math.Abs(fa), math.Abs(fb))
	}
	return show(a) == show(b)
}

// show is a value as text for keys and messages.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	case string:
		return fmt.Sprintf("%q", x)
	case float64:
		return fmt.Sprintf("%.17g", x)
	}
	if f, ok := number(v); ok && f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprint(v)
}
