package html

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"

	"github.com/nhs-hubs/svhub/report/spec"
)

// The drill-down: every view (the whole report, each ICS, trust and
// supplier in it) is embedded as display-ready data — headlines, formatted
// KPI and table text, chart categories and values — all made by the same Go
// code as the page itself, so the page's script only swaps text and chart
// data: it never formats, aggregates or parses HTML. Text is set with
// textContent, so a supplier's name is never markup.

// viewJSON is one scope's data, keyed by block ID.
type viewJSON struct {
	ID     string               `json:"id"`
	Label  string               `json:"label"`
	Titles map[string]string    `json:"t"`
	Blocks map[string]blockJSON `json:"-"` // encoded block by block: see viewsJSON
}

// viewsJSON is what the page embeds: the views' names and titles, then each
// block's data in every view, in view order. Block-major, so gzip's 32 KB
// window sees one block's rows (the same shapes, names and flags) side by
// side: a national page's views compress to two thirds of the size they
// take view by view. The page's script puts them back together.
type viewsJSON struct {
	Views  []viewJSON              `json:"v"`
	Blocks map[string][]*blockJSON `json:"b"`
}

type blockJSON struct {
	KPIs   []kpiView  `json:"k,omitempty"`
	Rows   [][]any    `json:"r,omitempty"` // [groupStart, cell...]; cell is text or {t, h (title), g (RAG)}
	Total  int        `json:"n"`
	Chart  *chartJSON `json:"c,omitempty"`
	Height int        `json:"h,omitempty"`
}

type chartJSON struct {
	Categories []string `json:"x"`
	Series     [][]any  `json:"s"`
}

type cellJSON struct {
	T string `json:"t"`
	H string `json:"h,omitempty"`
	G string `json:"g,omitempty"`
	C int    `json:"c,omitempty"` // 1: a code, kept on one line
}

func rowsJSON(t *tableView) [][]any {
	out := make([][]any, 0, len(t.Rows))
	for _, r := range t.Rows {
		row := make([]any, 0, len(r.Cells)+1)
		g := 0
		if r.GroupStart {
			g = 1
		}
		row = append(row, g)
		for _, c := range r.Cells {
			switch {
			case c.Title == "" && c.RAG == "" && !c.Code:
				row = append(row, c.Text)
			default:
				cj := cellJSON{T: c.Text, H: c.Title, G: c.RAG}
				if c.Code {
					cj.C = 1
				}
				row = append(row, cj)
			}
		}
		out = append(out, row)
	}
	return out
}

// scopeViews encodes every scope's blocks as gzip-compressed JSON in base64.
func scopeViews(r *spec.Report, ids []string) (template.JS, error) {
	views := make([]viewJSON, 0, len(r.Scopes))
	for _, sc := range r.Scopes {
		v, err := scopeView(r, sc, ids)
		if err != nil {
			return "", err
		}
		views = append(views, v)
	}
	all := viewsJSON{Views: views, Blocks: map[string][]*blockJSON{}}
	for i, v := range views {
		for id, bj := range v.Blocks {
			if all.Blocks[id] == nil {
				all.Blocks[id] = make([]*blockJSON, len(views))
			}
			all.Blocks[id][i] = &bj
		}
	}
	return encodeViews(all)
}

// scopeView is one scope's titles and the data of every block but text.
func scopeView(r *spec.Report, sc spec.Scope, ids []string) (viewJSON, error) {
	v := viewJSON{ID: sc.ID, Label: sc.Label, Titles: map[string]string{}, Blocks: map[string]blockJSON{}}
	for i, b := range r.Spec.Blocks {
		b.ID = ids[i]
		if b.Kind == spec.Text {
			continue
		}
		res := sc.Data[b.Query]
		if res == nil {
			res = &spec.Result{Columns: r.Data[b.Query].Columns}
		}
		if t, ok := sc.Titles[r.Spec.Blocks[i].ID]; ok {
			v.Titles[b.ID] = t
		}
		if b.Kind == spec.Bar || b.Kind == spec.Line {
			v.Blocks[b.ID] = chartBlockJSON(&b, res)
			continue
		}
		bv, err := blockViewOf(&b, res, sc.Data[b.Trend], r.AsOf, false)
		if err != nil {
			return v, fmt.Errorf("scope %s: %w", sc.ID, err)
		}
		var bj blockJSON
		switch {
		case bv.KPIs != nil:
			bj.KPIs = bv.KPIs
		case bv.Table != nil:
			if sc.ID != r.Scopes[0].ID && b.Limit > 0 && len(bv.Table.Rows) > b.Limit {
				// An ICS's or trust's view carries the rows it shows,
				// not the page's maxTableRows: at national scale the
				// first 100 of every list in every view were most of
				// the page. The whole report's view keeps them.
				bv.Table.Rows = bv.Table.Rows[:b.Limit]
			}
			bj.Rows, bj.Total = rowsJSON(bv.Table), bv.Table.Total
		}
		v.Blocks[b.ID] = bj
	}
	return v, nil
}

// chartBlockJSON is a chart's data in one view: the page merges it into the
// option drawn once for the whole report, so no ECharts option is built per
// view (most of the render time).
func chartBlockJSON(b *spec.Block, res *spec.Result) blockJSON {
	d := extractChartData(b, res)
	cj := &chartJSON{Categories: d.categories}
	for _, s := range d.series {
		cj.Series = append(cj.Series, seriesItems(b, s))
	}
	t := tableOf(res, chartTableColumns(b))
	return blockJSON{Chart: cj, Height: chartHeight(b, len(d.categories)), Rows: rowsJSON(t), Total: t.Total}
}

// encodeViews gzips then base64-encodes the views: they repeat the same
// shapes hundreds of times and compress about tenfold, which keeps a
// national page openable. The page decompresses them with
// DecompressionStream; base64 text is inert inside <script> whatever the
// supplier names hold.
func encodeViews(all viewsJSON) (template.JS, error) {
	out, err := json.Marshal(all)
	if err != nil {
		return "", fmt.Errorf("encode drill-down views: %w", err)
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression) // no name, no time: reproducible bytes
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(out); err != nil {
		return "", fmt.Errorf("compress drill-down views: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("compress drill-down views: %w", err)
	}
	// A JSON string, so html/template inserts it as it is (JSON is script).
	return template.JS(`"` + base64.StdEncoding.EncodeToString(gz.Bytes()) + `"`), nil
}

func pickersOf(scopes []spec.Scope) []pickerGroup {
	names := map[string]string{"ics": "Integrated care systems", "trust": "Trusts", "supplier": "Suppliers"}
	var groups []pickerGroup
	for _, kind := range []string{"ics", "trust", "supplier"} {
		g := pickerGroup{Label: names[kind]}
		for _, s := range scopes {
			if s.Kind == kind {
				g.Options = append(g.Options, pickerOption{ID: s.ID, Label: s.Label})
			}
		}
		if len(g.Options) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}
