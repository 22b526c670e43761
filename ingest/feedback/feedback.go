// Package feedback writes, for each supplier file with problems, a workbook
// listing its rejected rows (sheet, row, column, value, reason, what to do),
// ready to email back to the supplier. Supplier text is written inert: a
// value that Excel would run as a formula is neutralised.
package feedback

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/cellsafe"
)

// Write writes one workbook per file of res that has any rejection into
// dir, named after the file ("returns-2026-09.csv" →
// "returns-2026-09.csv.feedback.xlsx"), and returns the paths written.
func Write(dir string, res *ingest.Result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	byFile := map[string][]ingest.Rejection{}
	for _, r := range res.Rejections {
		byFile[r.File] = append(byFile[r.File], r)
	}
	var out []string
	used := map[string]int{}
	for _, f := range res.Files {
		rs := byFile[f.Path]
		if len(rs) == 0 && f.Problem == "" {
			continue
		}
		name := filepath.Base(f.Path) + ".feedback.xlsx"
		if n := used[name]; n > 0 {
			name = fmt.Sprintf("%s.%d.feedback.xlsx", filepath.Base(f.Path), n+1)
		}
		used[filepath.Base(f.Path)+".feedback.xlsx"]++
		path := filepath.Join(dir, name)
		if err := atomicfile.Write(path, func(w io.Writer) error { return workbook(w, f, rs) }); err != nil {
			return out, fmt.Errorf("feedback for %s: %w", f.Path, err)
		}
		out = append(out, path)
	}
	return out, nil
}

var header = []string{"Sheet", "Row", "Column", "Cell", "Value as sent", "Problem", "What to do"}

func workbook(w io.Writer, f *ingest.FileResult, rs []ingest.Rejection) error {
	x := excelize.NewFile()
	defer x.Close()
	const sh = "Rejected rows"
	if err := x.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	summary := fmt.Sprintf("%s: %d rows read, %d accepted, %d rejected", filepath.Base(f.Path), f.Read, f.Loaded, f.Rejected)
	switch {
	case f.Problem != "":
		summary = fmt.Sprintf("%s could not be read: %s", filepath.Base(f.Path), f.Problem)
	case f.StrictFailed:
		summary = fmt.Sprintf("%s: not loaded (--strict): %d rows rejected", filepath.Base(f.Path), f.Rejected)
	}
	rows := [][]any{{cellsafe.Text(summary)}, {}}
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	rows = append(rows, hdr)
	for _, r := range rs {
		var row any
		if r.Row > 0 {
			row = r.Row
		}
		rows = append(rows, []any{cellsafe.Text(r.Sheet), row, r.Column, r.Cell, cellsafe.Text(r.Value), cellsafe.Text(r.Reason), cellsafe.Text(r.Hint)})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sh, cell, &r); err != nil {
			return err
		}
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := x.SetCellStyle(sh, "A3", "G3", bold); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 16, "B": 6, "C": 16, "D": 7, "E": 24, "F": 70, "G": 50} {
		if err := x.SetColWidth(sh, col, col, width); err != nil {
			return err
		}
	}
	if err := x.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}
