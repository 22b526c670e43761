package excel

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/spec"
)

// maxDataRows is how many rows fit under a header row on one sheet.
const maxDataRows = 1048576 - 1

var errTooManyRows = errors.New("too many rows for one Excel sheet")

// table writes a table block on its own sheet: a header row, real numbers
// and dates with the columns' formats, RAG words coloured, frozen header,
// autofilter and column widths fitted to the content.
func (w *book) table(sheet string, b spec.Block) error {
	f := w.f
	res := w.r.Data[b.Query]
	cols := b.Columns
	if len(cols) == 0 {
		for _, c := range res.Columns {
			cols = append(cols, spec.Column{Name: c})
		}
	}
	if len(res.Rows) > maxDataRows {
		return fmt.Errorf("%d rows: %w (at most %d)", len(res.Rows), errTooManyRows, maxDataRows)
	}
	idx := make([]int, len(cols))
	widths := make([]int, len(cols))
	header := make([]any, len(cols))
	for j, c := range cols {
		idx[j] = res.Col(c.Name)
		label := c.Label
		if label == "" {
			label = c.Name
		}
		header[j] = safeText(label)
		widths[j] = len([]rune(label)) + 3 // room for the filter button
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	hdr, err := w.st.header()
	if err != nil {
		return err
	}
	last := cell(len(cols), 1)
	if err := f.SetCellStyle(sheet, "A1", last, hdr); err != nil {
		return err
	}

	type ragCell struct {
		ref  string
		word string
		fmt  string
	}
	var rags []ragCell
	row := make([]any, len(cols))
	for i, rec := range res.Rows {
		for j := range cols {
			v := cellValue(rec[idx[j]])
			row[j] = v
			if n := displayLen(v, numFmt(cols[j].Format)); n+2 > widths[j] {
				widths[j] = n + 2
			}
			if s, ok := v.(string); ok {
				if _, ok := ragStyle[strings.ToLower(strings.TrimSpace(s))]; ok {
					rags = append(rags, ragCell{cell(j+1, i+2), strings.ToLower(strings.TrimSpace(s)), numFmt(cols[j].Format)})
				}
			}
		}
		if err := f.SetSheetRow(sheet, cell(1, i+2), &row); err != nil {
			return err
		}
	}
	lastRow := len(res.Rows) + 1

	// Column styles: number formats, and a sensible date format for times.
	for j, c := range cols {
		nf := numFmt(c.Format)
		if nf == "" {
			nf = timeFormat(res, idx[j])
		}
		k := styleKey{numFmt: nf}
		if nf == "" && c.Format == spec.FormatText {
			k.wrap = true
		}
		if lastRow >= 2 && (nf != "" || k.wrap) {
			id, err := w.st.get(k)
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell(j+1, 2), cell(j+1, lastRow), id); err != nil {
				return err
			}
		}
		col, _ := excelize.ColumnNumberToName(j + 1)
		wd := float64(widths[j])
		if wd < 8 {
			wd = 8
		}
		if wd > 60 {
			wd = 60
		}
		if err := f.SetColWidth(sheet, col, col, wd); err != nil {
			return err
		}
	}
	for _, rc := range rags {
		c := ragStyle[rc.word]
		id, err := w.st.get(styleKey{fill: c[0], colour: c[1], bold: true, hCentre: true, numFmt: rc.fmt})
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, rc.ref, rc.ref, id); err != nil {
			return err
		}
	}

	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, "A1:"+cell(len(cols), lastRow), nil); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sheet) + "!$1:$1", Scope: sheet,
	}); err != nil {
		return err
	}
	return w.pageSetup(sheet)
}

// timeFormat picks a date or date-time format for a column holding times,
// or "" for other columns.
func timeFormat(res *spec.Result, i int) string {
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
