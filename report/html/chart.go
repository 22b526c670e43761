package html

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// NHS identity colours used for series without an explicit colour in the
// spec, in an order that keeps neighbours distinguishable.
var defaultPalette = []string{
	"#005EB8", // NHS Blue
	"#003087", // Dark Blue
	"#41B6E6", // Light Blue
	"#425563", // Dark Grey
	"#00A499", // Aqua Green
	"#AE2573", // Pink
	"#ED8B00", // Orange
	"#330072", // Purple
}

const (
	fontStack = `Frutiger, Arial, "Helvetica Neue", Helvetica, sans-serif`
	textColor = "#212B32"
	axisColor = "#425563"
	gridColor = "#D8DDE0"
	// markOutline outlines marks whose fill has less than 3:1 contrast with
	// the white chart background (WCAG 2.2 1.4.11), e.g. amber.
	markOutline = "#425563"
)

// chartData is a chart block's data in display order.
type chartData struct {
	categories []string
	series     []seriesData
}

type seriesData struct {
	col    spec.Column
	color  string
	values []any // float64 or nil
}

func extractChartData(b *spec.Block, res *spec.Result) chartData {
	xi := res.Col(b.X)
	var d chartData
	for _, row := range res.Rows {
		d.categories = append(d.categories, categoryLabel(row[xi]))
	}
	for i, c := range b.Y {
		ci := res.Col(c.Name)
		s := seriesData{col: c, color: b.Colors[c.Name]}
		if s.color == "" {
			s.color = defaultPalette[i%len(defaultPalette)]
		}
		for _, row := range res.Rows {
			x, ok := format.Float(row[ci])
			if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
				s.values = append(s.values, nil)
				continue
			}
			s.values = append(s.values, x)
		}
		d.series = append(d.series, s)
	}
	return d
}

// categoryLabel shows an X value as a category: months as "Apr 2026",
// other dates as "30 Apr 2026".
func categoryLabel(v any) string {
	if t, ok := v.(time.Time); ok && !t.IsZero() && t.Day() == 1 {
		return format.Text(t, spec.FormatMonth)
	}
	return format.Text(v, spec.FormatText)
}

// chartValue is the number plotted for a value: ratios are plotted on a
// 0–100 scale so the axis can read "95%".
func chartValue(v any, f spec.Format) any {
	x, ok := v.(float64)
	if !ok {
		return "-" // ECharts' marker for a missing value
	}
	if f == spec.FormatRatio {
		x *= 100
	}
	if f == spec.FormatRatio || f == spec.FormatPct {
		x = math.Round(x*10) / 10 // the tooltip shows 45.5, not 45.4545…
	}
	// Keep the JSON short and stable: 12 significant digits at most.
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return x
}

// axisLabelFormat is an ECharts string template (not a JS function) for the
// value axis.
func axisLabelFormat(f spec.Format) string {
	switch f {
	case spec.FormatPct, spec.FormatRatio:
		return "{value}%"
	case spec.FormatGBP:
		return "£{value}"
	}
	return "{value}"
}

// chartOption builds a bar or line block's ECharts option with go-echarts
// and returns it as JSON safe to place inside a <script> element: json.Marshal
// escapes <, >, & and U+2028/2029, and map keys come out sorted, so the output
// is deterministic.
func chartOption(b *spec.Block, d chartData) ([]byte, error) {
	c, err := echartsChart(b, d)
	if err != nil {
		return nil, err
	}
	c.Validate()

	// Round-trip through a plain map to add what go-echarts has no field for.
	raw, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("block %s: encode chart option: %w", b.ID, err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("block %s: decode chart option: %w", b.ID, err)
	}
	decorateSeries(m, b, d)
	if b.Kind == spec.Bar && b.Horizontal {
		truncateCategoryNames(m)
	}
	delete(m, "title") // the page renders the title as an HTML heading
	delete(m, "toolbox")
	colors := make([]any, len(d.series))
	for i, s := range d.series {
		colors[i] = s.color
	}
	m["color"] = colors
	m["textStyle"] = map[string]any{"fontFamily": fontStack, "color": textColor}
	m["tooltip"] = tooltipOption(m["tooltip"], b)
	out, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("block %s: encode chart option: %w", b.ID, err)
	}
	return out, nil
}

// echartsChartType is what chartOption needs of a go-echarts chart.
type echartsChartType interface {
	Validate()
	JSON() map[string]interface{}
}

// echartsChart is the go-echarts chart of a block: its kind's series over
// the shared axes and page-wide options.
func echartsChart(b *spec.Block, d chartData) (echartsChartType, error) {
	valueAxis := valueAxisOf(b, d)
	categoryAxis := categoryAxisOf()
	global := globalOptions(b)
	switch b.Kind {
	case spec.Bar:
		return barChart(b, d, global, valueAxis, categoryAxis), nil
	case spec.Line:
		return lineChart(b, d, global, valueAxis, categoryAxis), nil
	}
	return nil, fmt.Errorf("block %s: kind %q is not a chart", b.ID, b.Kind)
}

// valueAxisOf is the axis of the plotted numbers, labelled in the first
// series' format.
func valueAxisOf(b *spec.Block, d chartData) opts.YAxis {
	valueFormat := spec.FormatInt
	if len(b.Y) > 0 {
		valueFormat = b.Y[0].Format
	}
	valueAxis := opts.YAxis{
		Type:         "value",
		Name:         b.YAxisName,
		NameLocation: "end",
		AxisLabel:    &opts.AxisLabel{Formatter: types.FuncStr(axisLabelFormat(valueFormat)), Color: axisColor, FontFamily: fontStack, FontSize: 12},
		AxisLine:     &opts.AxisLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: axisColor}},
		SplitLine:    &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: gridColor}},
	}
	if allNonNegative(d) {
		valueAxis.Min = 0 // zero baseline
	}
	if b.Stack && allShares(b) {
		valueAxis.Max = 100 // shares of a whole: rounding must not stretch the axis to 120%
	}
	return valueAxis
}

func allNonNegative(d chartData) bool {
	for _, s := range d.series {
		for _, v := range s.values {
			if x, ok := v.(float64); ok && x < 0 {
				return false
			}
		}
	}
	return true
}

// categoryAxisOf is the axis of the X values, every label shown.
func categoryAxisOf() opts.XAxis {
	return opts.XAxis{
		Type:      "category",
		AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 0, Color: textColor, FontFamily: fontStack, FontSize: 12},
		AxisTick:  &opts.AxisTick{AlignWithLabel: opts.Bool(true)},
		AxisLine:  &opts.AxisLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: axisColor}},
	}
}

// globalOptions are what every chart of the page shares: a fixed ID, the
// SVG renderer, no animation, the legend on top and an axis tooltip.
func globalOptions(b *spec.Block) []charts.GlobalOpts {
	gridBottom := "8"
	if b.Kind == spec.Bar && b.Horizontal {
		gridBottom = "36" // room for the value-axis name under the axis
	}
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: "chart-" + b.ID, Renderer: "svg", AssetsHost: "assets/"}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Left: "0", TextStyle: &opts.TextStyle{Color: textColor, FontFamily: fontStack, FontSize: 13}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "48", Top: "44", Bottom: gridBottom, ContainLabel: opts.Bool(true)}),
	}
}

// barChart draws one bar series per Y column; horizontal bars put the
// categories down the side, first row at the top.
func barChart(b *spec.Block, d chartData, global []charts.GlobalOpts, valueAxis opts.YAxis, categoryAxis opts.XAxis) *charts.Bar {
	bar := charts.NewBar()
	if b.Horizontal {
		// Long names wrap (cut to one line later, see truncateCategoryNames).
		catLabel := categoryAxis.AxisLabel
		catLabel.Width = 200
		catLabel.Overflow = "break"
		y := opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: catLabel, AxisLine: categoryAxis.AxisLine}
		x := opts.XAxis{Type: valueAxis.Type, Name: valueAxis.Name, NameLocation: "middle", NameGap: 28,
			Min: valueAxis.Min, Max: valueAxis.Max, AxisLabel: valueAxis.AxisLabel, AxisLine: valueAxis.AxisLine, SplitLine: valueAxis.SplitLine}
		global = append(global, charts.WithXAxisOpts(x), charts.WithYAxisOpts(y))
		bar.XYReversal()
	} else {
		global = append(global, charts.WithXAxisOpts(categoryAxis), charts.WithYAxisOpts(valueAxis))
	}
	bar.SetGlobalOptions(global...)
	bar.SetXAxis(d.categories)
	for _, s := range d.series {
		data := make([]opts.BarData, len(s.values))
		for i, v := range s.values {
			data[i] = opts.BarData{Value: chartValue(v, s.col.Format)}
		}
		style := opts.ItemStyle{Color: s.color}
		if contrast(s.color, "#FFFFFF") < 3 {
			style.BorderColor = markOutline
			style.BorderWidth = 1
		}
		so := []charts.SeriesOpts{charts.WithItemStyleOpts(style)}
		if b.Stack {
			so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		}
		bar.AddSeries(seriesName(s.col), data, so...)
	}
	return bar
}

// lineChart draws one line with round markers per Y column.
func lineChart(b *spec.Block, d chartData, global []charts.GlobalOpts, valueAxis opts.YAxis, categoryAxis opts.XAxis) *charts.Line {
	line := charts.NewLine()
	global = append(global, charts.WithXAxisOpts(categoryAxis), charts.WithYAxisOpts(valueAxis))
	line.SetGlobalOptions(global...)
	line.SetXAxis(d.categories)
	for _, s := range d.series {
		data := make([]opts.LineData, len(s.values))
		for i, v := range s.values {
			data[i] = opts.LineData{Value: chartValue(v, s.col.Format)}
		}
		so := []charts.SeriesOpts{
			charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: s.color, Width: 3}),
			charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 8, ShowSymbol: opts.Bool(true)}),
		}
		if b.Stack {
			so = append(so, charts.WithLineChartOpts(opts.LineChart{Stack: "total", Symbol: "circle", SymbolSize: 8, ShowSymbol: opts.Bool(true)}))
		}
		line.AddSeries(seriesName(s.col), data, so...)
	}
	return line
}

// decorateSeries gives each series of the option its data items (value
// labels formatted by the format table, so "45%" on the bar matches the
// table), the block's value-label style and the RAG patterns.
func decorateSeries(m map[string]any, b *spec.Block, d chartData) {
	series, _ := m["series"].([]any)
	for i, so := range series {
		sm, ok := so.(map[string]any)
		if !ok || i >= len(d.series) {
			continue
		}
		sm["data"] = seriesItems(b, d.series[i])
		if b.ValueLabels {
			sm["label"] = valueLabelStyle(b)
		}
		if dec := decals[d.series[i].color]; dec != nil {
			is, _ := sm["itemStyle"].(map[string]any)
			if is == nil {
				is = map[string]any{}
			}
			is["decal"] = dec
			sm["itemStyle"] = is
		}
	}
}

// valueLabelStyle places value labels: above a line's points, inside a
// stacked segment (white on the fill), else after the bar.
func valueLabelStyle(b *spec.Block) map[string]any {
	position, color := "right", textColor
	switch {
	case b.Kind == spec.Line:
		position = "top"
	case b.Stack:
		position, color = "inside", "#FFFFFF"
	}
	return map[string]any{"show": true, "fontFamily": fontStack, "fontSize": 12, "fontWeight": "bold", "position": position, "color": color}
}

// truncateCategoryNames puts a horizontal bar's names on one line each, cut
// with an ellipsis: wrapped names overlapped their neighbours. The full name
// is in the tooltip and data table.
func truncateCategoryNames(m map[string]any) {
	ya, _ := m["yAxis"].([]any)
	if len(ya) == 0 {
		return
	}
	y, _ := ya[0].(map[string]any)
	if al, ok := y["axisLabel"].(map[string]any); ok {
		al["overflow"] = "truncate"
		al["width"] = 320
		al["ellipsis"] = "…"
	}
}

// tooltipOption draws tooltips as richText, by ECharts itself, never parsed
// as HTML, so a supplier name cannot inject markup (echarts #21276).
func tooltipOption(t any, b *spec.Block) map[string]any {
	tt, _ := t.(map[string]any)
	if tt == nil {
		tt = map[string]any{}
	}
	tt["renderMode"] = "richText"
	tt["confine"] = true
	if b.Kind == spec.Bar {
		tt["axisPointer"] = map[string]any{"type": "shadow"}
	}
	return tt
}

// allShares reports whether every series is a percentage (of one whole).
func allShares(b *spec.Block) bool {
	for _, y := range b.Y {
		if y.Format != spec.FormatPct {
			return false
		}
	}
	return len(b.Y) > 0
}

// decals are patterns on marks whose colour alone would carry meaning:
// amber is striped, so RAG never depends on telling colours apart.
var decals = map[string]map[string]any{
	"#A05E00": {"symbol": "rect", "dashArrayX": []any{1, 0}, "dashArrayY": []any{3, 5}, "rotation": -0.785398, "color": "rgba(255,255,255,0.35)"},
}

// seriesItems are a series' ECharts data items: the value, and when the
// block asks for value labels, the label text from the format table (too
// small a stacked segment shows none: its value is in the tooltip and table).
func seriesItems(b *spec.Block, s seriesData) []any {
	out := make([]any, len(s.values))
	for i, v := range s.values {
		cv := chartValue(v, s.col.Format)
		x, ok := v.(float64)
		if !b.ValueLabels || !ok {
			out[i] = map[string]any{"value": cv}
			continue
		}
		show := !b.Stack || x >= 8
		item := map[string]any{"value": cv, "label": map[string]any{"show": show, "formatter": format.Text(x, s.col.Format)}}
		out[i] = item
	}
	return out
}

func seriesName(c spec.Column) string {
	if c.Label != "" {
		return c.Label
	}
	return humanize(c.Name)
}

// humanize turns a column name into a label: "supplier_name" → "Supplier name".
func humanize(name string) string {
	s := strings.TrimSpace(strings.ReplaceAll(name, "_", " "))
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// contrast is the WCAG contrast ratio of two #RRGGBB colours (1 if either
// cannot be parsed).
func contrast(a, b string) float64 {
	la, ok1 := luminance(a)
	lb, ok2 := luminance(b)
	if !ok1 || !ok2 {
		return 1
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) (float64, bool) {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) != 6 {
		return 0, false
	}
	n, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return 0, false
	}
	ch := func(v uint64) float64 {
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(n>>16&0xff) + 0.7152*ch(n>>8&0xff) + 0.0722*ch(n&0xff), true
}
