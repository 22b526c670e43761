// Package spec describes a report as data: named queries over the marts and
// the blocks (KPIs, charts, tables, text) that present their results. One
// spec drives both the HTML dashboard and the Excel board pack, so the two
// always say the same thing.
package spec

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
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
	// Labels shows codes as plain words (generic_plan → "Only generic
	// policy language"); the code stays in the cell's tooltip. Two Columns
	// may read the same query column with different Labels (name, meaning).
	Labels map[string]string
	// Previous names the query column holding the same figure at the
	// previous reporting month (a KPI): renderers show the change beside
	// the figure ("+3 points since Aug 2026"). The previous month is
	// computed by the query from $as_of, never stored.
	Previous string
	// UnitFrom names the query column holding each row's unit code: a £
	// unit shows as £ and a count as a whole number (format.ForUnit),
	// where one column holds figures of several units.
	UnitFrom string
}

// Display is the plain word for a code under c.Labels, and whether there is one.
func (c Column) Display(code string) (string, bool) {
	s, ok := c.Labels[code]
	return s, ok
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
	// Nav is a short name for the page's contents and forum mode ("By ICS").
	Nav string
	// Headline states the block's message from its query result for a
	// reporting month; it replaces Title when it returns text. Headlines
	// live with the spec so a page's words are data, not renderer code.
	Headline func(res *Result, asOf time.Time) string
	// Limit is how many table rows show before "showing 25 of 98" and a
	// control that shows the rest (0: all).
	Limit int
	// GroupBy names a table column whose repeated values are shown once,
	// at the start of each group (a chase list grouped by supplier).
	GroupBy string
	// ValueLabels writes each bar's value on it (chart marks are labelled,
	// not only coloured).
	ValueLabels bool
	// Trend names a query with one row per month (column "month", oldest
	// first) holding a KPI block's figures month by month: each column of
	// the block with a column of that name in it gets a small trend line.
	Trend string
}

// Query is a named, parameterised SELECT over the marts. Parameters are
// referred to by name ($as_of) and declared in Spec.Params or the query's
// Args; SQL is never built from user input.
type Query struct {
	Name string
	// File names the query's SQL file under sql/reports, without .sql
	// ("dashboard/kpis"): a report's queries live in files, where the SQL
	// tests and sql-mutants see them. SQL is for a query made in Go (a
	// test's); a query has one or the other.
	File string
	SQL  string
	// With names shared report queries (sql/reports/NAME.sql, also read by
	// the board pack) that File reads as CTEs of those names: Text puts
	// them first in File's WITH clause, which must start the file.
	With []string
	// Args are parameters of this query alone, bound beside the spec's
	// (a capped list's $keep: the rows its block shows).
	Args map[string]any
	// Stream: the result is too big to hold (the board pack's Data sheet,
	// every commitment). Build reads its first StreamHead rows (what a
	// renderer fits its columns to) and counts them all (Total); the
	// renderer reads every row from Result.Stream. The SQL must end with
	// its ORDER BY, with no LIMIT.
	Stream bool
	// Parts names the results one query fills: its rows carry a column
	// "part" naming the result each belongs to (Build drops it), and every
	// part gets a result, empty if no rows are its. Two lists over one
	// aggregate (the suppliers furthest behind and furthest ahead) then
	// compute it once. Blocks name the parts as their Query.
	Parts []string
}

// Text is the query's SQL: its file's (File), with the shared queries it
// reads (With) as CTEs, or its own.
func (q Query) Text() string {
	if q.File == "" {
		return q.SQL
	}
	text := sqlfiles.Report(q.File)
	if len(q.With) == 0 {
		return text
	}
	var ctes []string
	for _, name := range q.With {
		ctes = append(ctes, name+" as (\n"+strings.TrimSpace(sqlfiles.Report(name))+"\n)")
	}
	i := withClause.FindStringIndex(text)
	if i == nil {
		panic("spec: query file " + q.File + " reads " + strings.Join(q.With, ", ") + " but has no WITH clause to put them in")
	}
	return text[:i[0]] + "with " + strings.Join(ctes, ",\n") + ",\n" + text[i[1]:]
}

// withClause is the start of a query file's WITH clause: the first line
// that is not a comment.
var withClause = regexp.MustCompile(`(?m)^with `)

// PartColumn is the column of a Parts query that names each row's result.
const PartColumn = "part"

// StreamHead is how many rows of a Stream query Build holds.
const StreamHead = 2000

// Param is a named query parameter, e.g. as_of or ics.
type Param struct {
	Name string
	Doc  string
}

// Spec is a whole report: title, queries and blocks in reading order.
type Spec struct {
	Title    string
	Subtitle string
	Params   []Param
	Queries  []Query
	Blocks   []Block
	// DataQuery names the query whose full result becomes the Excel Data
	// sheet and the HTML "download the data" table.
	DataQuery string
	// NoDrillDown: the report has no drill-down views (a board pack draws
	// only the whole file), so queries skip the rows repeated for every ICS,
	// trust and supplier view: the $drill parameter is false.
	NoDrillDown bool
	// TextQuery names a query whose first row fills {column} placeholders
	// in the blocks' Text and Subtitle (FillText): the RAG thresholds in
	// force, not the defaults, in every "how to read" text.
	TextQuery string
}

// Result is the outcome of one query: column names and rows of values
// (string, float64, int64, bool, time.Time or nil).
type Result struct {
	Columns []string
	Rows    [][]any
	// Total is how many rows the query had before SQL kept only the first
	// (a list capped per view, see ScopeRows): what "Showing 15 of 234"
	// and the headlines count. 0: the query was not capped, Rows are all.
	Total int
	// Stream, when set, runs the query again and calls each with every
	// row, in order (a Stream query: Rows holds the first StreamHead only).
	// A row is valid during its call only.
	Stream func(ctx context.Context, each func(row []any) error) error
}

// Count is how many rows the result stands for: Total when SQL capped
// the rows, else the rows held. Headlines and "of N" read this, never
// len(Rows).
func (r *Result) Count() int {
	return max(r.Total, len(r.Rows))
}

// ScopeRows names the column a capped query returns with the number of
// rows each scope had before the cap (count(*) over (partition by scope)):
// dashboard.Build moves it into Result.Total and drops the column.
const ScopeRows = "scope_rows"

// MaxTableRows is the most rows of a table with a Limit that the whole
// report's view carries ("Show the first 100"); a drill-down view carries
// the block's Limit. Queries cap their rows to these in SQL.
const MaxTableRows = 100

// MaxDownloadRows bounds the HTML page's data download: the page must
// still open quickly from an email; the board pack has every row.
const MaxDownloadRows = 20000

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
	// Commentary is the analyst's own words for the board (a commentary
	// file): the board pack's Summary keeps it in a cell of its own.
	Commentary string
	Source     string // e.g. "svhub 0.1 · svhub.duckdb"
	// Scopes are the drill-down views embedded in one file: Scopes[0] is the
	// report's own scope (its Data), then each ICS, trust and supplier in it.
	// Renderers that cannot switch views (Excel) use Data only.
	Scopes []Scope
	// SuppliersWithoutViews counts the suppliers in scope when there were
	// too many for a drill-down view each (0: every supplier has one).
	SuppliersWithoutViews int
}

// Scope is one drill-down view of a report: the same blocks over a subset.
type Scope struct {
	ID     string // "all", "ics:QHM", "trust:RR8", "supplier:Acme Ltd"
	Kind   string // all, ics, trust, supplier
	Label  string // shown in the picker
	Data   map[string]*Result
	Titles map[string]string // block ID → headline for this scope
}

var (
	namedParam    = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)
	numberedParam = regexp.MustCompile(`\$[0-9]`)
)

// Validate checks that every query refers only to declared parameters, by
// name: the driver would otherwise bind a missing name by position.
func (s *Spec) Validate() error {
	declared := map[string]bool{}
	for _, p := range s.Params {
		declared[p.Name] = true
	}
	for _, q := range s.Queries {
		if (q.File == "") == (q.SQL == "") {
			return fmt.Errorf("query %s: give its SQL or its file, one of the two", q.Name)
		}
		text := q.Text()
		if numberedParam.MatchString(text) {
			return fmt.Errorf("query %s: parameters are referred to by name ($as_of), not number", q.Name)
		}
		for _, m := range namedParam.FindAllStringSubmatch(text, -1) {
			if _, own := q.Args[m[1]]; !declared[m[1]] && !own {
				return fmt.Errorf("query %s: parameter $%s is not declared in the spec", q.Name, m[1])
			}
		}
	}
	return nil
}

// HeadlineFor returns b's message title for a result: Headline's text, or Title.
func (b *Block) HeadlineFor(res *Result, asOf time.Time) string {
	if b.Headline != nil && res != nil {
		if t := b.Headline(res, asOf); t != "" {
			return t
		}
	}
	return b.Title
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

var placeholder = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// FillText replaces each {column} in text with that column's value in the
// first row of res: a column whose name ends in _pct (a 0–100 share) as a
// percentage with at most one decimal ("95%", "92.5%": a threshold must
// not be rounded to a neighbour), any other number as it is, text as it
// is. A placeholder with no such column, or no row to read, stays as
// written, so a missing setting shows rather than reads as a number.
func FillText(text string, res *Result) string {
	if res == nil || len(res.Rows) == 0 || !strings.Contains(text, "{") {
		return text
	}
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1 : len(m)-1]
		i := res.Col(name)
		if i < 0 {
			return m
		}
		var x float64
		switch v := res.Rows[0][i].(type) {
		case float64: // rowset.Read gives float64, int64 and string
			x = v
		case int64:
			x = float64(v)
		case string:
			return v
		default:
			return m
		}
		out := strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
		if strings.HasSuffix(name, "_pct") {
			out += "%"
		}
		return out
	})
}
