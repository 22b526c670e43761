// Package spec describes a report as data: named queries over the marts and
// the blocks (KPIs, charts, tables, text) that present their results. One
// spec drives both the HTML dashboard and the Excel board pack, so the two
// always say the same thing.
package spec

import (
	"fmt"
	"time"
)

// Kind is what a block draws.
type Kind string

const (
	KPI   Kind = "kpi"   // one-row query; each Column is a headline figure
	Bar   Kind = "bar"   // X categories, one series per Y column
	Line  Kind = "line"  // X is usually a month; one line per Y column
	Table Kind = "table" // Columns of the query, in order
	Text  Kind = "text"  // Text only
)

// Format says how a value is shown. Renderers map it to text (HTML) and to a
// number format (Excel); the stored value is never pre-formatted.
type Format string

const (
	FormatText  Format = "text"
	FormatInt   Format = "int"   // 1,234
	FormatNum   Format = "num1"  // 1,234.5
	FormatPct   Format = "pct"   // value on a 0–100 scale → 85%
	FormatRatio Format = "ratio" // value where 1 = 100% → 95%
	FormatGBP   Format = "gbp"   // £1,234
	FormatMonth Format = "month" // time.Time → Apr 2026
	FormatDate  Format = "date"  // time.Time → 30 Apr 2026
)

// Column names one column of a query result with its label and format.
type Column struct {
	Name   string
	Label  string
	Format Format
}

// Block is one element of a report page.
type Block struct {
	ID       string // stable identifier: chart IDs, anchors, sheet-safe names
	Kind     Kind
	Title    string // states the message, e.g. "Two in three commitments on track"
	Subtitle string // what is plotted, with units
	Query    string // name of a Query in the Spec
	X        string // category column (bar, line)
	Y        []Column
	// Colors maps a Y column name to a colour; renderers give every series
	// an explicit colour (LibreOffice and Excel otherwise disagree).
	Colors     map[string]string
	Stack      bool
	Horizontal bool   // bar: categories on the vertical axis (long labels)
	YAxisName  string // unit shown on the value axis, e.g. "commitments"
	Columns    []Column
	Text       string
}

// Query is a named, parameterised SELECT over the marts. Parameters are bound
// in order from the Report's Args; SQL is never built from user input.
type Query struct {
	Name string
	SQL  string
}

// Spec is a whole report: title, queries and blocks in reading order.
type Spec struct {
	Title    string
	Subtitle string
	Queries  []Query
	Blocks   []Block
	// DataQuery names the query whose full result becomes the Excel Data
	// sheet and the HTML "download the data" table.
	DataQuery string
}

// Result is the outcome of one query: column names and rows of values
// (string, float64, int64, bool, time.Time or nil).
type Result struct {
	Columns []string
	Rows    [][]any
}

// Col returns the index of a column, or -1.
func (r *Result) Col(name string) int {
	for i, c := range r.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Report is a spec with its data, ready to render.
type Report struct {
	Spec        *Spec
	Data        map[string]*Result
	AsOf        time.Time // reporting month (first day)
	Scope       string    // e.g. "North East and Yorkshire region" or "ICS QHM"
	GeneratedAt time.Time // the only clock reading in an output
	Source      string    // e.g. "svhub 0.1 · svhub.duckdb"
}

// Validate checks that every block refers to a query that exists in Data
// and to columns the query returned, so nothing renders half a report.
func (r *Report) Validate() error {
	for _, b := range r.Spec.Blocks {
		if b.Kind == Text {
			continue
		}
		res, ok := r.Data[b.Query]
		if !ok {
			return fmt.Errorf("block %s: query %q has no data", b.ID, b.Query)
		}
		need := []string{}
		if b.X != "" {
			need = append(need, b.X)
		}
		for _, c := range b.Y {
			need = append(need, c.Name)
		}
		for _, c := range b.Columns {
			need = append(need, c.Name)
		}
		for _, n := range need {
			if res.Col(n) < 0 {
				return fmt.Errorf("block %s: query %q has no column %q (has %v)", b.ID, b.Query, n, res.Columns)
			}
		}
	}
	return nil
}
