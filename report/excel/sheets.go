package excel

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// tableSheet writes a sheet of table blocks: a heading naming the scope and
// month, then each block under its title. With one block its header row is
// frozen and repeats on every printed page; with several, the heading does,
// and a block starts a new page rather than leave its title and header at
// the foot of one.
func (w *book) tableSheet(sh Sheet) error {
	title := sh.Title
	if title == "" {
		title = sh.Name
	}
	// All tables first: they share the columns, and the widths set the
	// print scale the page breaks depend on.
	for _, id := range sh.Blocks {
		b, _ := block(w.r.Spec, id)
		if b.Kind == spec.Table {
			w.fitWidths(sh.Name, plan(b, w.r.Data[b.Query]))
		}
	}
	if err := w.defaultRowHeight(sh.Name); err != nil {
		return err
	}
	p := printPolicyOf(sh, w.r)
	if err := w.sheetHeading(sh.Name, title, p.intro(sh.Intro)); err != nil {
		return err
	}
	c := &tableCursor{sheet: sh.Name, row: 4, pg: newPager(w.widths[sh.Name], 24+rowPts)}
	c.pg.add(24 + rowPts + rowPts)
	headerRow, printEnd := 0, 0
	for i, id := range sh.Blocks {
		b, _ := block(w.r.Spec, id)
		titled := len(sh.Blocks) > 1 || b.Title != title
		if err := w.blockStart(c, b, i > 0, titled); err != nil {
			return err
		}
		if b.Kind != spec.Table {
			continue
		}
		headerRow = c.row
		if err := w.tableBlock(c, b); err != nil {
			return err
		}
		if p.printFirst && i == 0 {
			rest := p.rows - len(w.r.Data[b.Query].Rows)
			note := "A printout ends here: the " + format.GroupDigits(float64(rest), 0) + " rows below are for use on screen, to sort and filter."
			if err := w.put(sh.Name, 1, c.row, note, styleKey{italic: true, colour: nhsDarkGrey}); err != nil {
				return err
			}
			printEnd = c.row
			c.row++
		}
		c.row++
	}
	return w.finishTableSheet(sh, p, headerRow, c.row, printEnd)
}

// printPolicy is how a table sheet prints: whole, its first table whole
// and the rest for the screen, or only its first rows (for the screen).
type printPolicy struct {
	screen     bool // the sheet (or all but its first table) is for the screen
	rows       int  // rows of its tables
	printFirst bool // several tables over the limit: the first prints whole
	onlyScreen bool // the layout marked the sheet for the screen
}

func printPolicyOf(sh Sheet, r *spec.Report) printPolicy {
	screen, n := sh.screenOnly(r)
	return printPolicy{screen: screen, rows: n, onlyScreen: sh.ScreenOnly,
		printFirst: screen && !sh.ScreenOnly && len(sh.Blocks) > 1}
}

// intro is the sheet's line of introduction, saying when a sheet of one
// long list is for the screen.
func (p printPolicy) intro(intro string) string {
	if !p.screen || p.onlyScreen || p.printFirst {
		return intro
	}
	note := "for use on screen: " + format.GroupDigits(float64(p.rows), 0) + " rows to sort and filter (a printout shows the first rows only)"
	if intro != "" {
		note = intro + "; " + note
	}
	return note
}

// tableCursor is where the next block of a table sheet goes: its row, and
// where that row falls on a printed page.
type tableCursor struct {
	sheet string
	row   int
	pg    *pager
}

// blockStart starts a block of a table sheet: a page break when its title,
// header and first rows would not fit on the page (after the first), then
// its title and subtitle.
func (w *book) blockStart(c *tableCursor, b spec.Block, later, titled bool) error {
	if later && c.pg.breakBefore(w.blockNeed(b, titled)) {
		if err := w.f.InsertPageBreak(c.sheet, cell(1, c.row)); err != nil {
			return err
		}
	} else if later {
		c.pg.add(rowPts)
	}
	if titled {
		h, err := w.putAcross(c.sheet, c.row, b.Title, styleKey{bold: true, size: 13, colour: nhsDarkBlue})
		if err != nil {
			return err
		}
		if err := w.f.SetRowHeight(c.sheet, c.row, max(h, 19)); err != nil {
			return err
		}
		c.pg.add(max(h, 19))
		c.row++
	}
	if b.Subtitle != "" {
		h, err := w.putAcross(c.sheet, c.row, b.Subtitle, styleKey{italic: true, colour: nhsDarkGrey})
		if err != nil {
			return err
		}
		c.pg.add(h)
		c.row++
	}
	return nil
}

// blockNeed is the height a block's title, header and first rows take as
// they will be drawn (a flag's list of contracts is eight lines, not one):
// what must fit on a page for the block to start there.
func (w *book) blockNeed(b spec.Block, titled bool) float64 {
	need := 2*tableRowPts + 2
	if b.Kind == spec.Table {
		res := w.r.Data[b.Query]
		ps := plan(b, res)
		for _, rec := range res.Rows[:min(len(res.Rows), 3)] {
			need += float64(lines(ps, rec)) * tableRowPts
		}
	}
	if titled {
		need += 19 + rowPts
	}
	if b.Subtitle != "" {
		need += rowPts
	}
	return need
}

// tableBlock writes a table block's grid at the cursor, then the note of
// how much of a capped list it shows.
func (w *book) tableBlock(c *tableCursor, b spec.Block) error {
	next, heights, err := w.grid(c.sheet, c.row, b)
	if err != nil {
		return fmt.Errorf("block %s: %w", b.ID, err)
	}
	for _, h := range heights {
		c.pg.add(h)
	}
	c.row = next
	if note := moreNote(b, w.r.Data[b.Query]); note != "" {
		if err := w.put(c.sheet, 1, c.row, note, styleKey{italic: true, colour: nhsDarkGrey}); err != nil {
			return err
		}
		c.pg.add(rowPts)
		c.row++
	}
	return nil
}

// finishTableSheet sets a table sheet's widths, frozen rows (a single
// table's header, else the heading) and print area.
func (w *book) finishTableSheet(sh Sheet, p printPolicy, headerRow, row, printEnd int) error {
	if err := w.setWidths(sh.Name); err != nil {
		return err
	}
	freeze := 2
	if len(sh.Blocks) == 1 && headerRow > 0 {
		freeze = headerRow
	}
	if err := w.freeze(sh.Name, freeze); err != nil {
		return err
	}
	last := max(row-2, 1)
	switch {
	case p.printFirst:
		last = printEnd
	case p.screen:
		last = min(last, freeze+screenPrintRows)
	}
	return w.pageSetup(sh.Name, freeze, max(len(w.widths[sh.Name]), 1), last)
}

// screenPrintRows is how much of a sheet for the screen a printout shows:
// one page of its first table, which says the rest is on screen.
const screenPrintRows = 12

// defaultRowHeight fixes a sheet's default row height, so that Excel and
// LibreOffice (and the page breaks worked out here) agree on it.
func (w *book) defaultRowHeight(sheet string) error {
	h, custom := rowPts, true
	return w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{DefaultRowHeight: &h, CustomHeight: &custom})
}

// pager follows where rows fall on printed pages (A4 landscape, fitted to
// the page width), to keep a table's title and header off a page's foot.
// It errs towards a smaller page, so a break it adds never leaves an
// almost empty page behind an automatic one.
type pager struct {
	capacity float64 // points of sheet per printed page
	titles   float64 // repeated print-title rows on every page
	used     float64
}

func newPager(widths []float64, titles float64) *pager {
	px := 0.0
	for _, wd := range widths {
		px += wd*8 + 5 // Arial 11: about 8 px per character of width
	}
	const pagePx = 1040.0 // A4 landscape less side margins, at 96 dpi
	scale := 1.0
	if px > pagePx {
		scale = pagePx / px
	}
	return &pager{capacity: 0.9 * pageBodyPts / scale, titles: titles}
}

// pageBodyPts is the printable height of A4 landscape with our margins.
const pageBodyPts = 509.0

func (p *pager) add(h float64) {
	if p.used+h > p.capacity {
		p.used = p.titles // the printer breaks the page here
	}
	p.used += h
}

// breakBefore reports whether a block need points high must start a new
// page, and if so starts one.
func (p *pager) breakBefore(need float64) bool {
	if p.used+need <= p.capacity {
		return false
	}
	p.used = p.titles
	return true
}

// sheetHeading writes row 1 (the sheet's title) and row 2 (scope, month,
// and an optional line of introduction).
func (w *book) sheetHeading(sheet, title, intro string) error {
	if err := w.put(sheet, 1, 1, title, styleKey{bold: true, size: 16, colour: nhsBlue}); err != nil {
		return err
	}
	if err := w.f.SetRowHeight(sheet, 1, 24); err != nil {
		return err
	}
	line := w.r.Scope
	if !w.r.AsOf.IsZero() {
		line += " · reporting month " + w.r.AsOf.Format("January 2006")
	}
	if intro != "" {
		line += " · " + intro
	}
	_, err := w.putAcross(sheet, 2, strings.TrimPrefix(line, " · "), styleKey{colour: nhsDarkGrey})
	return err
}

// freeze keeps rows 1..n in view while scrolling.
func (w *book) freeze(sheet string, n int) error {
	top := cell(1, n+1)
	return w.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: n, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
	})
}

// pageSetup prints a sheet on A4 landscape, fitted to one page wide, with
// rows 1..titleRows repeated on every page, the print area set to the used
// range, and a header and footer naming the scope, month and page.
func (w *book) pageSetup(sheet string, titleRows, lastCol, lastRow int) error {
	if err := w.pageLayout(sheet); err != nil {
		return err
	}
	if titleRows > 0 {
		if err := w.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$1:$%d", quoteSheet(sheet), titleRows), Scope: sheet,
		}); err != nil {
			return err
		}
	}
	return w.printArea(sheet, lastCol, lastRow)
}

func (w *book) printArea(sheet string, lastCol, lastRow int) error {
	c, _ := excelize.CoordinatesToCellName(lastCol, lastRow, true)
	return w.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", RefersTo: quoteSheet(sheet) + "!$A$1:" + c, Scope: sheet,
	})
}

// pageLayout is the part of the page set-up that lives in the sheet's own
// XML, so the streamed Data sheet can have it set before streaming.
func (w *book) pageLayout(sheet string) error {
	top, side, hf := 0.6, 0.4, 0.25
	if err := w.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Top: &top, Bottom: &top, Left: &side, Right: &side, Header: &hf, Footer: &hf,
	}); err != nil {
		return err
	}
	size, orient, one, any0 := 9, "landscape", 1, 0 // 9 = A4
	if err := w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &any0,
	}); err != nil {
		return err
	}
	fit := true
	if err := w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	month := ""
	if !w.r.AsOf.IsZero() {
		month = "Reporting month " + w.r.AsOf.Format("January 2006")
	}
	header := "&L&8" + hfEscape(w.r.Scope) + "&C&8" + hfEscape(w.r.Spec.Title) + "&R&8" + hfEscape(month)
	footer := "&L&8" + hfEscape(sheet)
	if w.r.Source != "" {
		footer += " · " + hfEscape(w.r.Source)
	}
	footer += "&R&8Page &P of &N"
	return w.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer})
}

// hfEscape escapes '&' for header/footer text and keeps it short.
func hfEscape(s string) string {
	return strings.ReplaceAll(truncRunes(s, 80), "&", "&&")
}

// moreNote says how much of a capped list is shown, from the block's Text
// with {shown} and {total} filled in from the query's total_rows column
// (and {listed}: where the rest are, listedOn);
// "" when the list is complete.
func moreNote(b spec.Block, res *spec.Result) string {
	i := res.Col("total_rows")
	if b.Text == "" || i < 0 || len(res.Rows) == 0 {
		return ""
	}
	total, ok := number(res.Rows[0][i])
	if !ok || int(total) <= len(res.Rows) {
		return ""
	}
	return strings.NewReplacer("{shown}", format.GroupDigits(float64(len(res.Rows)), 0), "{total}", format.GroupDigits(total, 0),
		"{listed}", listedOn(total)).Replace(b.Text)
}

// putAcross writes a line of text (a title, subtitle or introduction) at
// column 1 of row. Text wider than the sheet's columns would run past the
// print area and be cut off on paper, so it wraps in a cell merged across
// them instead, its row as tall as its lines. It returns the row's height.
func (w *book) putAcross(sheet string, row int, text string, k styleKey) (float64, error) {
	h := rowPts
	if k.size > 0 {
		h = max(h, k.size*1.45)
	}
	width, cols := 0.0, len(w.widths[sheet])
	for _, wd := range w.widths[sheet] {
		width += wd
	}
	scale := 1.0 // characters of width a character of this text takes
	if k.size > 11 {
		scale = k.size / 11
	}
	if k.bold {
		scale *= 1.1
	}
	if cols < 2 || float64(utf8.RuneCountInString(text))*scale <= width*1.1 {
		return h, w.put(sheet, 1, row, text, k)
	}
	k.wrap, k.vTop = true, true
	if err := w.put(sheet, 1, row, text, k); err != nil {
		return 0, err
	}
	if err := w.f.MergeCell(sheet, cell(1, row), cell(cols, row)); err != nil {
		return 0, err
	}
	n := wrappedLines(text, width/scale)
	h = float64(n) * h
	return h, w.f.SetRowHeight(sheet, row, h)
}
