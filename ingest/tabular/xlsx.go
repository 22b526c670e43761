package tabular

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// xlsxRows streams a sheet rather than loading it (GetRows held ~700 MB for
// a 30 MB workbook). excelize's Next advances one row number per call and
// yields an empty row for each row number missing from the sheet XML, so
// counting calls gives the row number Excel shows even across gaps.
func (f *File) xlsxRows(ctx context.Context, sheet string, fn func(Row) error) (err error) {
	rows, err := f.xl.Rows(sheet)
	if err != nil {
		return fmt.Errorf("read sheet %q of %s: %w", sheet, f.Path, err)
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("read sheet %q of %s: %w", sheet, f.Path, cerr)
		}
	}()
	n := 0
	for rows.Next() {
		n++
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("read sheet %q of %s: %w", sheet, f.Path, err)
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("read sheet %q of %s, row %d: %w", sheet, f.Path, n, err)
		}
		if blank(cells) {
			continue
		}
		if err := fn(Row{Number: n, Cells: trimTrailing(cells)}); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("read sheet %q of %s: %w", sheet, f.Path, err)
	}
	if err := checkSheetEnd(f.Path, sheet); err != nil {
		// The file is refused whole (ingest files are atomic), so a row
		// cut in the middle never loads half-read.
		return fmt.Errorf("read sheet %q of %s: %w (the last row reached was %d)", sheet, f.Path, err, n)
	}
	return nil
}

// InfoName is the sheet-scoped defined name svhub's return templates put on
// their sheets of information for the supplier (instructions, commitments,
// drop-down lists): such a sheet holds no data to load.
const InfoName = "svhub_info"

// InfoSheet reports whether a sheet is marked as information only.
func (f *File) InfoSheet(sheet string) bool {
	if f.xl == nil {
		return false
	}
	for _, d := range f.xl.GetDefinedName() {
		if d.Name == InfoName && d.Scope == sheet {
			return true
		}
	}
	return false
}
