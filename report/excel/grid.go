package excel

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
)

// maxSheetRows is Excel's row limit.
const maxSheetRows = 1048576

var errTooManyRows = errors.New("too many rows for one Excel sheet")

// Column widths, in characters.
const (
	minWidth  = 7
	maxWidth  = 68
	wrapWidth = 30 // text wider than this wraps within the column
)

// colPlan is how one column of a result is written: the one rule shared by
// every table on every sheet, streamed or not.
type colPlan struct {
	src    int // index in the result's columns
	label  string
	format spec.Format
	numFmt string // for numbers; "" none
	timeFm string // for times
	wrap   bool   // long text wraps
	rag    bool   // a RAG label column: coloured by conditional formatting
	width  float64
	// labels show codes as plain words (spec.Column.Labels), as the
	// dashboard does; a code with no entry is shown as it is.
	labels map[string]string
	// unitSrc is the index of the column with each row's unit
	// (spec.Column.UnitFrom), -1 none: £ and counts get their own formats.
	unitSrc int
}

// value is the cell value of the column in one result record.
func (p colPlan) value(rec []any) any {
	if p.src < 0 || p.src >= len(rec) {
		return nil
	}
	if p.labels != nil {
		if code, ok := rowset.Normalise(rec[p.src]).(string); ok {
			if name, ok := p.labels[code]; ok {
				return safeText(name)
			}
		}
	}
	return cellValue(rec[p.src])
}

// plan works out the columns of a table block over res: labels, number
// formats, and widths fitted to the header and the first rows.
func plan(b spec.Block, res *spec.Result) []colPlan {
	cols := b.Columns
	if len(cols) == 0 {
		for _, c := range res.Columns {
			cols = append(cols, spec.Column{Name: c})
		}
	}
	ps := make([]colPlan, 0, len(cols))
	seen := map[string]bool{}
	for j, c := range cols {
		ps = append(ps, planColumn(c, uniqueLabel(c, j, seen), res))
	}
	fitToRows(ps, res.Rows)
	spreadSpareWidth(ps)
	return ps
}

// uniqueLabel is a column's header: its label (or name, or "Column n"),
// numbered when an earlier column has it, as Excel tables need unique
// headers.
func uniqueLabel(c spec.Column, j int, seen map[string]bool) string {
	label := c.Label
	if label == "" {
		label = c.Name
	}
	label = safeText(strings.TrimSpace(label))
	if label == "" {
		label = "Column " + strconv.Itoa(j+1)
	}
	base := label
	for k := 2; seen[lower(label)]; k++ {
		label = base + " (" + strconv.Itoa(k) + ")"
	}
	seen[lower(label)] = true
	return label
}

// planColumn is one column's plan before its rows are seen: its source,
// formats, and a width for its header (whose words may wrap onto two
// lines).
func planColumn(c spec.Column, label string, res *spec.Result) colPlan {
	p := colPlan{src: res.Col(c.Name), label: label, format: c.Format, numFmt: numFmt(c.Format), labels: c.Labels, unitSrc: -1}
	if c.UnitFrom != "" {
		p.unitSrc = res.Col(c.UnitFrom)
	}
	p.rag = lower(c.Name) == "rag"
	dated := c.Format == spec.FormatMonth || c.Format == spec.FormatDate
	p.timeFm = p.numFmt
	if !dated {
		p.timeFm = timeFormat(res, p.src)
	}
	if p.timeFm == "" {
		p.timeFm = fmtDate
	}
	if dated {
		p.numFmt = ""
	}
	p.width = float64(min(longestWord(label)+3, 14))
	if l := float64(utf8.RuneCountInString(label)+3) / 2; l > p.width {
		p.width = math.Ceil(l)
	}
	return p
}

// fitToRows widens each column to its first 2,000 rows' values. Long text
// wraps; one long token (a SHA-256, a URL) would only break mid-word, so
// its column widens instead.
func fitToRows(ps []colPlan, rows [][]any) {
	for _, rec := range rows[:min(len(rows), 2000)] {
		for j := range ps {
			if ps[j].src < 0 {
				continue
			}
			v := ps[j].value(rec)
			n := float64(displayLen(v, ps[j].format, ps[j].timeFm) + 2)
			if s, ok := v.(string); ok && n > wrapWidth && strings.ContainsRune(strings.TrimSpace(s), ' ') {
				ps[j].wrap = true
				n = wrapWidth
			}
			ps[j].width = max(ps[j].width, n)
		}
	}
	for j := range ps {
		ps[j].width = min(max(ps[j].width, minWidth), maxWidth)
	}
}

// spreadSpareWidth gives the spare width of a table narrower than the
// printed page to its wrapping columns (a rejection's reason, a flag's
// meaning), so they read as lines of text rather than a narrow column of
// four-line rows.
func spreadSpareWidth(ps []colPlan) {
	total, wrapped := 0.0, 0
	for _, p := range ps {
		total += p.width
		if p.wrap {
			wrapped++
		}
	}
	if spare := pageChars - total; spare > 0 && wrapped > 0 {
		for j := range ps {
			if ps[j].wrap {
				ps[j].width = min(maxWidth, math.Floor(ps[j].width+spare/float64(wrapped)))
			}
		}
	}
}

// pageChars is about how many characters of column width fit across A4
// landscape at 100% (the pager's 1,040 px at 8 px a character, less each
// column's padding).
const pageChars = 120.0

func longestWord(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		n = max(n, utf8.RuneCountInString(w))
	}
	return n
}

// cellStyles holds the style of each column's numbers, times and text,
// and of £ and whole numbers for a column of mixed units.
type cellStyles struct{ num, time, text, gbp, whole []int }

func (w *book) stylesFor(ps []colPlan) (cellStyles, error) {
	cs := cellStyles{make([]int, len(ps)), make([]int, len(ps)), make([]int, len(ps)), make([]int, len(ps)), make([]int, len(ps))}
	for j, p := range ps {
		var err error
		if p.unitSrc >= 0 {
			if cs.gbp[j], err = w.st.get(styleKey{numFmt: numFmt(format.ForUnit(p.format, "GBP")), vTop: true}); err != nil {
				return cs, err
			}
			if cs.whole[j], err = w.st.get(styleKey{numFmt: numFmt(format.ForUnit(p.format, "count")), vTop: true}); err != nil {
				return cs, err
			}
		}
		if cs.num[j], err = w.st.get(styleKey{numFmt: p.numFmt, vTop: true}); err != nil {
			return cs, err
		}
		if cs.time[j], err = w.st.get(styleKey{numFmt: p.timeFm, vTop: true, hLeft: true}); err != nil {
			return cs, err
		}
		if cs.text[j], err = w.st.get(styleKey{wrap: p.wrap, vTop: true, hCentre: p.rag, bold: p.rag}); err != nil {
			return cs, err
		}
	}
	return cs, nil
}

// cells turns one result record into values and their styles.
func (cs cellStyles) cells(ps []colPlan, rec []any, vals []any, sty []int) ([]any, []int) {
	vals, sty = vals[:0], sty[:0]
	for j, p := range ps {
		v := p.value(rec)
		st := cs.text[j]
		switch v.(type) {
		case nil:
			st = 0
		case time.Time:
			st = cs.time[j]
		case float64, int64:
			st = cs.num[j]
			if p.unitSrc >= 0 {
				switch format.ForUnit(p.format, rec[p.unitSrc]) {
				case spec.FormatGBP:
					st = cs.gbp[j]
				case spec.FormatInt:
					st = cs.whole[j]
				}
			}
		}
		vals, sty = append(vals, v), append(sty, st)
	}
	return vals, sty
}

// streamRow is cells as the stream writer takes them.
func streamRow(vals []any, sty []int, out []any) []any {
	out = out[:0]
	for j, v := range vals {
		if v == nil {
			out = append(out, nil)
			continue
		}
		out = append(out, excelize.Cell{StyleID: sty[j], Value: v})
	}
	return out
}

// lines is how many lines the tallest wrapped cell of a record needs.
func lines(ps []colPlan, rec []any) int {
	n := 1
	for _, p := range ps {
		if !p.wrap || p.src < 0 {
			continue
		}
		if s, ok := p.value(rec).(string); ok {
			n = max(n, wrappedLines(s, p.width))
		}
	}
	return n
}

// wrappedLines estimates the lines a text needs in a column width chars
// wide, breaking at spaces as Excel and LibreOffice do.
func wrappedLines(s string, width float64) int {
	perLine := int(width*1.1) - 1 // Arial text is narrower than the digits widths count in
	if perLine < 4 {
		perLine = 4
	}
	n := 0
	for _, para := range strings.Split(s, "\n") {
		n++
		col := 0
		for _, word := range strings.Fields(para) {
			l := utf8.RuneCountInString(word)
			switch {
			case col == 0:
				col = l
			case col+1+l <= perLine:
				col += 1 + l
			default:
				n++
				col = l
			}
			for col > perLine { // a word longer than the line
				n++
				col -= perLine
			}
		}
	}
	return n
}

// tableRowPts is the height of one line of table text (11 pt Arial).
const tableRowPts = 15.0

// grid writes a table block at row top of sheet: a styled header row, then
// one row per record with real numbers and dates, as an Excel table with
// filter buttons and RAG conditional formatting. It returns the row after
// the table and the heights of the rows it wrote. With no rows it writes
// "None this month." instead of an empty table.
func (w *book) grid(sheet string, top int, b spec.Block) (int, []float64, error) {
	next, err := w.gridRows(sheet, top, b)
	return next, w.gridHeights, err
}

func (w *book) gridRows(sheet string, top int, b spec.Block) (int, error) {
	res := w.r.Data[b.Query]
	w.gridHeights = w.gridHeights[:0]
	if len(res.Rows) > maxSheetRows-top {
		return 0, errTooManyRows
	}
	ps := plan(b, res)
	w.fitWidths(sheet, ps)
	if len(res.Rows) == 0 {
		if err := w.put(sheet, 1, top, "None this month.", styleKey{italic: true, colour: nhsDarkGrey}); err != nil {
			return 0, err
		}
		w.gridHeights = append(w.gridHeights, rowPts)
		return top + 1, nil
	}
	if err := w.gridHeader(sheet, top, ps); err != nil {
		return 0, err
	}
	if err := w.gridBody(sheet, top+1, ps, res.Rows); err != nil {
		return 0, err
	}
	last := top + len(res.Rows)
	if err := w.gridTable(sheet, top, last, ps, b.ID); err != nil {
		return 0, err
	}
	return last + 1, nil
}

// gridHeader writes a table's header row at row top, two lines high.
func (w *book) gridHeader(sheet string, top int, ps []colPlan) error {
	hdr, err := w.st.header()
	if err != nil {
		return err
	}
	header := make([]any, len(ps))
	for j, p := range ps {
		header[j] = p.label
	}
	if err := w.f.SetSheetRow(sheet, cell(1, top), &header); err != nil {
		return err
	}
	if err := w.f.SetCellStyle(sheet, cell(1, top), cell(len(ps), top), hdr); err != nil {
		return err
	}
	if err := w.f.SetRowHeight(sheet, top, 2*tableRowPts+2); err != nil {
		return err
	}
	w.gridHeights = append(w.gridHeights, 2*tableRowPts+2)
	return nil
}

// gridBody writes a table's rows from row first on, each cell styled by
// its column's plan and each row as tall as its wrapped lines.
func (w *book) gridBody(sheet string, first int, ps []colPlan, rows [][]any) error {
	cs, err := w.stylesFor(ps)
	if err != nil {
		return err
	}
	vals, sty := make([]any, 0, len(ps)), make([]int, 0, len(ps))
	for i, rec := range rows {
		r := first + i
		vals, sty = cs.cells(ps, rec, vals, sty)
		if err := w.f.SetSheetRow(sheet, cell(1, r), &vals); err != nil {
			return err
		}
		for j, st := range sty {
			if st == 0 {
				continue
			}
			if err := w.f.SetCellStyle(sheet, cell(j+1, r), cell(j+1, r), st); err != nil {
				return err
			}
		}
		h := tableRowPts
		if n := lines(ps, rec); n > 1 {
			h = float64(n)*tableRowPts - float64(n-1)*2
			if err := w.f.SetRowHeight(sheet, r, h); err != nil {
				return err
			}
		}
		w.gridHeights = append(w.gridHeights, h)
	}
	return nil
}

// gridTable makes rows top..last an Excel table (filters, stripes) and
// colours its RAG columns by conditional formatting.
func (w *book) gridTable(sheet string, top, last int, ps []colPlan, id string) error {
	w.tables++
	show := true
	if err := w.f.AddTable(sheet, &excelize.Table{
		Range:          cell(1, top) + ":" + cell(len(ps), last),
		Name:           "t_" + strconv.Itoa(w.tables) + "_" + tableName(id),
		StyleName:      "TableStyleLight1",
		ShowRowStripes: &show,
	}); err != nil {
		return err
	}
	for j, p := range ps {
		if p.rag {
			if err := w.ragFormat(sheet, cell(j+1, top+1)+":"+cell(j+1, last)); err != nil {
				return err
			}
		}
	}
	return nil
}

// tableName makes a block ID usable in an Excel table name (letters,
// digits and underscores).
func tableName(id string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return '_'
	}, id)
}

// fitWidths widens a sheet's columns to fit ps (widths are set when the
// sheet is finished: several tables share the columns).
func (w *book) fitWidths(sheet string, ps []colPlan) {
	ws := w.widths[sheet]
	for len(ws) < len(ps) {
		ws = append(ws, 0)
	}
	for j, p := range ps {
		ws[j] = max(ws[j], p.width)
	}
	w.widths[sheet] = ws
}

func (w *book) setWidths(sheet string) error {
	for j, wd := range w.widths[sheet] {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := w.f.SetColWidth(sheet, col, col, wd); err != nil {
			return err
		}
	}
	return nil
}

// ragFormat colours RAG labels through conditional formatting, so the word
// stays the cue and the colour follows any edit.
func (w *book) ragFormat(sheet, ref string) error {
	var rules []excelize.ConditionalFormatOptions
	for _, word := range []string{"Red", "Amber", "Green", "Grey"} {
		id, err := w.st.conditional(word)
		if err != nil {
			return err
		}
		rules = append(rules, excelize.ConditionalFormatOptions{
			Type: "cell", Criteria: "==", Format: &id, Value: `"` + word + `"`,
		})
	}
	return w.f.SetConditionalFormat(sheet, ref, rules)
}

// timeFormat picks a date or date-time format for a column holding times,
// or "" for other columns.
func timeFormat(res *spec.Result, i int) string {
	if i < 0 {
		return ""
	}
	seen := false
	for _, rec := range res.Rows {
		t, ok := rec[i].(time.Time)
		if !ok {
			continue
		}
		seen = true
		if !isMidnight(t) {
			return fmtDateTime
		}
	}
	if seen {
		return fmtDate
	}
	return ""
}
