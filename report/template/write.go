package template

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/internal/infosheet"
)

// Sheet names of a template.
const (
	SheetInstructions = "Instructions"
	SheetReturn       = "Return"
	SheetCommitments  = "Commitments"
	SheetLists        = "Lists"
)

// InfoName is the sheet-scoped defined name that marks a sheet of a
// template as information for the supplier, not data: the ingest passes
// over such a sheet instead of reporting it as unrecognised.
const InfoName = infosheet.Name

// The Return sheet: notes above, the header in headerRow, rows below.
const headerRow = 4

// ReturnHeaders are the Return sheet's columns. The ones the ingest reads
// are named as the returns layout names them (contract_ref, period,
// measure_code, value, evidence, notes); the others are context for the
// supplier and are kept with each row as extra columns.
var ReturnHeaders = []string{"Contract ref", "Period", "Measure code", "Measure", "Unit", "Committed target", "Value", "Evidence", "Notes"}

// Columns of the Return sheet (1-based).
const (
	colRef = iota + 1
	colPeriod
	colMeasure
	colName
	colUnit
	colTarget
	colValue
	colEvidence
	colNotes
)

// Options control what a template asks for.
type Options struct {
	Today           time.Time // reference date: periods ending before its month are due
	MonitoringStart time.Time // no period before this month is asked for
	MaxPeriods      int       // at most this many outstanding periods per commitment (0: all)
	Generated       time.Time // stamped in the document properties
}

// Write renders one contract's template to path atomically and returns how
// many rows its Return sheet holds.
func Write(ctx context.Context, path string, k *Contract, o Options) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	rows := Rows(k, o.MonitoringStart, o.Today, o.MaxPeriods)
	f, err := build(k, rows, o)
	if err != nil {
		return 0, fmt.Errorf("template for %s: %w", k.Ref, err)
	}
	defer f.Close()
	err = atomicfile.Write(path, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("template for %s: %w", k.Ref, err)
	}
	return len(rows), nil
}

type styles struct {
	title, note, bold, header, locked, lockedNum, input, inputText, wrap int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	font := func(bold bool, size float64, colour string) *excelize.Font {
		return &excelize.Font{Family: "Arial", Bold: bold, Size: size, Color: colour}
	}
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EDEE"}}
	yellow := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	border := []excelize.Border{{Type: "left", Color: "768692", Style: 1}, {Type: "right", Color: "768692", Style: 1},
		{Type: "top", Color: "768692", Style: 1}, {Type: "bottom", Color: "768692", Style: 1}}
	unlocked := &excelize.Protection{Locked: false}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	for _, x := range []struct {
		id *int
		st *excelize.Style
	}{
		{&s.title, &excelize.Style{Font: font(true, 14, "005EB8")}},
		{&s.note, &excelize.Style{Font: font(false, 10, "425563"), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.bold, &excelize.Style{Font: font(true, 10, ""), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.header, &excelize.Style{Font: font(true, 10, "FFFFFF"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"005EB8"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.locked, &excelize.Style{Font: font(false, 10, ""), Fill: grey, Border: border, Alignment: top}},
		{&s.lockedNum, &excelize.Style{Font: font(false, 10, ""), Fill: grey, Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, CustomNumFmt: ptr("#,##0.##")}},
		{&s.input, &excelize.Style{Font: font(false, 10, ""), Fill: yellow, Border: border, Protection: unlocked, CustomNumFmt: ptr("#,##0.##"),
			Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.inputText, &excelize.Style{Font: font(false, 10, ""), Fill: yellow, Border: border, Protection: unlocked, Alignment: top}},
		{&s.wrap, &excelize.Style{Font: font(false, 10, ""), Alignment: top}},
	} {
		if *x.id, err = f.NewStyle(x.st); err != nil {
			return s, err
		}
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// text makes supplier and register text safe to show in a cell.
func text(s string) string { return cellsafe.Text(s) }

func isPct(unit string) bool {
	u := strings.ToLower(strings.TrimSpace(unit))
	return u == "pct" || u == "%" || u == "percent" || u == "percentage"
}

// protect marks the sheets that are not input for svhub ingest, locks every
// sheet (input cells are unlocked by their style) and sets it up for
// printing, hides the Lists and locks the workbook's structure.
func protect(f *excelize.File, k *Contract) error {
	for _, s := range []string{SheetInstructions, SheetCommitments, SheetLists} {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: InfoName, RefersTo: "'" + s + "'!$A$1", Scope: s}); err != nil {
			return err
		}
	}
	for _, s := range []string{SheetInstructions, SheetReturn, SheetCommitments, SheetLists} {
		if err := f.ProtectSheet(s, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
		}); err != nil {
			return err
		}
		if err := pageSetup(f, s, k); err != nil {
			return err
		}
	}
	if err := f.SetSheetVisible(SheetLists, false); err != nil {
		return err
	}
	return f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true})
}

func build(k *Contract, rows []Row, o Options) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			_ = f.Close()
		}
	}()
	if err := f.SetDefaultFont("Arial"); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SheetInstructions); err != nil {
		return nil, err
	}
	for _, s := range []string{SheetReturn, SheetCommitments, SheetLists} {
		if _, err := f.NewSheet(s); err != nil {
			return nil, err
		}
	}
	if err := instructions(f, st, k, rows, o); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", SheetInstructions, err)
	}
	nPeriods, nMeasures, err := lists(f, k)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", SheetLists, err)
	}
	if err := returnSheet(f, st, k, rows, nPeriods, nMeasures); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", SheetReturn, err)
	}
	if err := commitments(f, st, k); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", SheetCommitments, err)
	}
	if err := protect(f, k); err != nil {
		return nil, err
	}
	idx, _ := f.GetSheetIndex(SheetReturn)
	f.SetActiveSheet(idx)
	gen := o.Generated.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "svhub", LastModifiedBy: "svhub", Created: gen, Modified: gen,
		Title:   "Social value return " + k.Ref,
		Subject: text(k.Supplier),
	}); err != nil {
		return nil, err
	}
	return f, nil
}

func instructions(f *excelize.File, st styles, k *Contract, rows []Row, o Options) error {
	const sh = SheetInstructions
	set := func(ref string, v any, style int) error {
		if err := f.SetCellValue(sh, ref, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, ref, ref, style)
	}
	if err := set("A1", text("Social value return: "+k.Ref), st.title); err != nil {
		return err
	}
	periods := map[string]bool{}
	var plist []string
	for _, r := range rows {
		p := r.Period.Format("Jan 2006")
		if !periods[p] {
			periods[p] = true
			plist = append(plist, p)
		}
	}
	details := [][2]string{
		{"Contract", text(k.Ref)},
		{"Supplier", text(k.Supplier)},
		{"Trust", text(k.Trust)},
		{"Term", k.Start.Format("Jan 2006") + " to " + k.End.Format("Jan 2006")},
		{"Periods asked for", strings.Join(plist, ", ")},
		{"Template made", o.Today.Format("2 January 2006")},
	}
	r := 3
	for _, d := range details {
		if err := set(fmt.Sprintf("A%d", r), d[0], st.bold); err != nil {
			return err
		}
		if err := set(fmt.Sprintf("B%d", r), d[1], st.wrap); err != nil {
			return err
		}
		r++
	}
	r++
	steps := []string{
		"How to fill in this return",
		"1. Go to the Return sheet. There is one row for each measure you committed to, for each period a return is due.",
		"2. Type what you delivered in that period in the yellow Value cell: a number, with no units or text. Enter 0 if nothing was delivered; a blank Value is sent back to you as missing.",
		"3. Percentages are numbers from 0 to 100 (type 45 for 45%). Counts, hours, £ and tonnes are 0 or more.",
		"4. Evidence and Notes are optional: say where the evidence is kept, or explain a shortfall.",
		"5. Grey cells are filled in for you and cannot be changed. Do not add, remove or reorder rows, columns or sheets.",
		"6. Save the file as .xlsx (keep this format) and send it back to the hub.",
		"The Commitments sheet lists what you committed to when the contract was awarded.",
	}
	for i, s := range steps {
		style := st.note
		if i == 0 {
			style = st.bold
		}
		if err := set(fmt.Sprintf("A%d", r), s, style); err != nil {
			return err
		}
		if i > 0 {
			if err := f.MergeCell(sh, fmt.Sprintf("A%d", r), fmt.Sprintf("D%d", r)); err != nil {
				return err
			}
			if err := f.SetRowHeight(sh, r, 27); err != nil {
				return err
			}
		}
		r++
	}
	if err := f.SetColWidth(sh, "A", "A", 22); err != nil {
		return err
	}
	return f.SetColWidth(sh, "B", "D", 40)
}

// lists writes the allowed periods (every month of the term) and measures
// on the hidden Lists sheet, for the drop-down validation.
func lists(f *excelize.File, k *Contract) (periods, measures int, err error) {
	const sh = SheetLists
	if err := f.SetCellValue(sh, "A1", "Periods"); err != nil {
		return 0, 0, err
	}
	if err := f.SetCellValue(sh, "B1", "Measures"); err != nil {
		return 0, 0, err
	}
	r := 2
	for m := k.Start; !m.After(k.End); m = m.AddDate(0, 1, 0) {
		if err := f.SetCellStr(sh, fmt.Sprintf("A%d", r), m.Format("2006-01")); err != nil {
			return 0, 0, err
		}
		r++
	}
	periods = r - 2
	for i, c := range k.Commitments {
		if err := f.SetCellStr(sh, fmt.Sprintf("B%d", i+2), c.MeasureCode); err != nil {
			return 0, 0, err
		}
	}
	return periods, len(k.Commitments), nil
}

// returnSheet is the Return sheet: one row per commitment and month, the
// value, evidence and notes cells to fill in, each checked as it is typed.
func returnSheet(f *excelize.File, st styles, k *Contract, rows []Row, nPeriods, nMeasures int) error {
	if err := returnHead(f, st, k); err != nil {
		return err
	}
	var pctCells, numCells []string
	for i, r := range rows {
		n := headerRow + 1 + i
		if err := returnRow(f, st, k.Ref, r, n); err != nil {
			return err
		}
		if isPct(r.C.Unit) {
			pctCells = append(pctCells, cell(colValue, n))
		} else {
			numCells = append(numCells, cell(colValue, n))
		}
	}
	last := headerRow + len(rows)
	if len(rows) > 0 {
		if err := validations(f, last, pctCells, numCells, nPeriods, nMeasures); err != nil {
			return err
		}
	}
	return returnLayout(f)
}

// returnHead writes the Return sheet's title, note and header row.
func returnHead(f *excelize.File, st styles, k *Contract) error {
	const sh = SheetReturn
	if err := f.SetCellValue(sh, "A1", text("Social value return for "+k.Ref+" ("+k.Supplier+")")); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", st.title); err != nil {
		return err
	}
	if err := f.SetCellValue(sh, "A2", "Type what was delivered in each yellow Value cell (0 if nothing); percentages as 0 to 100. See the Instructions sheet."); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A2", "A2", st.note); err != nil {
		return err
	}
	hdr := make([]any, len(ReturnHeaders))
	for i, h := range ReturnHeaders {
		hdr[i] = h
	}
	if err := f.SetSheetRow(sh, cell(1, headerRow), &hdr); err != nil {
		return err
	}
	return f.SetCellStyle(sh, cell(1, headerRow), cell(len(hdr), headerRow), st.header)
}

// returnRow writes row n: the commitment and month, locked, then the input
// cells.
func returnRow(f *excelize.File, st styles, ref string, r Row, n int) error {
	const sh = SheetReturn
	var target any
	if r.C.Target != nil {
		target = *r.C.Target
	}
	// The reference is written as it is, as a string cell: it must
	// match the register to load, and a string cell is never a formula.
	if err := f.SetCellStr(sh, cell(colRef, n), ref); err != nil {
		return err
	}
	vals := []any{r.Period.Format("2006-01"), r.C.MeasureCode, text(r.C.MeasureName), text(r.C.Unit), target}
	for j, v := range vals {
		at := cell(colPeriod+j, n)
		if s, ok := v.(string); ok {
			if err := f.SetCellStr(sh, at, s); err != nil {
				return err
			}
		} else if err := f.SetCellValue(sh, at, v); err != nil {
			return err
		}
	}
	for _, span := range []struct {
		from, to, style int
	}{
		{colRef, colUnit, st.locked},
		{colTarget, colTarget, st.lockedNum},
		{colValue, colValue, st.input},
		{colEvidence, colNotes, st.inputText},
	} {
		if err := f.SetCellStyle(sh, cell(span.from, n), cell(span.to, n), span.style); err != nil {
			return err
		}
	}
	return nil
}

// returnLayout sizes the Return sheet's columns, freezes its header and
// puts the cursor on the first Value cell.
func returnLayout(f *excelize.File) error {
	const sh = SheetReturn
	for col, wd := range map[string]float64{"A": 16, "B": 10, "C": 13, "D": 48, "E": 8, "F": 11, "G": 12, "H": 30, "I": 30} {
		if err := f.SetColWidth(sh, col, col, wd); err != nil {
			return err
		}
	}
	return f.SetPanes(sh, &excelize.Panes{
		Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, headerRow+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cell(colValue, headerRow+1), ActiveCell: cell(colValue, headerRow+1), Pane: "bottomLeft"}},
	})
}

func validations(f *excelize.File, last int, pctCells, numCells []string, nPeriods, nMeasures int) error {
	const sh = SheetReturn
	add := func(sqref string, fn func(dv *excelize.DataValidation) error, title, msg string) error {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		if err := fn(dv); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, title, msg)
		return f.AddDataValidation(sh, dv)
	}
	if len(numCells) > 0 {
		if err := add(strings.Join(numCells, " "), func(dv *excelize.DataValidation) error {
			return dv.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual)
		}, "Amount delivered", "Type a number of 0 or more, with no units or text (0 if nothing was delivered)."); err != nil {
			return err
		}
	}
	if len(pctCells) > 0 {
		if err := add(strings.Join(pctCells, " "), func(dv *excelize.DataValidation) error {
			return dv.SetRange(0, 100, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		}, "Percentage", "Type a percentage as a number from 0 to 100 (45 for 45%)."); err != nil {
			return err
		}
	}
	first := headerRow + 1
	if err := add(fmt.Sprintf("%s:%s", cell(colPeriod, first), cell(colPeriod, last)), func(dv *excelize.DataValidation) error {
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$A$2:$A$%d", SheetLists, nPeriods+1))
		return nil
	}, "Period", "Choose a month of the contract's term, as YYYY-MM."); err != nil {
		return err
	}
	return add(fmt.Sprintf("%s:%s", cell(colMeasure, first), cell(colMeasure, last)), func(dv *excelize.DataValidation) error {
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$B$2:$B$%d", SheetLists, nMeasures+1))
		return nil
	}, "Measure", "Choose one of the measures committed to in this contract.")
}

func commitments(f *excelize.File, st styles, k *Contract) error {
	const sh = SheetCommitments
	if err := f.SetCellValue(sh, "A1", text("What "+k.Supplier+" committed to in contract "+k.Ref)); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", st.title); err != nil {
		return err
	}
	// No contract column: with one, this sheet would read as a commitments
	// table if it reached the ingest.
	hdr := []any{"Measure code", "Measure", "Unit", "Committed target", "Frequency", "From", "To", "Delivery plan"}
	if err := f.SetSheetRow(sh, "A3", &hdr); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A3", cell(len(hdr), 3), st.header); err != nil {
		return err
	}
	for i, c := range k.Commitments {
		n := 4 + i
		var target any = "none given"
		if c.Target != nil {
			target = *c.Target
		}
		freq := c.Frequency
		if freq == "" {
			freq = "monthly"
		}
		row := []any{c.MeasureCode, text(c.MeasureName), text(c.Unit), target, text(freq), c.From.Format("Jan 2006"), c.To.Format("Jan 2006"), text(c.Plan)}
		if err := f.SetSheetRow(sh, cell(1, n), &row); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell(1, n), cell(len(row), n), st.locked); err != nil {
			return err
		}
	}
	for col, wd := range map[string]float64{"A": 13, "B": 48, "C": 8, "D": 11, "E": 11, "F": 10, "G": 10, "H": 50} {
		if err := f.SetColWidth(sh, col, col, wd); err != nil {
			return err
		}
	}
	return nil
}

func pageSetup(f *excelize.File, sheet string, k *Contract) error {
	size, orient, one, zero := 9, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: pageHeader("Social value return "+text(k.Ref), text(k.Supplier)),
		OddFooter: "&L&8&A&R&8Page &P of &N",
	})
}

// pageHeader is the printed page header: left and right texts in 8 point,
// shortened (the right first, each ending "…") to fit Excel's limit of
// 255 characters for a header, which a long supplier name (300 characters
// are on record) passed, stopping `template --all` part-way.
func pageHeader(left, right string) string {
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	l, r := []rune(left), []rune(right)
	cut := func(rs []rune, short bool) string {
		if short {
			return esc(string(rs)) + "…"
		}
		return esc(string(rs))
	}
	shortL, shortR := false, false
	for {
		h := "&L&8" + cut(l, shortL) + "&R&8" + cut(r, shortR)
		if len(utf16.Encode([]rune(h))) <= excelize.MaxFieldLength {
			return h
		}
		switch {
		case len(r) > 0:
			r, shortR = r[:len(r)-1], true
		case len(l) > 0:
			l, shortL = l[:len(l)-1], true
		default:
			return "&L&8…"
		}
	}
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}
