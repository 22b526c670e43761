package excel

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Summary layout. Content stays within columns A:H (about 900 px) so that
// "fit to width" on A4 landscape prints it at close to 100%.
const (
	summaryCols    = 8 // A..H
	chartWidthPx   = 860
	chartHeightPx  = 230
	rowPts         = 15.0  // fixed default row height
	pagePts        = 500.0 // printable height of A4 landscape with our margins, less slack
	textCharsPerLn = 120
)

var summaryWidths = []float64{34, 18, 12, 12, 12, 12, 12, 12}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// put writes one value with a style built from k (number formats for times
// default to a date or date-time format).
func (w *book) put(sheet string, col, row int, v any, k styleKey) error {
	ref := cell(col, row)
	v = cellValue(v)
	if t, ok := v.(time.Time); ok && k.numFmt == "" {
		k.numFmt = fmtDateTime
		if isMidnight(t) {
			k.numFmt = fmtDate
		}
	}
	if err := w.f.SetCellValue(sheet, ref, v); err != nil {
		return err
	}
	id, err := w.st.get(k)
	if err != nil {
		return err
	}
	return w.f.SetCellStyle(sheet, ref, ref, id)
}

// layout tracks the next free row of the Summary sheet and how much of the
// current printed page is used, so blocks are not split across pages.
type layout struct {
	f    *excelize.File
	row  int
	used float64 // points used on the current page
}

// reserve makes room for a block pts high, starting a new page first when
// the block would not fit on the current one.
func (l *layout) reserve(pts float64) error {
	if l.used > 0 && l.used+pts > pagePts {
		if err := l.f.InsertPageBreak(SheetSummary, cell(1, l.row)); err != nil {
			return err
		}
		l.used = 0
		l.skip(1) // a blank first row: LibreOffice draws an object starting on the break on both pages
	}
	return nil
}

// next moves to the next row, the one just filled being pts high.
func (l *layout) next(pts float64) {
	l.row++
	l.used += pts
}

// skip moves n rows of the default height down.
func (l *layout) skip(n int) {
	for range n {
		l.next(rowPts)
	}
}

// summary writes the Summary sheet: the heading and the month's metadata,
// the commentary, then its blocks (KPIs, text, charts, tables) down the
// page, with the pack's contents after the headline figures.
func (w *book) summary(def Sheet) error {
	const sh = SheetSummary
	if err := w.summaryColumns(); err != nil {
		return err
	}
	row, err := w.summaryHeading()
	if err != nil {
		return err
	}
	row, extra, err := w.commentary(row)
	if err != nil {
		return err
	}
	l := &layout{f: w.f, row: row, used: 28 + float64(row-2)*rowPts + extra}
	listed := false
	blocks := w.summaryBlocks(def)
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		if i+1 < len(blocks) && w.pairs(b, blocks[i+1]) {
			if err := w.chartPair(l, b, blocks[i+1]); err != nil {
				return fmt.Errorf("blocks %s and %s: %w", b.ID, blocks[i+1].ID, err)
			}
			i++
			continue
		}
		if err := w.summaryBlock(l, b); err != nil {
			return fmt.Errorf("block %s: %w", b.ID, err)
		}
		if b.Kind == spec.KPI && !listed {
			// The pack's contents follow the headline figures on the
			// first page, under its own heading with no blank row
			// between: thirteen sheets must fit beside the cover.
			listed = true
			if err := w.contentsAt(l); err != nil {
				return fmt.Errorf("block %s: %w", b.ID, err)
			}
			l.skip(1)
		}
	}
	if !listed {
		if err := w.contentsAt(l); err != nil {
			return err
		}
	}
	if err := w.setWidths(sh); err != nil {
		return err
	}
	return w.pageSetup(sh, 0, summaryCols, l.row)
}

// summaryBlocks are the blocks the Summary draws, in order: a block of
// SkipEmpty with no rows is left out.
func (w *book) summaryBlocks(def Sheet) []spec.Block {
	var out []spec.Block
	for _, id := range def.Blocks {
		b, _ := block(w.r.Spec, id)
		if w.l.SkipEmpty[id] && len(w.r.Data[b.Query].Rows) == 0 {
			continue
		}
		out = append(out, b)
	}
	return out
}

// summaryColumns fixes the Summary's default row height and column widths,
// so chart anchors and page breaks land in the same place in Excel and
// LibreOffice. Widths come before any chart: a chart's anchor cells are
// worked out from the column widths when it is added.
func (w *book) summaryColumns() error {
	rowHeight, custom := 15.0, true
	if err := w.f.SetSheetProps(SheetSummary, &excelize.SheetPropsOptions{DefaultRowHeight: &rowHeight, CustomHeight: &custom}); err != nil {
		return err
	}
	base := make([]colPlan, len(summaryWidths))
	for i, wd := range summaryWidths {
		base[i].width = wd
	}
	w.fitWidths(SheetSummary, base)
	return w.setWidths(SheetSummary)
}

// summaryHeading writes the Summary's title, subtitle and the month's
// metadata (scope, month, when generated, source); it returns the next row.
func (w *book) summaryHeading() (int, error) {
	const sh = SheetSummary
	r := w.r
	if err := w.put(sh, 1, 1, r.Spec.Title, styleKey{bold: true, size: 18, colour: nhsBlue}); err != nil {
		return 0, err
	}
	if err := w.f.SetRowHeight(sh, 1, 28); err != nil {
		return 0, err
	}
	row := 2
	if r.Spec.Subtitle != "" {
		if err := w.put(sh, 1, row, r.Spec.Subtitle, styleKey{size: 12, colour: nhsDarkGrey}); err != nil {
			return 0, err
		}
		row++
	}
	meta := []struct {
		label string
		v     any
		fmt   string
	}{
		{"Scope", r.Scope, ""},
		{"Reporting month", r.AsOf, "mmm yyyy"},
		{"Generated at", r.GeneratedAt.UTC(), fmtDateTime}, // an Excel date has no zone: UTC on every machine
		{"Source", r.Source, ""},
	}
	for _, m := range meta {
		if isBlank(m.v) {
			continue
		}
		if err := w.put(sh, 1, row, m.label, styleKey{bold: true, colour: nhsDarkGrey}); err != nil {
			return 0, err
		}
		if err := w.put(sh, 2, row, m.v, styleKey{numFmt: m.fmt, colour: nhsDarkGrey, hLeft: true}); err != nil {
			return 0, err
		}
		row++
	}
	return row, nil
}

// isBlank reports whether a heading's value is missing: an empty string or
// a zero time (nil too).
func isBlank(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case time.Time:
		return v.IsZero()
	}
	return false
}

// summaryBlock draws one block of the Summary by its kind.
func (w *book) summaryBlock(l *layout, b spec.Block) error {
	switch b.Kind {
	case spec.KPI:
		return w.kpi(l, b)
	case spec.Text:
		return w.text(l, b)
	case spec.Bar, spec.Line:
		return w.chart(l, b)
	case spec.Table:
		return w.summaryTable(l, b)
	}
	return fmt.Errorf("unknown kind %q", b.Kind)
}

// contentsAt lists the pack's sheets at the layout's row.
func (w *book) contentsAt(l *layout) error {
	from := l.row
	var err error
	if l.row, err = w.contents(l.row); err != nil {
		return err
	}
	l.used += float64(l.row-from) * rowPts
	if l.used > pagePts {
		// The list ran past the first page and the printer broke it
		// between two lines: its last lines start the next page, which
		// has room for charts under them.
		l.used -= pagePts
	}
	return nil
}

// summaryTable draws a table block on the Summary, kept on one page.
func (w *book) summaryTable(l *layout, b spec.Block) error {
	n := len(w.r.Data[b.Query].Rows)
	if err := l.reserve(float64(4+n) * rowPts); err != nil {
		return err
	}
	if err := w.heading(l, b); err != nil {
		return err
	}
	next, _, err := w.grid(SheetSummary, l.row, b)
	if err != nil {
		return err
	}
	l.used += float64(next-l.row) * rowPts
	l.row = next
	l.skip(1)
	return nil
}

// heading writes a block title (and subtitle) and returns the next row.
func (w *book) heading(l *layout, b spec.Block) error {
	if b.Title != "" {
		if err := w.put(SheetSummary, 1, l.row, b.Title, styleKey{bold: true, size: 13, colour: nhsDarkBlue}); err != nil {
			return err
		}
		if err := w.f.SetRowHeight(SheetSummary, l.row, 18); err != nil {
			return err
		}
		l.next(18)
	}
	if b.Subtitle != "" {
		if err := w.put(SheetSummary, 1, l.row, b.Subtitle, styleKey{italic: true, colour: nhsDarkGrey}); err != nil {
			return err
		}
		l.next(rowPts)
	}
	return nil
}

// kpi writes a KPI block as a labelled two-column list of real numbers.
func (w *book) kpi(l *layout, b spec.Block) error {
	cols := b.Columns
	if len(cols) == 0 {
		cols = b.Y
	}
	res, hist := w.r.Data[b.Query], w.r.Data[b.Trend]
	if err := l.reserve(float64(len(cols))*20 + 3*rowPts); err != nil {
		return err
	}
	if err := w.heading(l, b); err != nil {
		return err
	}
	if err := w.kpiChangeHeader(l, cols, res, hist); err != nil {
		return err
	}
	for _, c := range cols {
		label := c.Label
		if label == "" {
			label = c.Name
		}
		// A label longer than column A wraps onto a second line rather
		// than be cut off by the figure beside it.
		height := 20.0
		if utf8.RuneCountInString(label) > int(summaryWidths[0]) {
			height = 32
		}
		if err := w.put(SheetSummary, 1, l.row, label, styleKey{border: true, wrap: height > 20, vTop: height > 20}); err != nil {
			return err
		}
		v, k := kpiFigure(c, res)
		if err := w.put(SheetSummary, 2, l.row, v, k); err != nil {
			return err
		}
		if err := w.kpiChange(l.row, c, res); err != nil {
			return err
		}
		if err := w.kpiTrend(l.row, c, hist); err != nil {
			return err
		}
		if err := w.f.SetRowHeight(SheetSummary, l.row, height); err != nil {
			return err
		}
		l.next(height)
	}
	return nil
}

// kpiFigure is a KPI's figure in the first row of res and its style: a
// number large and blue, a text figure (the proxy values' source) in body
// type, and "no data" in grey italics.
func kpiFigure(c spec.Column, res *spec.Result) (any, styleKey) {
	var v any
	if len(res.Rows) > 0 {
		v = res.Rows[0][res.Col(c.Name)]
	}
	switch {
	case v == nil:
		return "no data", styleKey{italic: true, colour: nhsDarkGrey, border: true}
	case c.Format == spec.FormatText:
		return v, styleKey{bold: true, colour: nhsBlue, border: true}
	}
	return v, styleKey{numFmt: numFmt(c.Format), bold: true, size: 14, colour: nhsBlue, border: true}
}

// text writes a text block as wrapped text merged across the summary width.
func (w *book) text(l *layout, b spec.Block) error {
	lines := 0
	for _, para := range strings.Split(b.Text, "\n") {
		lines += 1 + utf8.RuneCountInString(para)/textCharsPerLn
	}
	h := lines*15 + 6
	if h > 409 {
		h = 409
	}
	if err := l.reserve(float64(h) + 3*rowPts); err != nil {
		return err
	}
	if err := w.heading(l, b); err != nil {
		return err
	}
	if b.Text != "" {
		first, last := cell(1, l.row), cell(summaryCols, l.row)
		if err := w.put(SheetSummary, 1, l.row, b.Text, styleKey{wrap: true, vTop: true}); err != nil {
			return err
		}
		if err := w.f.MergeCell(SheetSummary, first, last); err != nil {
			return err
		}
		if err := w.f.SetRowHeight(SheetSummary, l.row, float64(h)); err != nil {
			return err
		}
		l.next(float64(h))
	}
	l.skip(1)
	return nil
}

// contents lists the pack's other sheets, with links, under the heading.
func (w *book) contents(row int) (int, error) {
	const sh = SheetSummary
	if err := w.put(sh, 1, row, "In this pack", styleKey{bold: true, colour: nhsDarkGrey}); err != nil {
		return 0, err
	}
	for i, e := range w.contentsEntries() {
		if i > 0 {
			row++
		}
		if err := w.put(sh, 2, row, e.sheet, styleKey{colour: nhsBlue, hLeft: true}); err != nil {
			return 0, err
		}
		if err := w.f.MergeCell(sh, cell(2, row), cell(3, row)); err != nil {
			return 0, err
		}
		if err := w.f.SetCellHyperLink(sh, cell(2, row), quoteSheet(e.sheet)+"!A1", "Location"); err != nil {
			return 0, err
		}
		if err := w.put(sh, 4, row, e.what, styleKey{colour: nhsDarkGrey}); err != nil {
			return 0, err
		}
	}
	return row + 1, nil
}

// contentsEntry is one line of the pack's contents: a sheet and what it
// holds.
type contentsEntry struct{ sheet, what string }

// contentsEntries are the lines of the pack's contents: every sheet after
// the Summary, then Data, Chart data and About.
func (w *book) contentsEntries() []contentsEntry {
	var es []contentsEntry
	for i, def := range w.l.Sheets {
		if i > 0 {
			es = append(es, contentsEntry{w.sheets[i], w.sheetWhat(def)})
		}
	}
	if db, ok := dataBlock(w.r, w.l); ok {
		n := w.r.Data[db.Query].Count()
		what := fmt.Sprintf("all %s rows of the data, for filtering", format.GroupDigits(float64(n), 0))
		if w.dataLeftOut {
			what = fmt.Sprintf("%s rows of data: too many for a board pack, so where they are (About)", format.GroupDigits(float64(n), 0))
		} else if len(w.dataSheets) > 1 {
			what += fmt.Sprintf(" (split over %d sheets: more than Excel's %s rows)", len(w.dataSheets), format.GroupDigits(maxSheetRows, 0))
		}
		es = append(es, contentsEntry{SheetData, what})
	}
	if w.hasCharts {
		es = append(es, contentsEntry{SheetChartData, "the data behind each chart"})
	}
	return append(es, contentsEntry{SheetAbout, "sources, settings and how the figures are worked out"})
}

// sheetWhat says what a sheet holds: its own title (a block's headline can
// be a sentence too long for one line), with the rows of a one-table
// sheet, and whether it prints.
func (w *book) sheetWhat(def Sheet) string {
	what := def.Title
	if what == "" || len(def.Blocks) == 1 {
		var titles []string
		for _, id := range def.Blocks {
			b, _ := block(w.r.Spec, id)
			t := b.Title
			if len(def.Blocks) == 1 && def.Title != "" {
				t = def.Title
			}
			titles = append(titles, fmt.Sprintf("%s (%s rows)", t, format.GroupDigits(float64(w.r.Data[b.Query].Count()), 0)))
		}
		what = strings.Join(titles, "; ")
	}
	screen, _ := def.screenOnly(w.r)
	switch {
	case !screen:
		return what
	case len(def.Blocks) > 1 && !def.ScreenOnly:
		return what + " · only the first table prints"
	}
	return what + " · on screen only"
}
