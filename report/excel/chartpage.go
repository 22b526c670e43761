package excel

import (
	"github.com/nhs-hubs/svhub/report/spec"
)

// Two charts a page: the Summary sets two neighbouring charts side by side
// on A4 landscape when both fit half the width at a height that leaves the
// page room (issue 20: "one chart per half-empty page"). A tall chart (the
// trust chart's 20 bars) keeps the full width and a page of its own; so
// does a line chart (twelve months of labels and figures need the width).

const (
	// halfChartWidthPx is a chart's width when two share the page: the
	// left one spans columns A:C (about 463 px), the right one D:H.
	halfChartWidthPx = 440
	// pairMaxPx is the tallest chart that shares its page: with its
	// wrapped subtitle it leaves room for the contents' last lines or a
	// short block on the same page.
	pairMaxPx = 340
	// rightChartCol is the column the right-hand chart of a pair starts in.
	rightChartCol = 4
)

// pairWidthChars are the widths, in characters, under the left and the
// right chart of a pair (columns A:C and D:H): their subtitles wrap to
// these.
var pairWidthChars = [2]float64{summaryWidths[0] + summaryWidths[1] + summaryWidths[2],
	summaryWidths[3] + summaryWidths[4] + summaryWidths[5] + summaryWidths[6] + summaryWidths[7]}

// fullWidthChars is the width, in characters, under a full-width chart
// (columns A:H): its subtitle wraps to it.
var fullWidthChars = pairWidthChars[0] + pairWidthChars[1]

// pairs reports whether charts a and b, next to each other on the Summary,
// share a row: both are bar charts with something to plot and neither is
// tall at half width.
func (w *book) pairs(a, b spec.Block) bool {
	for _, c := range []spec.Block{a, b} {
		res := w.r.Data[c.Query]
		if c.Kind != spec.Bar || !plottable(c, res) {
			return false
		}
		if chartHeight(c, res, halfChartWidthPx) > pairMaxPx {
			return false
		}
	}
	return true
}

// chartPair draws charts a and b side by side, each under its own wrapped
// subtitle, at the taller one's height so their axes line up.
func (w *book) chartPair(l *layout, a, b spec.Block) error {
	pair := [2]spec.Block{a, b}
	heightPx, lines := 0, 0
	for i, c := range pair {
		heightPx = max(heightPx, chartHeight(c, w.r.Data[c.Query], halfChartWidthPx))
		if c.Subtitle != "" {
			lines = max(lines, wrappedLines(c.Subtitle, pairWidthChars[i]))
		}
	}
	rows := anchorRows(heightPx)
	subPts := float64(lines) * rowPts
	if err := l.reserve(subPts + float64(rows)*rowPts); err != nil {
		return err
	}
	if lines > 0 {
		if err := w.pairSubtitles(l.row, pair, subPts); err != nil {
			return err
		}
		l.next(subPts)
	}
	for i, c := range pair {
		col := 1
		if i == 1 {
			col = rightChartCol
		}
		if err := w.placeChart(c, cell(col, l.row), halfChartWidthPx, heightPx); err != nil {
			return err
		}
	}
	l.skip(rows + 1)
	return nil
}

// pairSubtitles writes a pair's subtitles in one row pts high, each merged
// across its chart's columns and wrapped.
func (w *book) pairSubtitles(row int, pair [2]spec.Block, pts float64) error {
	spans := [2][2]int{{1, rightChartCol - 1}, {rightChartCol, summaryCols}}
	for i, c := range pair {
		if c.Subtitle == "" {
			continue
		}
		if err := w.subtitle(row, c.Subtitle, spans[i][0], spans[i][1], pts); err != nil {
			return err
		}
	}
	return nil
}

// subtitle writes a chart's subtitle at row, merged across columns from..to
// and wrapped, the row pts high.
func (w *book) subtitle(row int, text string, from, to int, pts float64) error {
	if err := w.put(SheetSummary, from, row, text, styleKey{italic: true, colour: nhsDarkGrey, wrap: true, vTop: true}); err != nil {
		return err
	}
	if err := w.f.MergeCell(SheetSummary, cell(from, row), cell(to, row)); err != nil {
		return err
	}
	return w.f.SetRowHeight(SheetSummary, row, pts)
}
