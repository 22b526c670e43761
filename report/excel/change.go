package excel

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// kpiChangeHeader heads the KPI list's change column ("Since Aug 2026")
// when any figure has a previous month to compare with, and its trend
// column with the months it spans ("Oct 2025 to Sep 2026").
func (w *book) kpiChangeHeader(l *layout, cols []spec.Column, res, hist *spec.Result) error {
	if !hasPrevious(cols, res) || w.r.AsOf.IsZero() {
		return nil
	}
	k := styleKey{italic: true, colour: nhsDarkGrey}
	if err := w.put(SheetSummary, 2, l.row, "This month", k); err != nil {
		return err
	}
	if err := w.put(SheetSummary, 3, l.row, "Since "+format.Month(w.r.AsOf.AddDate(0, -1, 0)), k); err != nil {
		return err
	}
	if first, last, ok := trendMonths(hist); ok {
		if err := w.put(SheetSummary, trendCol, l.row, first+" to "+last, k); err != nil {
			return err
		}
		// the months above the trends' figures (their text alternative)
		for j, r := range hist.Rows {
			if err := w.put(SheetSummary, trendDataCol+j, l.row, format.Text(r[hist.Col("month")], spec.FormatMonth), k); err != nil {
				return err
			}
		}
	}
	l.next(rowPts)
	return nil
}

// A KPI row's trend is an Excel sparkline in column trendCol, drawn from
// the figure's months written on the same row from trendDataCol, outside
// the printed area (columns A:H), under their months. Not hidden: Excel
// and LibreOffice draw no sparkline from hidden cells (excelize cannot set
// displayHidden).
const (
	trendCol     = 5  // E: D stays empty for the change's heading to run into
	trendDataCol = 27 // AA
)

// trendMonths are the first and last months of a KPI block's history
// (spec.Block.Trend), when it has two or more.
func trendMonths(hist *spec.Result) (string, string, bool) {
	if hist == nil || hist.Col("month") < 0 || len(hist.Rows) < 2 {
		return "", "", false
	}
	m := hist.Col("month")
	return format.Text(hist.Rows[0][m], spec.FormatMonth), format.Text(hist.Rows[len(hist.Rows)-1][m], spec.FormatMonth), true
}

// kpiTrend writes a KPI's months on its row (hidden) and a sparkline of
// them beside its change; nothing when the history has no such figure or
// fewer than two months of it.
func (w *book) kpiTrend(row int, c spec.Column, hist *spec.Result) error {
	if _, _, ok := trendMonths(hist); !ok || hist.Col(c.Name) < 0 {
		return nil
	}
	i, n := hist.Col(c.Name), 0
	for j, r := range hist.Rows {
		if _, ok := format.Float(r[i]); ok {
			n++
		}
		if err := w.put(SheetSummary, trendDataCol+j, row, r[i], styleKey{numFmt: numFmt(c.Format)}); err != nil {
			return err
		}
	}
	if n < 2 {
		return nil
	}
	last := cell(trendDataCol+len(hist.Rows)-1, row)
	if err := w.f.AddSparkline(SheetSummary, &excelize.SparklineOptions{
		Location: []string{cell(trendCol, row)}, Range: []string{SheetSummary + "!" + cell(trendDataCol, row) + ":" + last},
		// columns, not a line: LibreOffice 7.4 draws no line sparkline
		Type: "column", SeriesColor: nhsBlue,
	}); err != nil {
		return fmt.Errorf("trend of %s: %w", c.Name, err)
	}
	return nil
}

// kpiChange writes a KPI's change since the previous reporting month as a
// signed number ("+3 points", "no change"), the value the dashboard's tile
// states; nothing when the previous month has no figure.
func (w *book) kpiChange(row int, c spec.Column, res *spec.Result) error {
	i := res.Col(c.Previous)
	if c.Previous == "" || i < 0 || len(res.Rows) == 0 || w.r.AsOf.IsZero() {
		return nil
	}
	d, ok := format.ChangeValue(res.Rows[0][res.Col(c.Name)], res.Rows[0][i], c.Format)
	if !ok {
		return nil
	}
	return w.put(SheetSummary, 3, row, d, styleKey{numFmt: format.ChangeExcel(c.Format), colour: nhsDarkGrey, border: true})
}

func hasPrevious(cols []spec.Column, res *spec.Result) bool {
	if res == nil || len(res.Rows) == 0 {
		return false
	}
	for _, c := range cols {
		if c.Previous != "" && res.Col(c.Previous) >= 0 {
			return true
		}
	}
	return false
}

// commentary writes the analyst's commentary under the Summary's heading:
// a labelled box across the page, holding the text of the commentary file
// when one was given, else empty for the analyst to type into. It returns
// the next row and the points it added beyond one plain row.
func (w *book) commentary(row int) (int, float64, error) {
	text := strings.TrimSpace(strings.ReplaceAll(w.r.Commentary, "\r\n", "\n"))
	lines := 3 // an empty box has room to write in
	if text != "" {
		lines = 0
		for _, para := range strings.Split(text, "\n") {
			lines += 1 + utf8.RuneCountInString(para)/textCharsPerLn
		}
	}
	h := min(float64(lines*15+6), 409)
	if err := w.put(SheetSummary, 1, row, "Commentary", styleKey{bold: true, colour: nhsDarkGrey, vTop: true}); err != nil {
		return row, 0, err
	}
	var v any = text
	if text == "" {
		v = nil
	}
	if err := w.put(SheetSummary, 2, row, v, styleKey{wrap: true, vTop: true, border: true}); err != nil {
		return row, 0, err
	}
	for c := 3; c <= summaryCols; c++ {
		if err := w.put(SheetSummary, c, row, nil, styleKey{border: true}); err != nil {
			return row, 0, err
		}
	}
	if err := w.f.MergeCell(SheetSummary, cell(2, row), cell(summaryCols, row)); err != nil {
		return row, 0, err
	}
	if err := w.f.SetRowHeight(SheetSummary, row, h); err != nil {
		return row, 0, err
	}
	return row + 1, h - rowPts, nil
}
