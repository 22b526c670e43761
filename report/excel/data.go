package excel

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/spec"
)

// ctxEvery is how many rows are written between context checks.
const ctxEvery = 4096

// data streams the full result of the data query onto the Data sheet with
// real types, a styled and frozen header row, as an Excel table.
func (w *book) data(ctx context.Context, res *spec.Result) error {
	if len(res.Rows) > maxDataRows {
		return fmt.Errorf("%d rows: %w (at most %d)", len(res.Rows), errTooManyRows, maxDataRows)
	}
	sw, err := w.f.NewStreamWriter(SheetData)
	if err != nil {
		return err
	}
	n := len(res.Columns)
	if n == 0 {
		if err := sw.SetRow("A1", []any{"The data query returned no columns."}); err != nil {
			return err
		}
		return sw.Flush()
	}

	// Formats: from any block over the same query, else by value type.
	formats := make([]spec.Format, n)
	for _, b := range w.r.Spec.Blocks {
		if b.Query != w.r.Spec.DataQuery {
			continue
		}
		for _, c := range append(append([]spec.Column{}, b.Columns...), b.Y...) {
			if i := res.Col(c.Name); i >= 0 && formats[i] == "" {
				formats[i] = c.Format
			}
		}
	}
	numStyle := make([]int, n)  // style of numbers in column j
	timeStyle := make([]int, n) // style of times in column j
	widths := make([]int, n)
	for j := range n {
		if nf := numFmt(formats[j]); nf != "" && formats[j] != spec.FormatMonth && formats[j] != spec.FormatDate {
			if numStyle[j], err = w.st.get(styleKey{numFmt: nf}); err != nil {
				return err
			}
		}
		tf := timeFormat(res, j)
		if formats[j] == spec.FormatMonth || formats[j] == spec.FormatDate {
			tf = numFmt(formats[j])
		}
		if tf == "" {
			tf = fmtDate
		}
		if timeStyle[j], err = w.st.get(styleKey{numFmt: tf}); err != nil {
			return err
		}
		widths[j] = len([]rune(res.Columns[j])) + 4
	}
	// Widths from the first rows (the stream writer needs them up front).
	for i, rec := range res.Rows {
		if i == 1000 {
			break
		}
		for j := range n {
			if l := displayLen(cellValue(rec[j]), numFmt(formats[j])) + 2; l > widths[j] {
				widths[j] = l
			}
		}
	}
	for j, wd := range widths {
		if wd > 50 {
			wd = 50
		}
		if err := sw.SetColWidth(j+1, j+1, float64(wd)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}

	hdr, err := w.st.header()
	if err != nil {
		return err
	}
	header := make([]any, n)
	seen := map[string]bool{}
	for j, c := range res.Columns {
		name := safeText(strings.TrimSpace(c))
		if name == "" {
			name = "Column " + strconv.Itoa(j+1)
		}
		base := name
		for k := 2; seen[strings.ToLower(name)]; k++ {
			name = base + " (" + strconv.Itoa(k) + ")"
		}
		seen[strings.ToLower(name)] = true
		header[j] = excelize.Cell{StyleID: hdr, Value: name}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}

	row := make([]any, n)
	for i, rec := range res.Rows {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for j := range n {
			var v any
			if j < len(rec) {
				v = cellValue(rec[j])
			}
			switch x := v.(type) {
			case time.Time:
				row[j] = excelize.Cell{StyleID: timeStyle[j], Value: x}
			case float64, int64:
				if numStyle[j] != 0 {
					row[j] = excelize.Cell{StyleID: numStyle[j], Value: x}
				} else {
					row[j] = x
				}
			default:
				row[j] = x
			}
		}
		if err := sw.SetRow(cell(1, i+2), row); err != nil {
			return fmt.Errorf("row %d: %w", i+1, err)
		}
	}
	if len(res.Rows) > 0 {
		if err := sw.AddTable(&excelize.Table{
			Range:     "A1:" + cell(n, len(res.Rows)+1),
			Name:      "svhub_data",
			StyleName: "TableStyleLight1",
		}); err != nil {
			return err
		}
	}
	return sw.Flush()
}
