package excel

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/spec"
)

// chartRefs are the Chart data ranges one chart reads.
type chartRefs struct {
	categories string
	names      []string
	values     []string
}

// chartData writes a block's source data as a small labelled table on the
// Chart data sheet (which is also the chart's text alternative).
func (w *book) chartData(b spec.Block) (chartRefs, error) {
	if w.chartRow == 0 {
		w.chartRow = 1
		if err := w.put(SheetChartData, 1, 1, "Source data for the charts on the Summary sheet", styleKey{bold: true, size: 13, colour: nhsBlue}); err != nil {
			return chartRefs{}, err
		}
		w.chartRow = 3
	}
	headRow := w.chartRow + 1
	if err := w.chartDataHead(b, w.chartRow); err != nil {
		return chartRefs{}, err
	}
	w.chartCols = max(w.chartCols, len(b.Y))
	first := headRow + 1
	last, err := w.chartDataRows(b, first)
	if err != nil {
		return chartRefs{}, err
	}
	w.chartRow = last + 3

	q := quoteSheet(SheetChartData)
	abs := func(col, r int) string {
		c, _ := excelize.CoordinatesToCellName(col, r, true)
		return c
	}
	refs := chartRefs{categories: q + "!" + abs(1, first) + ":" + abs(1, last)}
	for j := range b.Y {
		refs.names = append(refs.names, q+"!"+abs(2+j, headRow))
		refs.values = append(refs.values, q+"!"+abs(2+j, first)+":"+abs(2+j, last))
	}
	return refs, nil
}

// chartDataHead writes a chart's table title at row (with its unit) and its
// header row below: the category's label, then each series'.
func (w *book) chartDataHead(b spec.Block, row int) error {
	const sh = SheetChartData
	title := b.Title
	if b.YAxisName != "" {
		title += " (unit: " + b.YAxisName + ")"
	}
	// A headline wider than the chart's table wraps across it, rather than
	// run off the printed page.
	tk := styleKey{bold: true, colour: nhsDarkBlue}
	width := chartDataLabelWidth + chartDataValueWidth*float64(len(b.Y))
	if n := wrappedLines(title, width/1.1); n > 1 {
		tk.wrap, tk.vTop = true, true
		if err := w.f.MergeCell(sh, cell(1, row), cell(1+len(b.Y), row)); err != nil {
			return err
		}
		if err := w.f.SetRowHeight(sh, row, float64(n)*rowPts); err != nil {
			return err
		}
	}
	if err := w.put(sh, 1, row, title, tk); err != nil {
		return err
	}
	row++
	hdr, err := w.st.header()
	if err != nil {
		return err
	}
	if err := w.f.SetCellValue(sh, cell(1, row), safeText(labelFor(b, b.X))); err != nil {
		return err
	}
	for j, y := range b.Y {
		label := y.Label
		if label == "" {
			label = y.Name
		}
		if err := w.f.SetCellValue(sh, cell(2+j, row), safeText(label)); err != nil {
			return err
		}
	}
	return w.f.SetCellStyle(sh, cell(1, row), cell(1+len(b.Y), row), hdr)
}

// chartDataRows writes a chart's rows from row first on: the category as
// text, then each series' number; it returns the last row written.
func (w *book) chartDataRows(b spec.Block, first int) (int, error) {
	const sh = SheetChartData
	res := w.r.Data[b.Query]
	xi := res.Col(b.X)
	xFmt := formatFor(b, b.X)
	row := first
	for _, rec := range res.Rows {
		if err := w.put(sh, 1, row, categoryLabel(rec[xi], xFmt), styleKey{hLeft: true}); err != nil {
			return 0, err
		}
		for j, y := range b.Y {
			v := rec[res.Col(y.Name)]
			if _, ok := number(v); !ok {
				v = nil // charts plot numbers only; blanks show as gaps
			}
			if err := w.put(sh, 2+j, row, v, styleKey{numFmt: numFmt(y.Format)}); err != nil {
				return 0, err
			}
		}
		row++
	}
	return row - 1, nil
}

// categoryLabel is a chart category as text: charts read categories as
// strings, and a date cell shows as its serial number in LibreOffice's
// axis.
func categoryLabel(v any, format spec.Format) any {
	x := cellValue(v)
	switch v := x.(type) {
	case time.Time:
		return timeLabel(v, format)
	case float64, int64:
		return fmt.Sprint(v)
	}
	return x
}

// finishChartData sets column widths and print layout on Chart data.
func (w *book) finishChartData() error {
	const sh = SheetChartData
	if w.chartRow == 0 {
		if err := w.put(sh, 1, 1, "This report has no charts.", styleKey{italic: true}); err != nil {
			return err
		}
	}
	if err := w.f.SetColWidth(sh, "A", "A", chartDataLabelWidth); err != nil {
		return err
	}
	if err := w.f.SetColWidth(sh, "B", "L", chartDataValueWidth); err != nil {
		return err
	}
	last := max(w.chartRow-2, 1)
	if last > chartDataPrintRows {
		// 212 trusts and a hundred places are data to read on screen:
		// the charts they feed are on the Summary.
		if err := w.put(sh, 1, 2, fmt.Sprintf("For use on screen: %d rows; a printout shows the first rows only.", last-2), styleKey{italic: true, colour: nhsDarkGrey}); err != nil {
			return err
		}
		last = chartDataPrintRows - 4 // one page, with a wrapped headline or two
	}
	return w.pageSetup(sh, 0, 1+w.chartCols, last)
}

// Chart data column widths: labels, then one column per series.
const (
	chartDataLabelWidth = 48.0
	chartDataValueWidth = 16.0
)

// barChartHeightPx is a horizontal bar chart's height for its title and
// category labels, at widthPx wide. It grows with the categories so labels
// never overlap (22 trusts need far more than a fixed chart), up to a page.
// A label LibreOffice wraps onto two lines ("Make Britain a clean energy
// superpower") needs two lines of bar, and each line of title past the
// first pushes the plot down. A half-width chart wraps both sooner.
func barChartHeightPx(title string, labels []string, widthPx int) int {
	per, top := 24, 110
	for _, l := range labels {
		if utf8.RuneCountInString(l) > wrapLabelRunes*widthPx/chartWidthPx {
			per = 32
		}
	}
	if n := utf8.RuneCountInString(title); n > titleRunes*widthPx/chartWidthPx {
		top += 8 * min((n-1)/(titleRunes*widthPx/chartWidthPx), 3)
	}
	return min(max(chartHeightPx, top+per*len(labels)), 560)
}

// titleRunes is the longest chart title LibreOffice draws on one line at
// the pack's full width.
const titleRunes = 70

// wrapLabelRunes is the longest category label LibreOffice draws on one
// line beside a horizontal bar chart at the pack's width.
const wrapLabelRunes = 28

// chartDataPrintRows is the longest Chart data sheet that prints whole.
const chartDataPrintRows = 30

// chart draws one bar or line block as a native Excel chart across the
// Summary.
func (w *book) chart(l *layout, b spec.Block) error {
	res := w.r.Data[b.Query]
	if !plottable(b, res) {
		return w.noChart(l, b)
	}
	heightPx := chartHeight(b, res, chartWidthPx)
	rows := anchorRows(heightPx)
	subPts := 0.0
	if b.Subtitle != "" {
		subPts = float64(wrappedLines(b.Subtitle, fullWidthChars)) * rowPts
	}
	if err := l.reserve(subPts + float64(rows)*rowPts); err != nil {
		return err
	}
	// The subtitle (what is plotted) sits above the chart as plain text:
	// inside the chart title LibreOffice draws it as large as the message.
	// A long one wraps across the chart's width rather than run off the
	// printed page.
	if b.Subtitle != "" {
		if err := w.subtitle(l.row, b.Subtitle, 1, summaryCols, subPts); err != nil {
			return err
		}
		l.next(subPts)
	}
	if err := w.placeChart(b, cell(1, l.row), chartWidthPx, heightPx); err != nil {
		return err
	}
	l.skip(rows + 1)
	return nil
}

// plottable reports whether a chart block has something to draw.
func plottable(b spec.Block, res *spec.Result) bool {
	return res != nil && len(res.Rows) > 0 && len(b.Y) > 0
}

// anchorRows is how many Summary rows a chart heightPx high spans: excelize
// counts the 15 pt default row as 18 px when anchoring (Excel and
// LibreOffice draw 20 px).
func anchorRows(heightPx int) int {
	return (heightPx + 17) / 18
}

// placeChart writes a chart's source data to Chart data and draws the
// chart with its top-left corner at the Summary cell at.
func (w *book) placeChart(b spec.Block, at string, widthPx, heightPx int) error {
	res := w.r.Data[b.Query]
	refs, err := w.chartData(b)
	if err != nil {
		return err
	}
	return w.f.AddChart(SheetSummary, at, chartOf(b, res, refs, widthPx, heightPx))
}

// noChart stands in for a chart with nothing to plot: its heading and a
// line saying so.
func (w *book) noChart(l *layout, b spec.Block) error {
	if err := l.reserve(4 * rowPts); err != nil {
		return err
	}
	if err := w.heading(l, b); err != nil {
		return err
	}
	if err := w.put(SheetSummary, 1, l.row, "No data for this chart.", styleKey{italic: true}); err != nil {
		return err
	}
	l.skip(2)
	return nil
}

// chartHeight is a chart's height in pixels: horizontal bars get taller
// with their categories so labels never overlap (22 trusts need far more
// than a fixed chart), up to a page.
func chartHeight(b spec.Block, res *spec.Result, widthPx int) int {
	if b.Kind != spec.Bar || !b.Horizontal {
		return chartHeightPx
	}
	var labels []string
	if xi := res.Col(b.X); xi >= 0 {
		for _, row := range res.Rows {
			v, _ := row[xi].(string)
			labels = append(labels, v)
		}
	}
	return barChartHeightPx(b.Title, labels, widthPx)
}

// chartOf is the native chart of a bar or line block over its Chart data
// ranges.
func chartOf(b spec.Block, res *spec.Result, refs chartRefs, widthPx, heightPx int) *excelize.Chart {
	c := &excelize.Chart{
		Type:      chartType(b),
		Dimension: excelize.ChartDimension{Width: uint(widthPx), Height: uint(heightPx)},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{
			{Text: b.Title, Font: &excelize.Font{Family: fontFamily, Bold: true, Size: titleSize(widthPx), Color: "212B32"}},
		}},
		Format: excelize.GraphicOptions{
			AltText: b.Title + chartAltSuffix(b),
			Name:    "chart-" + b.ID,
		},
		XAxis: excelize.ChartAxis{
			Font: excelize.Font{Family: fontFamily, Size: 9, Color: "212B32"},
			// horizontal bars: first category at the top, as in the table
			ReverseOrder: b.Kind == spec.Bar && b.Horizontal,
		},
		YAxis:        valueAxis(b, res, widthPx < chartWidthPx),
		ShowBlanksAs: "gap",
		VaryColors:   &noVary, // one colour per series, never per bar
		Series:       chartSeries(b, refs),
	}
	if b.ValueLabels {
		// each mark carries its figure ("45%"), as on the dashboard:
		// colour is never the only cue
		c.PlotArea = excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: numFmt(b.Y[0].Format)}}
	}
	if b.Kind == spec.Bar {
		gap := uint(60)
		c.GapWidth = &gap
		if b.Stack {
			overlap := 100
			c.Overlap = &overlap
		}
	}
	return c
}

// titleSize is a chart title's size in points: a half-width chart's is
// smaller, so a two-part headline takes two lines, not four.
func titleSize(widthPx int) float64 {
	if widthPx < chartWidthPx {
		return 11
	}
	return 13
}

// valueAxis is a chart's value axis: its number format and title, and a
// zero baseline when no value is negative.
func valueAxis(b spec.Block, res *spec.Result, half bool) excelize.ChartAxis {
	a := excelize.ChartAxis{
		MajorGridLines: true,
		Font:           excelize.Font{Family: fontFamily, Size: 9, Color: "212B32"},
		NumFmt:         excelize.ChartNumFmt{CustomNumFmt: numFmt(b.Y[0].Format)},
	}
	if b.YAxisName != "" {
		a.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{
			{Text: b.YAxisName, Font: &excelize.Font{Family: fontFamily, Size: 10, Color: "212B32"}},
		}}
	}
	if !nonNegative(res, b) {
		return a
	}
	zero := 0.0
	a.Minimum = &zero // zero baseline
	if b.Stack {
		// LibreOffice scales a stacked axis to the largest single value,
		// cutting the longest bars off: give it the largest stack.
		// Rounded first: shares that add up to 100.0000000001 must
		// make an axis to 100%, not 120%.
		top := niceCeil(math.Round(maxStack(res, b)*1e6) / 1e6)
		a.Maximum = &top
	}
	if half {
		// eleven ticks across half a page turn their labels on end:
		// about five, on round numbers
		a.MajorUnit = niceCeil(maxStack(res, b) / 5)
	}
	return a
}

// chartSeries are a chart's series, one per Y column in its colour; a
// line's with round markers.
func chartSeries(b spec.Block, refs chartRefs) []excelize.ChartSeries {
	var out []excelize.ChartSeries
	for j := range b.Y {
		fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{seriesColour(b, j)}}
		s := excelize.ChartSeries{
			Name:       refs.names[j],
			Categories: refs.categories,
			Values:     refs.values[j],
			Fill:       fill,
		}
		if b.Kind == spec.Line {
			s.Line = excelize.LineOptions{Type: excelize.LineSolid, Width: 2.5, Fill: fill}
			s.Marker = excelize.ChartMarker{
				Symbol: "circle", Size: 6, Fill: fill,
				Border: excelize.LineOptions{Type: excelize.LineSolid, Width: 0.75, Fill: fill},
			}
		}
		out = append(out, s)
	}
	return out
}

var noVary = false

// timeLabel formats a category date as text: "Apr 2026" for months (and for
// first-of-month dates without a format), else "30 Apr 2026".
func timeLabel(t time.Time, f spec.Format) string {
	if f == spec.FormatMonth || (f != spec.FormatDate && t.Day() == 1 && isMidnight(t)) {
		return t.Format("Jan 2006")
	}
	if isMidnight(t) {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 2006 15:04")
}

func chartAltSuffix(b spec.Block) string {
	if b.Subtitle == "" {
		return ". Data on the Chart data sheet."
	}
	return ". " + b.Subtitle + ". Data on the Chart data sheet."
}

func chartType(b spec.Block) excelize.ChartType {
	if b.Kind == spec.Line {
		return excelize.Line
	}
	switch {
	case b.Horizontal && b.Stack:
		return excelize.BarStacked
	case b.Horizontal:
		return excelize.Bar
	case b.Stack:
		return excelize.ColStacked
	}
	return excelize.Col
}

// seriesColour is the Y column's colour from Block.Colors, else NHS blues.
func seriesColour(b spec.Block, j int) string {
	if c := colour(b.Colors[b.Y[j].Name]); c != "" {
		return c
	}
	return seriesPalette[j%len(seriesPalette)]
}

func nonNegative(res *spec.Result, b spec.Block) bool {
	for _, y := range b.Y {
		i := res.Col(y.Name)
		for _, rec := range res.Rows {
			if v, ok := number(rec[i]); ok && v < 0 {
				return false
			}
		}
	}
	return true
}

// labelFor finds a column's label in the block (Columns, then Y).
func labelFor(b spec.Block, name string) string {
	for _, c := range append(append([]spec.Column{}, b.Columns...), b.Y...) {
		if c.Name == name && c.Label != "" {
			return c.Label
		}
	}
	return name
}

func formatFor(b spec.Block, name string) spec.Format {
	for _, c := range append(append([]spec.Column{}, b.Columns...), b.Y...) {
		if c.Name == name {
			return c.Format
		}
	}
	return ""
}

// maxStack is the largest sum of the Y values in one row.
func maxStack(res *spec.Result, b spec.Block) float64 {
	best := 0.0
	for _, rec := range res.Rows {
		sum := 0.0
		for _, y := range b.Y {
			if v, ok := number(rec[res.Col(y.Name)]); ok {
				sum += v
			}
		}
		best = max(best, sum)
	}
	return best
}

// niceCeil rounds x up to a round multiple of a power of ten, so the axis
// ends on a round number just past the longest bar.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
