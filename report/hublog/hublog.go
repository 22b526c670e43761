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
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/internal/hubkey"
	"github.com/nhs-hubs/svhub/internal/infosheet"
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
}

// Querier is what Load needs from the database.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Load reads the month's open items from the hub_log_open view.
func Load(ctx context.Context, q Querier) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `
select item_type, item_key, contract_ref, coalesce(supplier_name, ''), coalesce(measure_code, ''), coalesce(detail, ''), period, log_month,
       coalesce(status, ''), coalesce(owner, ''), coalesce(action_agreed, ''), coalesce(evidence_check, ''), coalesce(notes, ''), due_date, date_checked
from hub_log_open
order by type_order, lower(supplier_name), contract_ref, period, measure_code, item_key`)
	if err != nil {
		return nil, fmt.Errorf("read the open items (hub_log_open): %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		var typ string
		var period, due, checked sql.NullTime
		if err := rows.Scan(&typ, &it.Key, &it.ContractRef, &it.Supplier, &it.Measure, &it.Detail, &period, &it.LogMonth,
			&it.Status, &it.Owner, &it.Action, &it.Evidence, &it.Notes, &due, &checked); err != nil {
			return nil, fmt.Errorf("read the open items: %w", err)
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
		out = append(out, it)
	}
	return out, rows.Err()
}

// FileName is the hub log's file name for a month.
func FileName(month time.Time) string { return "hub log " + month.Format("2006-01") + ".xlsx" }

// Write renders the hub log to path atomically.
func Write(ctx context.Context, path string, items []Item, month time.Time, generated time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := build(items, month, generated)
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

func build(items []Item, month, generated time.Time) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			_ = f.Close()
		}
	}()
	border := []excelize.Border{{Type: "left", Color: "768692", Style: 1}, {Type: "right", Color: "768692", Style: 1},
		{Type: "top", Color: "768692", Style: 1}, {Type: "bottom", Color: "768692", Style: 1}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	style := func(s *excelize.Style) int {
		if err == nil {
			var id int
			id, err = f.NewStyle(s)
			return id
		}
		return 0
	}
	title := style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "005EB8"}})
	header := style(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"005EB8"}}, Alignment: top})
	locked := style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EDEE"}}, Border: border, Alignment: top})
	input := style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Border: border, Alignment: top, Protection: &excelize.Protection{Locked: false}})
	inputDate := style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Border: border, Alignment: top,
		Protection: &excelize.Protection{Locked: false}, CustomNumFmt: ptr("dd/mm/yyyy")})
	note := style(&excelize.Style{Alignment: top})
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SheetInstructions); err != nil {
		return nil, err
	}
	for _, s := range []string{SheetLog, SheetLists} {
		if _, err := f.NewSheet(s); err != nil {
			return nil, err
		}
	}
	// Instructions
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
		if err := f.SetCellStr(SheetInstructions, cell(1, i+1), l); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(SheetInstructions, "A1", "A1", title); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(SheetInstructions, "A", "A", 120); err != nil {
		return nil, err
	}
	// Lists (hidden): the drop-downs read them
	for i, s := range hubkey.Statuses {
		if err := f.SetCellStr(SheetLists, cell(1, i+1), s); err != nil {
			return nil, err
		}
	}
	for i, s := range hubkey.EvidenceStatuses {
		if err := f.SetCellStr(SheetLists, cell(2, i+1), s); err != nil {
			return nil, err
		}
	}
	// Hub log
	sh := SheetLog
	if err := f.SetCellStr(sh, "A1", fmt.Sprintf("Hub log for %s: %d open items", month.Format("January 2006"), len(items))); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", title); err != nil {
		return nil, err
	}
	if err := f.SetCellStr(sh, "A2", "Fill in the yellow cells; see the Instructions sheet."); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sh, "A2", "A2", note); err != nil {
		return nil, err
	}
	for i, h := range Headers {
		if err := f.SetCellStr(sh, cell(i+1, HeaderRow), h); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(sh, cell(1, HeaderRow), cell(len(Headers), HeaderRow), header); err != nil {
		return nil, err
	}
	for i, it := range items {
		n := HeaderRow + 1 + i
		period := ""
		if it.Period != nil {
			period = it.Period.Format("2006-01")
		}
		// string cells: a key or supplier name is never a formula
		ctxCells := []string{it.Key, it.Type.Label(), cellsafe.Text(it.ContractRef), cellsafe.Text(it.Supplier), period, cellsafe.Text(it.Measure),
			cellsafe.Text(it.Detail), it.LogMonth.Format("2006-01")}
		for j, v := range ctxCells {
			if err := f.SetCellStr(sh, cell(j+1, n), v); err != nil {
				return nil, err
			}
		}
		if err := f.SetCellStyle(sh, cell(1, n), cell(firstInput-1, n), locked); err != nil {
			return nil, err
		}
		texts := map[int]string{firstInput: it.Status, firstInput + 1: it.Owner, firstInput + 2: it.Action, firstInput + 5: it.Evidence, firstInput + 6: it.Notes}
		for col, v := range texts {
			if v != "" {
				if err := f.SetCellStr(sh, cell(col, n), cellsafe.Text(v)); err != nil {
					return nil, err
				}
			}
		}
		for col, d := range map[int]*time.Time{firstInput + 3: it.Due, firstInput + 4: it.Checked} {
			if d != nil {
				if err := f.SetCellValue(sh, cell(col, n), *d); err != nil {
					return nil, err
				}
			}
		}
		if err := f.SetCellStyle(sh, cell(firstInput, n), cell(firstInput+2, n), input); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(sh, cell(firstInput+3, n), cell(firstInput+4, n), inputDate); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(sh, cell(firstInput+5, n), cell(firstInput+6, n), input); err != nil {
			return nil, err
		}
	}
	if len(items) > 0 {
		first, last := HeaderRow+1, HeaderRow+len(items)
		add := func(col int, fn func(dv *excelize.DataValidation) error, title, msg string) error {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = cell(col, first) + ":" + cell(col, last)
			if err := fn(dv); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, title, msg)
			return f.AddDataValidation(sh, dv)
		}
		list := func(ref string) func(dv *excelize.DataValidation) error {
			return func(dv *excelize.DataValidation) error { dv.SetSqrefDropList(ref); return nil }
		}
		date := func(dv *excelize.DataValidation) error {
			// 1 January 2000 to 31 December 2099 as Excel serials
			return dv.SetRange(36526, 73415, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
		}
		for _, v := range []struct {
			col        int
			fn         func(dv *excelize.DataValidation) error
			title, msg string
		}{
			{firstInput, list(fmt.Sprintf("'%s'!$A$1:$A$%d", SheetLists, len(hubkey.Statuses))), "Status", "Choose a status from the list."},
			{firstInput + 3, date, "Due date", "Type a date such as 31/10/2026."},
			{firstInput + 4, date, "Date checked", "Type a date such as 02/10/2026."},
			{firstInput + 5, list(fmt.Sprintf("'%s'!$B$1:$B$%d", SheetLists, len(hubkey.EvidenceStatuses))), "Evidence status", "Choose from the list."},
		} {
			if err := add(v.col, v.fn, v.title, v.msg); err != nil {
				return nil, err
			}
		}
	}
	for col, wd := range map[string]float64{"A": 30, "B": 20, "C": 16, "D": 24, "E": 9, "F": 12, "G": 50, "H": 9, "I": 14, "J": 14, "K": 30, "L": 12, "M": 12, "N": 14, "O": 30} {
		if err := f.SetColWidth(sh, col, col, wd); err != nil {
			return nil, err
		}
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: cell(1, HeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for _, s := range []string{SheetInstructions, SheetLists} {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: infosheet.Name, RefersTo: "'" + s + "'!$A$1", Scope: s}); err != nil {
			return nil, err
		}
	}
	for _, s := range []string{SheetInstructions, SheetLog, SheetLists} {
		if err := f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}); err != nil {
			return nil, err
		}
	}
	if err := f.SetSheetVisible(SheetLists, false); err != nil {
		return nil, err
	}
	if err := f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}); err != nil {
		return nil, err
	}
	idx, _ := f.GetSheetIndex(SheetLog)
	f.SetActiveSheet(idx)
	gen := generated.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "svhub", LastModifiedBy: "svhub", Created: gen, Modified: gen, Title: "Hub log " + month.Format("2006-01")}); err != nil {
		return nil, err
	}
	return f, nil
}

func ptr[T any](v T) *T { return &v }
