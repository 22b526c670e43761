package html

import (
	"strconv"
	"strings"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// A KPI tile's trend is a small SVG line drawn by svhub, not a chart
// library instance per tile: the points are made here, in the view's own
// scale, and the page swaps them with the drill-down like any other text.
const (
	sparkWidth  = 120
	sparkHeight = 28
	sparkPad    = 3
)

// trendView is a tile's trend line: its SVG points ("" when the view has
// fewer than two months with a figure) and the text a screen reader and the
// tooltip give ("Trend Oct 2025 to Sep 2026: 47% to 51%").
type trendView struct {
	Points string `json:"p"`
	Label  string `json:"l"`
}

// trendOf is column c's trend over the months of hist (one row per month,
// oldest first: spec.Block.Trend), or nil when hist has no such column.
func trendOf(hist *spec.Result, c spec.Column) *trendView {
	if hist == nil || hist.Col(c.Name) < 0 || hist.Col("month") < 0 {
		return nil
	}
	type point struct {
		i int
		v float64
	}
	var pts []point
	var first, last int
	i, m := hist.Col(c.Name), hist.Col("month")
	for n, row := range hist.Rows {
		if v, ok := format.Float(row[i]); ok {
			if len(pts) == 0 {
				first = n
			}
			last = n
			pts = append(pts, point{n, v})
		}
	}
	t := &trendView{}
	if len(pts) < 2 {
		return t
	}
	lo, hi := pts[0].v, pts[0].v
	for _, p := range pts {
		lo, hi = min(lo, p.v), max(hi, p.v)
	}
	span := float64(max(len(hist.Rows)-1, 1))
	xy := make([]string, len(pts))
	for k, p := range pts {
		x := sparkPad + float64(p.i)/span*(sparkWidth-2*sparkPad)
		y := float64(sparkHeight) / 2
		if hi > lo {
			y = sparkHeight - sparkPad - (p.v-lo)/(hi-lo)*(sparkHeight-2*sparkPad)
		}
		xy[k] = coord(x) + "," + coord(y)
	}
	t.Points = strings.Join(xy, " ")
	t.Label = "Trend " + format.Text(hist.Rows[first][m], spec.FormatMonth) + " to " + format.Text(hist.Rows[last][m], spec.FormatMonth) +
		": " + format.Text(hist.Rows[first][i], c.Format) + " to " + format.Text(hist.Rows[last][i], c.Format)
	return t
}

// coord writes a coordinate with one decimal, so the page does not carry
// float noise.
func coord(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
