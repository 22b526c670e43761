package excel

import (
	"context"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// ctxEvery is how many rows are written between context checks.
const ctxEvery = 4096

// The Data sheet: a note in row 1, the header in row 3, data from row 4.
const (
	dataHeaderRow = 3
	dataPrintRows = 30 // rows a printout shows: the sheet is for filtering on screen
)

// dataRowsPerSheet is how many data rows one Data sheet holds: Excel's
// limit less the note and header. A variable so tests can split small data.
var dataRowsPerSheet = maxSheetRows - dataHeaderRow

// dataSheetNames names the sheets n data rows need: Data, Data (2), ...
func dataSheetNames(n int) []string {
	k := max(1, (n+dataRowsPerSheet-1)/dataRowsPerSheet)
	names := []string{SheetData}
	for i := 2; i <= k; i++ {
		names = append(names, SheetData+" ("+strconv.Itoa(i)+")")
	}
	return names
}

// data streams the full result of b's query onto the Data sheet(s) with
// real types and the same column rules as every other table, as an Excel
// table with filters; past Excel's row limit the rows continue on further
// sheets, each saying which rows it holds. A Stream query's rows go from
// the database cursor straight to the stream writer, one row at a time
// (its columns are fitted to the first rows, which the result holds).
func (w *book) data(ctx context.Context, b spec.Block) error {
	res := w.r.Data[b.Query]
	d, err := w.newDataStream(ctx, b, res)
	if err != nil {
		return err
	}
	if err := d.next(); err != nil {
		return err
	}
	if res.Stream != nil {
		err = res.Stream(ctx, d.write)
	} else {
		for _, rec := range res.Rows {
			if err = d.write(rec); err != nil {
				break
			}
		}
	}
	if err != nil {
		return err
	}
	if d.i != d.n {
		return fmt.Errorf("the query returned %d rows, not the %d it counted", d.i, d.n)
	}
	if err := d.finish(); err != nil {
		return err
	}
	// Sheets the rows never reached (none, unless the count was wrong).
	for d.k+1 < len(w.dataSheets) {
		if err := d.next(); err != nil {
			return err
		}
		if err := d.finish(); err != nil {
			return err
		}
	}
	return nil
}

// dataStream writes the Data sheets: the rows of one query, sheet after
// sheet, each an Excel table under a note and a header.
type dataStream struct {
	w           *book
	ctx         context.Context
	ps          []colPlan
	cs          cellStyles
	hdr, note   int // header and note styles
	n           int // rows the query counted
	i           int // rows written
	sw          *excelize.StreamWriter
	k, from, to int // the sheet being written and its rows [from, to)
	out, vals   []any
	sty         []int
}

func (w *book) newDataStream(ctx context.Context, b spec.Block, res *spec.Result) (*dataStream, error) {
	d := &dataStream{w: w, ctx: ctx, n: res.Count(), k: -1}
	d.ps = plan(b, res)
	for j := range d.ps {
		// Rows of a streamed sheet have no fitted heights: long text is
		// cut at the column edge rather than wrapped over the next row.
		d.ps[j].wrap = false
	}
	var err error
	if d.cs, err = w.stylesFor(d.ps); err != nil {
		return nil, err
	}
	if d.hdr, err = w.st.header(); err != nil {
		return nil, err
	}
	if d.note, err = w.st.get(styleKey{bold: true, colour: nhsDarkGrey}); err != nil {
		return nil, err
	}
	d.out = make([]any, 0, len(d.ps))
	d.vals, d.sty = make([]any, 0, len(d.ps)), make([]int, 0, len(d.ps))
	return d, nil
}

// finish closes sheet k: its table over the rows written, then flush.
func (d *dataStream) finish() error {
	if d.sw == nil {
		return nil
	}
	if d.to > d.from && len(d.ps) > 0 {
		name := "svhub_data"
		if d.k > 0 {
			name += "_" + strconv.Itoa(d.k+1)
		}
		if err := d.sw.AddTable(&excelize.Table{
			Range:     cell(1, dataHeaderRow) + ":" + cell(len(d.ps), dataHeaderRow+d.to-d.from),
			Name:      name,
			StyleName: "TableStyleLight1",
		}); err != nil {
			return err
		}
	}
	err := d.sw.Flush()
	d.sw = nil
	return err
}

// next finishes sheet k and starts sheet k+1: page set-up, widths, panes,
// the note and the header.
func (d *dataStream) next() error {
	if err := d.finish(); err != nil {
		return err
	}
	d.k++
	w, sheet := d.w, d.w.dataSheets[d.k]
	d.from, d.to = d.k*dataRowsPerSheet, min((d.k+1)*dataRowsPerSheet, d.n)
	if err := w.dataPageSetup(sheet, len(d.ps), d.to-d.from); err != nil {
		return err
	}
	var err error
	if d.sw, err = w.f.NewStreamWriter(sheet); err != nil {
		return err
	}
	for j, p := range d.ps {
		if err := d.sw.SetColWidth(j+1, j+1, p.width); err != nil {
			return err
		}
	}
	top := cell(1, dataHeaderRow+1)
	if err := d.sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: dataHeaderRow, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	if err := d.sw.SetRow("A1", []any{excelize.Cell{StyleID: d.note, Value: w.dataNote(d.n, d.from, d.to, d.k)}}); err != nil {
		return err
	}
	if len(d.ps) == 0 {
		return nil
	}
	header := make([]any, len(d.ps))
	for j, p := range d.ps {
		header[j] = excelize.Cell{StyleID: d.hdr, Value: p.label}
	}
	return d.sw.SetRow(cell(1, dataHeaderRow), header, excelize.RowOpts{Height: 2*tableRowPts + 2})
}

// dataPageSetup sets a Data sheet's page: it lives in the sheet XML the
// stream writer copies, so it is set before streaming starts. A printout
// shows the header and the first dataPrintRows.
func (w *book) dataPageSetup(sheet string, cols, rows int) error {
	if err := w.pageLayout(sheet); err != nil {
		return err
	}
	if err := w.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$1:$%d", quoteSheet(sheet), dataHeaderRow), Scope: sheet,
	}); err != nil {
		return err
	}
	return w.printArea(sheet, max(cols, 1), dataHeaderRow+min(rows, dataPrintRows))
}

// write writes one row, starting the next sheet when this one is full.
func (d *dataStream) write(rec []any) error {
	if d.i >= d.n {
		return fmt.Errorf("the query returned more than the %d rows it counted", d.n)
	}
	if d.i == d.to {
		if err := d.next(); err != nil {
			return err
		}
	}
	if (d.i-d.from)%ctxEvery == 0 {
		if err := d.ctx.Err(); err != nil {
			return err
		}
	}
	if len(d.ps) > 0 {
		d.vals, d.sty = d.cs.cells(d.ps, rec, d.vals, d.sty)
		d.out = streamRow(d.vals, d.sty, d.out)
		if err := d.sw.SetRow(cell(1, dataHeaderRow+1+d.i-d.from), d.out); err != nil {
			return fmt.Errorf("row %d: %w", d.i+1, err)
		}
	}
	d.i++
	return nil
}

// dataNote is row 1 of a Data sheet: what it holds and that it is for
// filtering, not for print.
func (w *book) dataNote(n, from, to, k int) string {
	what := format.GroupDigits(float64(n), 0) + " rows"
	if len(w.dataSheets) > 1 {
		what = fmt.Sprintf("Rows %s to %s of %s (more than fit on one Excel sheet)", format.GroupDigits(float64(from+1), 0),
			format.GroupDigits(float64(to), 0), what)
		if k+1 < len(w.dataSheets) {
			what += "; continued on sheet " + w.dataSheets[k+1]
		}
	} else {
		what = "All " + what
	}
	return what + ". Filter with the buttons in the header row. For use on screen: a printout shows only the first " +
		strconv.Itoa(dataPrintRows) + " rows."
}

// planData names the Data sheets n rows need: Data, Data (2) ... past
// Excel's row limit, or one sheet with none of them past the layout's
// DataMaxRows.
func (w *book) planData(n int) {
	w.dataSheets = dataSheetNames(n)
	if w.l.DataMaxRows > 0 && n > w.l.DataMaxRows {
		w.dataSheets, w.dataLeftOut = []string{SheetData}, true
	}
}

// dataSheet writes the Data sheet(s): b's rows, or where they are when
// there are too many.
func (w *book) dataSheet(ctx context.Context, b spec.Block) error {
	if w.dataLeftOut {
		return w.dataElsewhere(w.r.Data[b.Query].Count())
	}
	return w.data(ctx, b)
}

// dataElsewhere writes the Data sheet of a workbook whose data has more
// rows than the layout's DataMaxRows: a line saying how many and where they
// are (Layout.DataElsewhere), and no rows. Half a million commitments are a
// 57 MB workbook, which no mail system passes and no board reads.
func (w *book) dataElsewhere(n int) error {
	text := fmt.Sprintf("%s rows: more than a board pack carries (%s at most), so none are on this sheet.", format.GroupDigits(float64(n), 0),
		format.GroupDigits(float64(w.l.DataMaxRows), 0))
	if w.l.DataElsewhere != "" {
		text += " They are in " + w.l.DataElsewhere + "."
	}
	if err := w.sheetHeading(SheetData, SheetData, ""); err != nil {
		return err
	}
	if _, err := w.putAcross(SheetData, 4, text, styleKey{bold: true, colour: nhsDarkGrey}); err != nil {
		return err
	}
	return w.pageSetup(SheetData, 0, 1, 4)
}
