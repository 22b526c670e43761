// Package hublog writes the hub log: the workbook the hub's analyst keeps
// its own record in (chases sent, evidence checked, actions agreed),
// pre-filled with the month's open items (the hub_log_open view) and read
// back by svhub ingest as an input kind of its own (schema.HubLog). Key and
// context cells are locked; the input cells are checked as they are typed
// (status and evidence status from lists, dates as dates).
package hublog

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/internal/hubkey"
	"github.com/nhs-hubs/svhub/internal/infosheet"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Sheet names of the hub log.
const (
	SheetInstructions = "Instructions"
	SheetLog          = "Hub log"
	SheetLists        = "Lists"
)

// HeaderRow is the Hub log sheet's header row; items start below it.
const HeaderRow = 3

// Headers are the Hub log sheet's columns, named as the hub_log input kind
// reads them (schema.Specs): Type and Detail are context, kept as extra
// columns.
var Headers = []string{"Item key", "Type", "Contract ref", "Supplier", "Period", "Measure code", "Detail", "Log month",
	"Status", "Owner", "Action agreed", "Due date", "Date checked", "Evidence status", "Notes"}

// firstInput is the 1-based column of the first input cell (Status).
const firstInput = 9

// Item is one open item of the month, with what was last logged for it.
type Item struct {
	Type                                        hubkey.Type
	Key, ContractRef, Supplier, Measure, Detail string
	Period                                      *time.Time
	LogMonth                                    time.Time
	Status, Owner, Action, Evidence, Notes      string
	Due, Checked                                *time.Time
	// Region is the NHS region of the item's contract (its trust's), by
	// name where the register gives one.
	Region string
}

// Querier is what the hub log needs from the database.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// stagedItems is the temporary table Stage reads the open items into.
const stagedItems = "svhub_hub_log_items"

// OpenItems are the month's open items, read once from the hub_log_open
// view into a temporary table (hublog/items): the view is dear to
// compute, and a national run reads the items once for the counts and
// once for each region.
type OpenItems struct{ q Querier }

// Stage reads the month's open items into a temporary table; Close drops
// it.
func Stage(ctx context.Context, q Querier) (*OpenItems, error) {
	if _, err := q.ExecContext(ctx, "create or replace temp table "+stagedItems+" as "+sqlfiles.Report("hublog/items")); err != nil {
		return nil, fmt.Errorf("read the open items (hub_log_open): %w", err)
	}
	return &OpenItems{q}, nil
}

// Close drops the staged items.
func (o *OpenItems) Close() error {
	if _, err := o.q.ExecContext(context.Background(), "drop table if exists temp."+stagedItems); err != nil {
		return fmt.Errorf("drop the staged open items: %w", err)
	}
	return nil
}

// Load reads the month's open items from the hub_log_open view.
func Load(ctx context.Context, q Querier) ([]Item, error) {
	o, err := Stage(ctx, q)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	var out []Item
	err = scanItems(ctx, q, nil, func(it Item) error { out = append(out, it); return nil })
	return out, err
}

// scanItems reads the open items of region (nil: every region) one at a
// time, in the hub log's order, and hands each to emit.
func scanItems(ctx context.Context, q Querier, region *string, emit func(Item) error) error {
	rows, err := q.QueryContext(ctx, sqlfiles.Report("hublog/open_items"), sql.Named("region", region))
	if err != nil {
		return fmt.Errorf("read the open items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it Item
		var typ string
		var period, due, checked sql.NullTime
		if err := rows.Scan(&typ, &it.Key, &it.ContractRef, &it.Supplier, &it.Measure, &it.Detail, &period, &it.LogMonth,
			&it.Status, &it.Owner, &it.Action, &it.Evidence, &it.Notes, &due, &checked, &it.Region); err != nil {
			return fmt.Errorf("read the open items: %w", err)
		}
		it.Type = hubkey.Type(typ)
		if period.Valid {
			it.Period = &period.Time
		}
		if due.Valid {
			it.Due = &due.Time
		}
		if checked.Valid {
			it.Checked = &checked.Time
		}
		if err := emit(it); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the open items: %w", err)
	}
	return nil
}

// FileName is the hub log's file name for a month.
func FileName(month time.Time) string { return "hub log " + month.Format("2006-01") + ".xlsx" }

// RegionFileName is the file name of one region's hub log for a month
// (a national run's); an item whose contract has no region goes to "no
// region".
func RegionFileName(month time.Time, region string) string {
	if region == "" {
		region = "no region"
	}
	return "hub log " + month.Format("2006-01") + " " + region + ".xlsx"
}

// Region is one region's share of the month's open items: its name ("" for
// items whose contract has no region) and how many there are.
type Region struct {
	Name  string
	Items int
}

// Regions lists the regions of the month's open items, in name order, with
// each one's count: a national run writes one hub log per region, each
// streamed from the database (WriteRegion), so no region's items are
// ever held at once.
func (o *OpenItems) Regions(ctx context.Context) ([]Region, error) {
	rows, err := o.q.QueryContext(ctx, sqlfiles.Report("hublog/regions"))
	if err != nil {
		return nil, fmt.Errorf("read the open items' regions: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Name, &r.Items); err != nil {
			return nil, fmt.Errorf("read the open items' regions: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the open items' regions: %w", err)
	}
	slices.SortFunc(out, func(a, b Region) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Write renders the hub log of items to path atomically.
func Write(ctx context.Context, path string, items []Item, month time.Time, generated time.Time) error {
	return write(ctx, path, len(items), month, generated, func(emit func(Item) error) error {
		for _, it := range items {
			if err := emit(it); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteRegion renders the hub log of r's open items to path atomically,
// reading them from the database row by row into the sheet's stream. The
// title and the validations, which come before the rows, name r.Items (as
// Regions counted them).
func (o *OpenItems) WriteRegion(ctx context.Context, path string, r Region, month, generated time.Time) error {
	return write(ctx, path, r.Items, month, generated, func(emit func(Item) error) error {
		return scanItems(ctx, o.q, &r.Name, emit)
	})
}

// items hands a hub log's items, in order, to emit.
type items func(emit func(Item) error) error

func write(ctx context.Context, path string, n int, month, generated time.Time, rows items) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := build(n, rows, month, generated)
	if err != nil {
		return fmt.Errorf("hub log: %w", err)
	}
	defer f.Close()
	if err := atomicfile.Write(path, func(w io.Writer) error { _, err := f.WriteTo(w); return err }); err != nil {
		return fmt.Errorf("hub log: %w", err)
	}
	return nil
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// book writes a workbook and keeps the first error: the hub log is a long
// run of cell writes, each of which could fail only on a bad reference.
type book struct {
	f   *excelize.File
	err error
}

func (b *book) do(fn func() error) {
	if b.err == nil {
		b.err = fn()
	}
}

func (b *book) str(sheet, ref, v string) { b.do(func() error { return b.f.SetCellStr(sheet, ref, v) }) }

func (b *book) style(sheet, from, to string, id int) {
	b.do(func() error { return b.f.SetCellStyle(sheet, from, to, id) })
}

func (b *book) newStyle(s *excelize.Style) int {
	var id int
	b.do(func() (err error) { id, err = b.f.NewStyle(s); return err })
	return id
}

// styles of the hub log: key and context cells grey and locked, input
// cells yellow and unlocked.
type styles struct{ title, header, locked, input, inputDate, note int }

// newStyles registers the styles, always in this order (their IDs are in
// the file).
func newStyles(b *book) styles {
	border := []excelize.Border{{Type: "left", Color: "768692", Style: 1}, {Type: "right", Color: "768692", Style: 1},
		{Type: "top", Color: "768692", Style: 1}, {Type: "bottom", Color: "768692", Style: 1}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	var st styles
	st.title = b.newStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "005EB8"}})
	st.header = b.newStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"005EB8"}}, Alignment: top})
	st.locked = b.newStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EDEE"}}, Border: border, Alignment: top})
	st.input = b.newStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Border: border, Alignment: top, Protection: &excelize.Protection{Locked: false}})
	st.inputDate = b.newStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Border: border, Alignment: top,
		Protection: &excelize.Protection{Locked: false}, CustomNumFmt: ptr("dd/mm/yyyy")})
	st.note = b.newStyle(&excelize.Style{Alignment: top})
	return st
}

func build(n int, rows items, month, generated time.Time) (*excelize.File, error) {
	b := &book{f: excelize.NewFile()}
	st := newStyles(b)
	b.do(func() error { return b.f.SetSheetName("Sheet1", SheetInstructions) })
	for _, s := range []string{SheetLog, SheetLists} {
		b.do(func() error { _, err := b.f.NewSheet(s); return err })
	}
	writeInstructions(b, month, st)
	writeLists(b)
	// The validations and the protection are the sheet's own parts, not its
	// rows: set before the stream starts, the stream writer writes them
	// around the rows it streams.
	if n > 0 {
		addValidations(b, HeaderRow+1, HeaderRow+n)
	}
	protect(b)
	b.do(func() error { return streamLog(b.f, n, rows, month, st) })
	idx, _ := b.f.GetSheetIndex(SheetLog)
	b.f.SetActiveSheet(idx)
	gen := generated.UTC().Format(time.RFC3339)
	b.do(func() error {
		return b.f.SetDocProps(&excelize.DocProperties{Creator: "svhub", LastModifiedBy: "svhub", Created: gen, Modified: gen, Title: "Hub log " + month.Format("2006-01")})
	})
	if b.err != nil {
		_ = b.f.Close()
		return nil, b.err
	}
	return b.f, nil
}

// writeInstructions fills the Instructions sheet: what to fill in and how.
func writeInstructions(b *book, month time.Time, st styles) {
	lines := []string{
		"Hub log for " + month.Format("January 2006"),
		"",
		"One row per open item: overdue returns to chase, commitments off track, quality flags, returns whose evidence is to be checked.",
		"Fill in only the yellow cells; what was logged last month is carried over. A row left untouched records nothing.",
		"Status: " + strings.Join(hubkey.Statuses, ", ") + ". A chase needs the date it was sent in Date checked; a resolved item needs its reason in Notes.",
		"Evidence status: " + strings.Join(hubkey.EvidenceStatuses, ", ") + ". Only returns whose evidence was seen count in verified delivery.",
		"An item marked resolved is not listed again. Dates as 02/10/2026.",
		"Load the filled-in log with: svhub ingest FILE (a corrected log loaded later replaces the rows it gives again; both are kept).",
	}
	for i, l := range lines {
		b.str(SheetInstructions, cell(1, i+1), l)
	}
	b.style(SheetInstructions, "A1", "A1", st.title)
	b.do(func() error { return b.f.SetColWidth(SheetInstructions, "A", "A", 120) })
}

// writeLists fills the hidden Lists sheet the drop-downs read.
func writeLists(b *book) {
	for i, s := range hubkey.Statuses {
		b.str(SheetLists, cell(1, i+1), s)
	}
	for i, s := range hubkey.EvidenceStatuses {
		b.str(SheetLists, cell(2, i+1), s)
	}
}

// streamLog writes the Hub log sheet row by row with excelize's stream
// writer: at England the month's open items are some 700,000 rows, which
// the in-memory API held as cells of gigabytes (7.1 GB for the hub log
// step). Column widths and the frozen header go first, as the stream
// writer needs; each cell carries its style, so the key and context cells
// stay locked and the input cells unlocked and yellow.
func streamLog(f *excelize.File, n int, rows items, month time.Time, st styles) error {
	sw, err := f.NewStreamWriter(SheetLog)
	if err != nil {
		return err
	}
	for i, wd := range logWidths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: cell(1, HeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title := fmt.Sprintf("Hub log for %s: %d open items", month.Format("January 2006"), n)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: st.note, Value: "Fill in the yellow cells; see the Instructions sheet."}}); err != nil {
		return err
	}
	head := make([]any, len(Headers))
	for i, h := range Headers {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow(cell(1, HeaderRow), head); err != nil {
		return err
	}
	row := make([]any, len(Headers))
	i := 0
	err = rows(func(it Item) error {
		if i == n {
			// the title and the validations name n items: a count that
			// no longer matches the rows (the database changed between
			// the two reads) must not give a log that says otherwise
			return fmt.Errorf("more open items than the %d counted", n)
		}
		itemRow(row, it, st)
		i++
		return sw.SetRow(cell(1, HeaderRow+i), row)
	})
	if err != nil {
		return err
	}
	if i != n {
		return fmt.Errorf("%d open items, not the %d counted", i, n)
	}
	return sw.Flush()
}

// itemRow fills row with one open item: its locked context, then what was
// last logged for it in the input cells. An empty cell keeps its style.
func itemRow(row []any, it Item, st styles) {
	period := ""
	if it.Period != nil {
		period = it.Period.Format("2006-01")
	}
	// string cells: a key or supplier name is never a formula
	ctxCells := []string{it.Key, it.Type.Label(), cellsafe.Text(it.ContractRef), cellsafe.Text(it.Supplier), period, cellsafe.Text(it.Measure),
		cellsafe.Text(it.Detail), it.LogMonth.Format("2006-01")}
	for j, v := range ctxCells {
		row[j] = styled(st.locked, v)
	}
	in := firstInput - 1
	row[in] = styled(st.input, cellsafe.Text(it.Status))
	row[in+1] = styled(st.input, cellsafe.Text(it.Owner))
	row[in+2] = styled(st.input, cellsafe.Text(it.Action))
	row[in+3] = dated(st.inputDate, it.Due)
	row[in+4] = dated(st.inputDate, it.Checked)
	row[in+5] = styled(st.input, cellsafe.Text(it.Evidence))
	row[in+6] = styled(st.input, cellsafe.Text(it.Notes))
}

// styled is a text cell, written as a string (never read as a number or
// a formula); an empty one has only its style.
func styled(style int, v string) excelize.Cell {
	if v == "" {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: v}
}

func dated(style int, d *time.Time) excelize.Cell {
	if d == nil {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: *d}
}

// validations check the input cells as they are typed: status and
// evidence status from the lists, dates as dates.
var validations = []struct {
	col        int
	set        func(dv *excelize.DataValidation) error
	title, msg string
}{
	{firstInput, dropList(fmt.Sprintf("'%s'!$A$1:$A$%d", SheetLists, len(hubkey.Statuses))), "Status", "Choose a status from the list."},
	{firstInput + 3, dateRange, "Due date", "Type a date such as 31/10/2026."},
	{firstInput + 4, dateRange, "Date checked", "Type a date such as 02/10/2026."},
	{firstInput + 5, dropList(fmt.Sprintf("'%s'!$B$1:$B$%d", SheetLists, len(hubkey.EvidenceStatuses))), "Evidence status", "Choose from the list."},
}

func dropList(ref string) func(dv *excelize.DataValidation) error {
	return func(dv *excelize.DataValidation) error { dv.SetSqrefDropList(ref); return nil }
}

func dateRange(dv *excelize.DataValidation) error {
	// 1 January 2000 to 31 December 2099 as Excel serials
	return dv.SetRange(36526, 73415, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
}

// addValidations puts the validations on the item rows first to last.
func addValidations(b *book, first, last int) {
	for _, v := range validations {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cell(v.col, first) + ":" + cell(v.col, last)
		b.do(func() error { return v.set(dv) })
		dv.SetError(excelize.DataValidationErrorStyleStop, v.title, v.msg)
		b.do(func() error { return b.f.AddDataValidation(SheetLog, dv) })
	}
}

// logWidths are the Hub log sheet's column widths, A to O.
var logWidths = []float64{30, 20, 16, 24, 9, 12, 50, 9, 14, 14, 30, 12, 12, 14, 30}

// protect marks the sheets that are not input for svhub ingest, locks every
// sheet (input cells are unlocked by their style), hides the Lists and
// locks the workbook's structure.
func protect(b *book) {
	for _, s := range []string{SheetInstructions, SheetLists} {
		b.do(func() error {
			return b.f.SetDefinedName(&excelize.DefinedName{Name: infosheet.Name, RefersTo: "'" + s + "'!$A$1", Scope: s})
		})
	}
	for _, s := range []string{SheetInstructions, SheetLog, SheetLists} {
		b.do(func() error {
			return b.f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true})
		})
	}
	b.do(func() error { return b.f.SetSheetVisible(SheetLists, false) })
	b.do(func() error { return b.f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}) })
}

func ptr[T any](v T) *T { return &v }
