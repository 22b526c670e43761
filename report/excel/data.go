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
	ps := plan(b, res)
	for j := range ps {
		// Rows of a streamed sheet have no fitted heights: long text is
		// cut at the column edge rather than wrapped over the next row.
		ps[j].wrap = false
	}
	cs, err := w.stylesFor(ps)
	if err != nil {
		return err
	}
	hdr, err := w.st.header()
	if err != nil {
		return err
	}
	note, err := w.st.get(styleKey{bold: true, colour: nhsDarkGrey})
	if err != nil {
		return err
	}
	n := res.Count()
	out := make([]any, 0, len(ps))
	vals, sty := make([]any, 0, len(ps)), make([]int, 0, len(ps))

	var sw *excelize.StreamWriter
	k, from, to := -1, 0, 0 // the sheet being written and its rows [from, to)
	// finish closes sheet k: its table over the rows written, then flush.
	finish := func() error {
		if sw == nil {
			return nil
		}
		if to > from && len(ps) > 0 {
			if err := sw.AddTable(&excelize.Table{
				Range:     cell(1, dataHeaderRow) + ":" + cell(len(ps), dataHeaderRow+to-from),
				Name:      "svhub_data" + map[bool]string{true: "", false: "_" + strconv.Itoa(k+1)}[k == 0],
				StyleName: "TableStyleLight1",
			}); err != nil {
				return err
			}
		}
		err := sw.Flush()
		sw = nil
		return err
	}
	// next finishes sheet k and starts sheet k+1: page set-up, widths,
	// panes, the note and the header.
	next := func() error {
		if err := finish(); err != nil {
			return err
		}
		k++
		sheet := w.dataSheets[k]
		from, to = k*dataRowsPerSheet, min((k+1)*dataRowsPerSheet, n)
		// Page set-up lives in the sheet XML the stream writer copies, so
		// it is set before streaming starts.
		if err := w.pageLayout(sheet); err != nil {
			return err
		}
		if err := w.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$1:$%d", quoteSheet(sheet), dataHeaderRow), Scope: sheet,
		}); err != nil {
			return err
		}
		if err := w.printArea(sheet, max(len(ps), 1), dataHeaderRow+min(to-from, dataPrintRows)); err != nil {
			return err
		}
		var err error
		if sw, err = w.f.NewStreamWriter(sheet); err != nil {
			return err
		}
		for j, p := range ps {
			if err := sw.SetColWidth(j+1, j+1, p.width); err != nil {
				return err
			}
		}
		top := cell(1, dataHeaderRow+1)
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: dataHeaderRow, TopLeftCell: top, ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
		}); err != nil {
			return err
		}
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: note, Value: w.dataNote(n, from, to, k)}}); err != nil {
			return err
		}
		if len(ps) == 0 {
			return nil
		}
		header := make([]any, len(ps))
		for j, p := range ps {
			header[j] = excelize.Cell{StyleID: hdr, Value: p.label}
		}
		return sw.SetRow(cell(1, dataHeaderRow), header, excelize.RowOpts{Height: 2*tableRowPts + 2})
	}
	if err := next(); err != nil {
		return err
	}
	i := 0 // rows written
	write := func(rec []any) error {
		if i >= n {
			return fmt.Errorf("the query returned more than the %d rows it counted", n)
		}
		if i == to {
			if err := next(); err != nil {
				return err
			}
		}
		if (i-from)%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(ps) > 0 {
			vals, sty = cs.cells(ps, rec, vals, sty)
			out = streamRow(vals, sty, out)
			if err := sw.SetRow(cell(1, dataHeaderRow+1+i-from), out); err != nil {
				return fmt.Errorf("row %d: %w", i+1, err)
			}
		}
		i++
		return nil
	}
	if res.Stream != nil {
		err = res.Stream(ctx, write)
	} else {
		for _, rec := range res.Rows {
			if err = write(rec); err != nil {
				break
			}
		}
	}
	if err != nil {
		return err
	}
	if i != n {
		return fmt.Errorf("the query returned %d rows, not the %d it counted", i, n)
	}
	if err := finish(); err != nil {
		return err
	}
	// Sheets the rows never reached (none, unless the count was wrong).
	for k+1 < len(w.dataSheets) {
		if err := next(); err != nil {
			return err
		}
		if err := finish(); err != nil {
			return err
		}
	}
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
