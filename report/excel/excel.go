// Package excel renders a report spec and its data as an Excel workbook.
// A Layout says which blocks go on which sheet: the Summary draws KPIs,
// text and native charts (their data on the Chart data sheet, which is also
// their text alternative); other sheets stack tables under their titles.
// Every workbook ends with the Data sheet (the full data query as a
// filterable Excel table, streamed, split across sheets past Excel's row
// limit), Chart data and About (scope, month, sources, settings, version).
// Pack is the board pack's own spec and layout.
//
// Numbers and dates are written as real numbers and dates with number
// formats, never as pre-formatted strings. Every string that came from data
// goes through cellsafe.Text. Every sheet prints on A4 landscape, one page
// wide, with a header and footer naming the scope and reporting month.
package excel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Sheet names the workbook always has.
const (
	SheetSummary   = "Summary"
	SheetChartData = "Chart data"
	SheetData      = "Data"
	SheetAbout     = "About"
)

// Write renders a report with the default layout (KPIs, text and charts on
// the Summary, one sheet per table) to path atomically.
func Write(ctx context.Context, path string, r *spec.Report) error {
	return WriteLayout(ctx, path, r, nil)
}

// WriteLayout renders a report with the given layout (nil: the default) to
// path atomically: the file appears complete or not at all.
func WriteLayout(ctx context.Context, path string, r *spec.Report, l *Layout) error {
	if r == nil || r.Spec == nil {
		return errors.New("write board pack: report has no spec")
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if l == nil {
		l = defaultLayout(r.Spec)
	}
	if err := checkLayout(r, l); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	f, err := build(ctx, r, l)
	if err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	defer f.Close()
	err = atomicfile.Write(path, func(w io.Writer) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, err := f.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("write board pack: %w", err)
	}
	return nil
}

// checkLayout makes sure every block and query the layout names has data.
func checkLayout(r *spec.Report, l *Layout) error {
	for _, sh := range l.Sheets {
		for _, id := range sh.Blocks {
			if _, ok := block(r.Spec, id); !ok {
				return fmt.Errorf("sheet %q: no block %q", sh.Name, id)
			}
		}
	}
	q := r.Spec.DataQuery
	if l.Data != "" {
		b, ok := block(r.Spec, l.Data)
		if !ok {
			return fmt.Errorf("data sheet: no block %q", l.Data)
		}
		q = b.Query
	}
	if q != "" {
		if _, ok := r.Data[q]; !ok {
			return fmt.Errorf("data query %q has no data", q)
		}
	}
	for _, q := range []string{l.AboutSources, l.AboutSettings, l.AboutMonitoring, l.AboutProxy} {
		if _, ok := r.Data[q]; q != "" && !ok {
			return fmt.Errorf("about sheet: query %q has no data", q)
		}
	}
	return nil
}

func block(s *spec.Spec, id string) (spec.Block, bool) {
	for _, b := range s.Blocks {
		if b.ID == id {
			return b, true
		}
	}
	return spec.Block{}, false
}

// dataBlock is the table block that fills the Data sheet, or false.
func dataBlock(r *spec.Report, l *Layout) (spec.Block, bool) {
	if l.Data != "" {
		return block(r.Spec, l.Data)
	}
	if q := r.Spec.DataQuery; q != "" {
		return spec.Block{ID: "data", Kind: spec.Table, Query: q}, true
	}
	return spec.Block{}, false
}

// build lays out the whole workbook in memory (the Data sheet is streamed).
func build(ctx context.Context, r *spec.Report, l *Layout) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			_ = f.Close()
		}
	}()
	w := &book{f: f, r: r, l: l, st: newStyles(f), used: map[string]bool{}, widths: map[string][]float64{}}
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return nil, err
	}
	// Sheet names first, so the Summary can link to every sheet.
	names := w.sheetNames()
	db, hasData := dataBlock(r, l)
	if hasData {
		w.planData(r.Data[db.Query].Count())
	}
	w.hasCharts = hasCharts(r.Spec, l)
	if err := w.addSheets(names); err != nil {
		return nil, err
	}
	for i, sh := range l.Sheets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sh.Name = names[i]
		if err := w.layoutSheet(sh); err != nil {
			return nil, fmt.Errorf("sheet %q: %w", sh.Name, err)
		}
	}
	if hasData {
		if err := w.dataSheet(ctx, db); err != nil {
			return nil, fmt.Errorf("sheet %s (query %q): %w", SheetData, db.Query, err)
		}
	}
	if w.hasCharts {
		if err := w.finishChartData(); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", SheetChartData, err)
		}
	}
	if err := w.about(); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", SheetAbout, err)
	}
	f.SetActiveSheet(0)
	sortContentTypes(f)
	if err := w.docProps(); err != nil {
		return nil, err
	}
	return f, nil
}

// sheetNames are the names of the layout's sheets as Excel allows them:
// unique (case aside), clear of the fixed sheets', the Summary first.
func (w *book) sheetNames() []string {
	for _, fixed := range []string{SheetChartData, SheetData, SheetAbout} {
		w.used[lower(fixed)] = true
	}
	names := make([]string, len(w.l.Sheets))
	for i, sh := range w.l.Sheets {
		if i == 0 && sh.Name == SheetSummary {
			names[i] = SheetSummary
			w.used[lower(SheetSummary)] = true
			continue
		}
		names[i] = w.sheetName(sh.Name, "Sheet")
	}
	return names
}

// addSheets creates every sheet in order: the layout's, the Data sheets,
// Chart data (when there are charts) and About.
func (w *book) addSheets(names []string) error {
	order := append(append([]string{}, names...), w.dataSheets...)
	if w.hasCharts {
		order = append(order, SheetChartData)
	}
	order = append(order, SheetAbout)
	if err := w.f.SetSheetName("Sheet1", order[0]); err != nil {
		return err
	}
	for _, n := range order[1:] {
		if _, err := w.f.NewSheet(n); err != nil {
			return fmt.Errorf("sheet %q: %w", n, err)
		}
	}
	w.sheets = order
	return nil
}

// layoutSheet writes one sheet of the layout: the Summary, or a sheet of
// tables.
func (w *book) layoutSheet(sh Sheet) error {
	if sh.Name == SheetSummary {
		return w.summary(sh)
	}
	return w.tableSheet(sh)
}

// docProps sets the file's properties; its times are the report's
// "generated at", so two runs of the same report give the same bytes.
func (w *book) docProps() error {
	gen := w.r.GeneratedAt.UTC().Format(time.RFC3339)
	return w.f.SetDocProps(&excelize.DocProperties{
		Creator:        "svhub",
		LastModifiedBy: "svhub",
		Created:        gen,
		Modified:       gen,
		Title:          w.r.Spec.Title,
		Subject:        w.r.Scope,
		Description:    w.r.Source,
	})
}

// sortContentTypes puts the Default entries of [Content_Types].xml in a
// fixed order: excelize adds the image extensions from a Go map, so without
// this two identical reports give byte-different files.
func sortContentTypes(f *excelize.File) {
	if f.ContentTypes == nil {
		return
	}
	d := f.ContentTypes.Defaults
	sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
}

// book carries the state of one workbook being built.
type book struct {
	f    *excelize.File
	r    *spec.Report
	l    *Layout
	st   *styles
	used map[string]bool // sheet names in use, lower-cased

	sheets      []string             // every sheet, in order
	dataSheets  []string             // Data, Data (2), ...
	dataLeftOut bool                 // the data's rows are more than Layout.DataMaxRows: none written
	widths      map[string][]float64 // column widths wanted per sheet
	tables      int                  // Excel tables so far (names must be unique)
	chartRow    int                  // next free row on the Chart data sheet
	chartCols   int                  // widest series count on it
	hasCharts   bool                 // a Chart data sheet is needed
	gridHeights []float64            // row heights of the last table written
}

// hasCharts reports whether any sheet of the layout draws a chart.
func hasCharts(s *spec.Spec, l *Layout) bool {
	for _, sh := range l.Sheets {
		for _, id := range sh.Blocks {
			if b, _ := block(s, id); b.Kind == spec.Bar || b.Kind == spec.Line {
				return true
			}
		}
	}
	return false
}
