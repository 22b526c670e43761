// Package excel renders a report spec and its data as an Excel board pack:
// a Summary sheet with KPIs, text and native charts, a Chart data sheet the
// charts read from (also their text alternative), one sheet per table block
// and a Data sheet with the full result of the spec's data query.
//
// Numbers and dates are written as real numbers and dates with number
// formats, never as pre-formatted strings. Every string that came from data
// goes through cellsafe.Text.
package excel

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/spec"
)

// Sheet names the workbook always has.
const (
	SheetSummary   = "Summary"
	SheetChartData = "Chart data"
	SheetData      = "Data"
)

// Write renders the board pack to path atomically (write a temp file in the
// same dir, then rename; remove the temp on error), validating r first
// (r.Validate()).
func Write(ctx context.Context, path string, r *spec.Report) (err error) {
	if r == nil || r.Spec == nil {
		return errors.New("write board pack: report has no spec")
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if q := r.Spec.DataQuery; q != "" {
		if _, ok := r.Data[q]; !ok {
			return fmt.Errorf("write board pack %s: data query %q has no data", path, q)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}

	f, err := build(ctx, r)
	if err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	defer f.Close()

	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
		}
	}()
	if err = ctx.Err(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if _, err = f.WriteTo(tmp); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if err = ctx.Err(); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	if err = os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("write board pack %s: %w", path, err)
	}
	return nil
}

// build lays out the whole workbook in memory (the Data sheet is streamed).
func build(ctx context.Context, r *spec.Report) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			_ = f.Close()
		}
	}()
	w := &book{f: f, r: r, st: newStyles(f), used: map[string]bool{}}

	if err := f.SetDefaultFont(fontFamily); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, err
	}
	w.used[lower(SheetSummary)] = true
	w.used[lower(SheetChartData)] = true
	w.used[lower(SheetData)] = true

	// Table sheets get their names first so the Summary can link to them.
	tableSheets := map[string]string{}
	for _, b := range r.Spec.Blocks {
		if b.Kind == spec.Table {
			tableSheets[b.ID] = w.sheetName(b.Title, b.ID)
		}
	}
	for _, b := range r.Spec.Blocks {
		if b.Kind == spec.Table {
			if _, err := f.NewSheet(tableSheets[b.ID]); err != nil {
				return nil, fmt.Errorf("block %s: %w", b.ID, err)
			}
		}
	}
	if _, err := f.NewSheet(SheetChartData); err != nil {
		return nil, err
	}
	if r.Spec.DataQuery != "" {
		if _, err := f.NewSheet(SheetData); err != nil {
			return nil, err
		}
	}

	if err := w.summary(tableSheets); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", SheetSummary, err)
	}
	for _, b := range r.Spec.Blocks {
		if b.Kind != spec.Table {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := w.table(tableSheets[b.ID], b); err != nil {
			return nil, fmt.Errorf("block %s: sheet %q: %w", b.ID, tableSheets[b.ID], err)
		}
	}
	if err := w.finishChartData(); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", SheetChartData, err)
	}
	if q := r.Spec.DataQuery; q != "" {
		if err := w.data(ctx, r.Data[q]); err != nil {
			return nil, fmt.Errorf("sheet %s (query %q): %w", SheetData, q, err)
		}
	}

	f.SetActiveSheet(0)
	sortContentTypes(f)
	gen := r.GeneratedAt.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "svhub",
		LastModifiedBy: "svhub",
		Created:        gen,
		Modified:       gen,
		Title:          r.Spec.Title,
		Subject:        r.Scope,
		Description:    r.Source,
	}); err != nil {
		return nil, err
	}
	return f, nil
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
	st   *styles
	used map[string]bool // sheet names in use, lower-cased

	chartRow int // next free row on the Chart data sheet
}
