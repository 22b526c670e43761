package html

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Inline charts are bar charts drawn in plain HTML and CSS, for a page that
// must be small enough to email (a supplier's feedback page, issue 24): no
// chart library is inlined and no script draws them. Every bar is a list
// item that reads in order, label then value, so a screen reader or a
// printed page needs nothing else; the value is written as text beside its
// bar, formatted by the same table as the data table below it.

// inlineChart is a chart block drawn as rows of bars.
type inlineChart struct {
	Legend []inlineSeries // shown when there is more than one series
	Rows   []inlineRow
	// Mark is where 100% falls on the scale (in % of the track width), 0
	// for none: a ratio's bar is read against all that was expected.
	Mark  float64
	Scale string // what the full width of a bar stands for, with its unit
}

type inlineSeries struct {
	Name  string
	Style template.CSS
}

type inlineRow struct {
	Label  string
	Detail string // the row's other text columns: contract, trust, status
	Bars   []inlineBar
}

type inlineBar struct {
	Series string // the series' name, for a reader when there are several
	Text   string // the value as the data table shows it
	Style  template.CSS
}

// ragColors fill a bar whose row has a RAG status, as the page's pills do.
var ragColors = map[string]string{"red": "#DA291C", "amber": "#FFB81C", "green": "#009639", "grey": "#768692"}

// inlineChartOf draws a bar block's rows; a line is no list of bars, so an
// inline page has none.
func inlineChartOf(b *spec.Block, res *spec.Result) (*inlineChart, error) {
	if b.Kind != spec.Bar {
		return nil, fmt.Errorf("block %s: an inline chart draws bars, not a %s chart", b.ID, b.Kind)
	}
	d := extractChartData(b, res)
	full := inlineScale(b, d)
	c := &inlineChart{Scale: "The full width of a bar is " + format.Text(full, b.Y[0].Format) + "."}
	if b.Y[0].Format == spec.FormatRatio {
		c.Mark = math.Round(1000/full) / 10
		c.Scale = "The line marks 100%: all that was expected by now. Bars end at " + format.Text(full, spec.FormatRatio) + "; the figure beside each bar is the value."
	}
	if len(d.series) > 1 {
		for _, s := range d.series {
			c.Legend = append(c.Legend, inlineSeries{Name: seriesName(s.col), Style: barStyle(100, s.color)})
		}
	}
	details := detailColumns(b)
	for i, label := range d.categories {
		row := inlineRow{Label: label}
		var rag string
		row.Detail, rag = rowDetail(res, res.Rows[i], details)
		for _, s := range d.series {
			bar := inlineBar{Series: seriesName(s.col), Text: format.Text(s.values[i], s.col.Format)}
			x, _ := s.values[i].(float64)
			color := s.color
			if rag != "" && len(d.series) == 1 {
				color = ragColors[rag]
			}
			bar.Style = barStyle(barWidth(x, full), color)
			row.Bars = append(row.Bars, bar)
		}
		c.Rows = append(c.Rows, row)
	}
	return c, nil
}

// ratioScale is where a ratio's bars end: twice what was expected, so the
// 100% line is mid-track on every page and one far-ahead commitment does
// not squash the rest (its bar is full; its figure says how far ahead).
const ratioScale = 2

// inlineScale is the value a full-width bar stands for: ratioScale for a
// ratio, else the largest value.
func inlineScale(b *spec.Block, d chartData) float64 {
	if b.Y[0].Format == spec.FormatRatio {
		return ratioScale
	}
	full := 0.0
	for _, s := range d.series {
		for _, v := range s.values {
			if x, ok := v.(float64); ok && x > full {
				full = x
			}
		}
	}
	return full
}

// barWidth is x's share of the full scale in % (one decimal), 0 for none
// or below zero and 100 beyond the scale: a bar never points backwards or
// out of its track; its text says the value.
func barWidth(x, full float64) float64 {
	if full <= 0 || x <= 0 {
		return 0
	}
	return min(100, math.Round(1000*x/full)/10)
}

// barStyle is a bar's width and fill. The colours are the spec's own, never
// data; a fill too pale against white is outlined (WCAG 2.2 1.4.11).
func barStyle(width float64, color string) template.CSS {
	s := fmt.Sprintf("width: %.1f%%; background: %s", width, color)
	if contrast(color, "#FFFFFF") < 3 {
		s += "; outline: 1px solid " + markOutline
	}
	return template.CSS(s)
}

// detailColumns are the block's text columns other than the label: what
// tells two bars with the same label apart (the contract, the trust).
func detailColumns(b *spec.Block) []spec.Column {
	var out []spec.Column
	for _, c := range b.Columns {
		if c.Name != b.X && c.Format == spec.FormatText {
			out = append(out, c)
		}
	}
	return out
}

// rowDetail joins a row's detail columns as a reader says them ("NEY-0044 ·
// Leeds · Red"), and names its RAG status when one of them holds one.
func rowDetail(res *spec.Result, row []any, cols []spec.Column) (string, string) {
	var parts []string
	rag := ""
	for _, c := range cols {
		i := res.Col(c.Name)
		if i < 0 {
			continue
		}
		code := format.Text(row[i], spec.FormatText)
		if _, ok := ragColors[code]; ok {
			rag = code
		}
		if name, ok := c.Display(code); ok {
			code = name
		}
		if code != "" && code != format.Missing {
			parts = append(parts, code)
		}
	}
	return strings.Join(parts, " · "), rag
}
