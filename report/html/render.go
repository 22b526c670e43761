// Package html renders a report (spec.Report) as one self-contained HTML
// dashboard: ECharts is inlined, charts are drawn with the SVG renderer when
// scrolled into view, every chart has a data-table alternative, and the page
// prints on A4. Nothing in the page is fetched from the network.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"github.com/nhs-hubs/svhub/report/format"
	"html/template"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

//go:embed page.html.tmpl
var pageTemplate string

var pageTmpl = template.Must(template.New("page").Parse(pageTemplate))

type pageView struct {
	Title, Subtitle, Scope, Month, Source, Generated string
	ECharts                                          template.JS
	Blocks                                           []blockView
	Download                                         *download
	Nav                                              []navView
	Pickers                                          []pickerGroup
	Views                                            template.JS // drill-down data, JSON
	Present                                          bool
	NoForum                                          bool
	InlineCharts                                     bool
	SuppliersWithoutViews                            int
	// Trends: some KPI tile has a trend line, so the page carries their
	// style and script (a page without, a supplier's, stays as it was).
	Trends bool
}

type navView struct{ ID, Label string }

type pickerGroup struct {
	Label   string
	Options []pickerOption
}

type pickerOption struct{ ID, Label string }

type blockView struct {
	ID, Kind, Title, Subtitle string
	KPIs                      []kpiView
	Chart                     *chartView
	Table                     *tableView
	Paragraphs                []string
	Slide                     bool // shown as a screen of its own in forum mode
}

type kpiView struct {
	Label  string `json:"-"`
	Hidden bool   `json:"-"` // no value in the report's own view (e.g. £ with no proxy values loaded)
	Value  string `json:"v"`
	RAG    string `json:"r,omitempty"` // red|amber|green|grey when the value is a RAG word
	// Change is the figure's change since the previous reporting month
	// ("+3 points since Aug 2026"); "" when the column has no Previous or
	// the previous month has no figure.
	Change string `json:"c,omitempty"`
	// Trend is the figure's small trend line over the last months (nil:
	// the tile has none; spec.Block.Trend).
	Trend *trendView `json:"s,omitempty"`
}

type chartView struct {
	Option    template.JS  // JSON with <, >, & and U+2028/2029 escaped
	Inline    *inlineChart // drawn in HTML instead, with no script and no data table
	Height    int
	AriaLabel string
	Data      *tableView
}

type tableView struct {
	Head  []headView
	Rows  []rowView
	Limit int // rows shown before "show all"
	Total int // rows in the result; more than len(Rows) when capped
}

// maxTableRows caps the rows a table with a Limit carries into the page, in
// every drill-down view: at national scale "off track" has tens of thousands
// of rows per view, which made a 500 MB page. The rest are in the data
// board pack's Data sheet, and the page says so. The dashboard's queries
// keep no more than this in SQL (spec.MaxTableRows) and say how many
// there were (spec.Result.Total).
const maxTableRows = spec.MaxTableRows

type headView struct {
	Label   string
	Numeric bool
}

type rowView struct {
	Cells      []cellView
	GroupStart bool
	Hidden     bool // beyond the table's limit until "show all"
}

type cellView struct {
	Text    string
	Title   string // the code behind a plain name
	Numeric bool
	Code    bool // a short reference (NEY-2026-0044): kept on one line
	RAG     string
}

// Render validates r and writes it as one self-contained HTML page. It
// returns ErrNoECharts when the binary was built without the ECharts
// JavaScript. The output depends only on r: the same report gives the same
// bytes.
func Render(w io.Writer, r *spec.Report) error {
	return RenderWith(w, r, Options{})
}

// Options change how a page opens.
type Options struct {
	Present bool // open in forum mode: one chart per screen, large type
	// NoForum hides the Forum mode button: a supplier's feedback page is
	// read by the supplier, not presented at the hub's forum.
	NoForum bool
	// InlineCharts draws the bar charts in HTML and CSS and inlines no
	// chart library: a supplier's page, small enough to email (issue 24).
	InlineCharts bool
}

// RenderWith is Render with options.
func RenderWith(w io.Writer, r *spec.Report, o Options) error {
	if r == nil || r.Spec == nil {
		return fmt.Errorf("render html: no report spec")
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	ids, err := blockIDs(r.Spec.Blocks)
	if err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	p := pageHeader(r, o)
	if !o.InlineCharts {
		if !HasECharts() {
			return ErrNoECharts
		}
		if unsafeInScript.MatchString(echartsJS) {
			return fmt.Errorf("render html: the embedded ECharts JavaScript contains </script or <!-- and cannot be inlined")
		}
		p.ECharts = template.JS(echartsJS)
	}
	for i := range r.Spec.Blocks {
		b := r.Spec.Blocks[i]
		b.ID = ids[i]
		bv, err := blockViewOf(&b, r.Data[b.Query], r.Data[b.Trend], r.AsOf, o.InlineCharts)
		if err != nil {
			return fmt.Errorf("render html: %w", err)
		}
		p.Blocks = append(p.Blocks, bv)
		p.Trends = p.Trends || slices.ContainsFunc(bv.KPIs, func(k kpiView) bool { return k.Trend != nil })
		if b.Nav != "" {
			p.Nav = append(p.Nav, navView{ID: b.ID, Label: b.Nav})
		}
	}
	if len(r.Scopes) > 1 {
		views, err := scopeViews(r, ids)
		if err != nil {
			return fmt.Errorf("render html: %w", err)
		}
		p.Views = views
		p.Pickers = pickersOf(r.Scopes)
	}
	p.SuppliersWithoutViews = r.SuppliersWithoutViews
	p.Download = downloadOf(r)
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render html: write page: %w", err)
	}
	return nil
}

// blockIDs are the blocks' HTML ids, each used once.
func blockIDs(blocks []spec.Block) ([]string, error) {
	ids := make([]string, len(blocks))
	seen := map[string]bool{}
	for i, b := range blocks {
		ids[i] = elementID(b.ID, i)
		if seen[ids[i]] {
			return nil, fmt.Errorf("block ID %q is used twice", ids[i])
		}
		seen[ids[i]] = true
	}
	return ids, nil
}

// pageHeader is what the page says above its blocks.
func pageHeader(r *spec.Report, o Options) pageView {
	p := pageView{
		Title:        r.Spec.Title,
		Subtitle:     r.Spec.Subtitle,
		Scope:        r.Scope,
		Source:       r.Source,
		Present:      o.Present,
		NoForum:      o.NoForum,
		InlineCharts: o.InlineCharts,
	}
	if !r.AsOf.IsZero() {
		p.Month = format.Text(r.AsOf, spec.FormatMonth)
	}
	if !r.GeneratedAt.IsZero() {
		// In UTC, named as such: Go names a local zone by what the OS calls
		// it ("GMT Standard Time" on Windows, "BST" on Linux), so the same
		// instant would read differently on each.
		p.Generated = r.GeneratedAt.UTC().Format("2 Jan 2006 15:04") + " UTC"
	}
	return p
}

var (
	unsafeInScript = regexp.MustCompile(`(?i)</script|<!--`)
	notIDChar      = regexp.MustCompile(`[^A-Za-z0-9_-]+`)
)

// elementID makes a block ID usable as an HTML id and JS lookup key.
func elementID(id string, i int) string {
	id = strings.Trim(notIDChar.ReplaceAllString(id, "-"), "-")
	if id == "" {
		return fmt.Sprintf("block-%d", i+1)
	}
	return id
}

// blockViewOf is a block ready for the page; inline draws its chart in
// HTML (see inlineChart), else it is an ECharts option. hist is a KPI
// block's figures month by month (spec.Block.Trend), nil when it has none.
func blockViewOf(b *spec.Block, res, hist *spec.Result, asOf time.Time, inline bool) (blockView, error) {
	bv := blockView{ID: b.ID, Kind: string(b.Kind), Title: b.Title, Subtitle: b.Subtitle, Slide: b.Nav != "" || b.Kind == spec.KPI}
	switch b.Kind {
	case spec.Text:
		bv.Paragraphs = paragraphs(b.Text)
	case spec.KPI:
		bv.KPIs = kpisOf(b, res, hist, asOf)
	case spec.Table:
		bv.Table = blockTable(b, res)
	case spec.Bar, spec.Line:
		c, err := chartOf(b, res, inline)
		if err != nil {
			return bv, err
		}
		bv.Chart = c
	default:
		return bv, fmt.Errorf("block %s: unknown kind %q", b.ID, b.Kind)
	}
	return bv, nil
}

// paragraphs splits a text block at its blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, para)
		}
	}
	return out
}

// kpisOf are a KPI block's figures from the first row, each with its change
// since the previous month when the column names one, and its trend when
// hist has its column.
func kpisOf(b *spec.Block, res, hist *spec.Result, asOf time.Time) []kpiView {
	cols := b.Columns
	if len(cols) == 0 {
		cols = b.Y
	}
	var out []kpiView
	for _, c := range cols {
		var v any
		if len(res.Rows) > 0 {
			v = res.Rows[0][res.Col(c.Name)]
		}
		k := kpiView{Label: labelOf(c), Value: format.Text(v, c.Format)}
		k.Hidden = k.Value == format.Missing
		k.RAG = ragClass(k.Value)
		if i := res.Col(c.Previous); c.Previous != "" && i >= 0 && len(res.Rows) > 0 && !asOf.IsZero() {
			if ch, ok := format.Change(v, res.Rows[0][i], c.Format); ok {
				k.Change = ch + " since " + format.Month(asOf.AddDate(0, -1, 0))
			}
		}
		k.Trend = trendOf(hist, c)
		out = append(out, k)
	}
	return out
}

// blockTable is a table block's rows, grouped and capped as the block asks;
// rows beyond its Limit are hidden until "show all".
func blockTable(b *spec.Block, res *spec.Result) *tableView {
	cols := b.Columns
	if len(cols) == 0 {
		for _, n := range res.Columns {
			cols = append(cols, spec.Column{Name: n})
		}
	}
	t := tableOf(res, cols)
	t.Limit = b.Limit
	if b.GroupBy != "" {
		groupRows(t, cols, b.GroupBy)
	}
	if b.Limit > 0 && len(t.Rows) > maxTableRows {
		t.Rows = t.Rows[:maxTableRows]
	}
	for i := range t.Rows {
		t.Rows[i].Hidden = b.Limit > 0 && i >= b.Limit
	}
	return t
}

// chartOf is a bar or line block's chart (an ECharts option, or inline
// bars) with its data table.
func chartOf(b *spec.Block, res *spec.Result, inline bool) (*chartView, error) {
	if b.X == "" || len(b.Y) == 0 {
		return nil, fmt.Errorf("block %s: a %s chart needs X and at least one Y column", b.ID, b.Kind)
	}
	if inline {
		ic, err := inlineChartOf(b, res)
		if err != nil {
			return nil, err
		}
		// No data table: the bars are text already (label, detail and value
		// in reading order), and a second copy of every row was a third of
		// a large supplier's page.
		return &chartView{Inline: ic}, nil
	}
	d := extractChartData(b, res)
	opt, err := chartOption(b, d)
	if err != nil {
		return nil, err
	}
	return &chartView{
		Option:    template.JS(opt),
		Height:    chartHeight(b, len(d.categories)),
		AriaLabel: chartAriaLabel(b),
		Data:      tableOf(res, chartTableColumns(b)),
	}, nil
}

func chartAriaLabel(b *spec.Block) string {
	aria := b.Title
	if b.Subtitle != "" {
		aria += ". " + b.Subtitle
	}
	return aria + ". The data is in the table below the chart."
}

func labelOf(c spec.Column) string {
	if c.Label != "" {
		return c.Label
	}
	return humanize(c.Name)
}

// chartTableColumns are the columns of the data table behind a chart: the
// block's Columns when given (they may add counts and codes), else X and Y.
func chartTableColumns(b *spec.Block) []spec.Column {
	if len(b.Columns) > 1 {
		return b.Columns
	}
	xCol := spec.Column{Name: b.X}
	for _, c := range b.Columns {
		if c.Name == b.X {
			xCol = c
		}
	}
	return append([]spec.Column{xCol}, b.Y...)
}

// chartHeight gives horizontal bars one line of label each, so names never
// overlap; the full name is in the tooltip and the data table.
func chartHeight(b *spec.Block, categories int) int {
	if b.Kind == spec.Bar && b.Horizontal {
		return max(200, 120+40*categories)
	}
	return 380
}

func tableOf(res *spec.Result, cols []spec.Column) *tableView {
	t := &tableView{}
	idx := make([]int, len(cols))
	units := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = res.Col(c.Name)
		units[i] = -1
		if c.UnitFrom != "" {
			units[i] = res.Col(c.UnitFrom)
		}
		t.Head = append(t.Head, headView{Label: labelOf(c), Numeric: format.Numeric(c.Format)})
	}
	for _, row := range res.Rows {
		cells := make([]cellView, len(cols))
		for i, c := range cols {
			var v any
			if idx[i] >= 0 {
				v = row[idx[i]]
			}
			switch {
			case c.Labels != nil:
				code := format.Text(v, spec.FormatText)
				if name, ok := c.Display(code); ok {
					cells[i] = cellView{Text: name, Title: code}
				} else {
					cells[i] = cellView{Text: code}
				}
			case c.Format == "" && cols[i].Name != "":
				// An X column without a declared format: months as "Apr 2026".
				cells[i] = cellView{Text: categoryLabel(v)}
			case units[i] >= 0:
				cells[i] = cellView{Text: format.Text(v, format.ForUnit(c.Format, row[units[i]]))}
			default:
				cells[i] = cellView{Text: format.Text(v, c.Format)}
			}
			_, isNum := format.Float(v)
			cells[i].Numeric = format.Numeric(c.Format) || (isNum && c.Format == "")
			cells[i].RAG = ragClass(cells[i].Text)
			cells[i].Code = !cells[i].Numeric && len(cells[i].Text) <= 20 && !strings.ContainsAny(cells[i].Text, " \t\n")
		}
		t.Rows = append(t.Rows, rowView{Cells: cells})
	}
	// The query's rows, not the rows it kept: "Showing 15 of 234".
	t.Total = res.Count()
	return t
}

// groupRows shows a group column's value once, on the first row of each run.
func groupRows(t *tableView, cols []spec.Column, group string) {
	gi := -1
	for i, c := range cols {
		if c.Name == group {
			gi = i
		}
	}
	if gi < 0 {
		return
	}
	prev := "\x00"
	for i := range t.Rows {
		v := t.Rows[i].Cells[gi].Text
		t.Rows[i].GroupStart = v != prev
		if v == prev {
			t.Rows[i].Cells[gi].Text = ""
		}
		prev = v
	}
}

// ragClass returns the RAG status named by a cell's text, if any; the word
// itself is always shown, the colour only reinforces it.
func ragClass(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "red":
		return "red"
	case "amber":
		return "amber"
	case "green":
		return "green"
	case "grey", "gray":
		return "grey"
	}
	return ""
}
