package synth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Headers of the files WriteInbox writes, as svhub's readers expect them.
var (
	OrganisationsHeader = []string{"trust_code", "trust_name", "ics_code", "ics_name", "region_code", "region_name"}
	ContractsHeader     = []string{"contract_ref", "supplier_name", "supplier_id", "trust_code", "title", "category", "value_gbp", "start_date", "end_date", "sv_weighting_pct", "model", "crp_published", "local_area", "carbon_plan", "framework", "procured_on"}
	CommitmentsHeader   = []string{"contract_ref", "measure_code", "target", "unit", "frequency", "period_from", "period_to", "delivery_plan"}
	ReturnsHeader       = []string{"contract_ref", "period", "measure_code", "value", "supplier_name", "evidence", "notes"}
)

// WriteInbox writes the region as the real files a hub receives, into dir
// (created; existing files it would write are replaced, others are left
// alone), and returns their paths in the order written:
//
//	organisations.csv
//	contract-register.xlsx            sheets "Contracts" (title rows) and "Commitments"
//	returns-YYYY-MM-<ICS>.xlsx        every third month, one workbook per ICS
//	returns-YYYY-MM.csv               the other months, one file each
//
// The returns files vary on purpose (period as text, date cell or UK date;
// £ and thousands separators; % suffixes and percent-formatted cells; BOM
// and CRLF, semicolons, Windows-1252; a title line) and carry the planted bad
// rows. Each file is written to a temporary name and renamed. The same
// Region always gives byte-identical files.
func WriteInbox(ctx context.Context, dir string, r *Region) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create inbox %s: %w", dir, err)
	}
	w := newInboxWriter(dir, r, "NEY")
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"organisations.csv", w.organisations},
		{"contract-register.xlsx", w.register},
		// written in name order, so load order (modification time, then
		// name) is the same on every run
		{"priorities.csv", w.priorities},
		{"proxy-values.csv", w.proxyValues},
	}
	for _, s := range steps {
		if err := w.file(ctx, s.name, s.write); err != nil {
			return w.paths, err
		}
	}

	// Group the returns and bad rows by month, keeping their order.
	cal := r.Calendar
	nMonths := monthsBetween(cal.FirstMonth, cal.LastMonth)
	good := make([][]Return, nMonths)
	for _, ret := range r.Returns {
		if i := monthsBetween(cal.FirstMonth, ret.Period) - 1; i >= 0 && i < nMonths {
			good[i] = append(good[i], ret)
		}
	}
	bad := make([][]BadReturn, nMonths)
	for _, b := range r.BadReturns {
		i := min(max(monthsBetween(cal.FirstMonth, b.Month)-1, 0), nMonths-1)
		bad[i] = append(bad[i], b)
	}
	csvIndex := 0
	for i := range nMonths {
		m := cal.FirstMonth.AddDate(0, i, 0)
		if i%3 == 1 {
			for k, x := range icss {
				var rows []Return
				for _, ret := range good[i] {
					if w.icsOf[ret.ContractRef] == x.code {
						rows = append(rows, ret)
					}
				}
				var bads []BadReturn
				for _, b := range bad[i] {
					if b.ICSCode == x.code || (k == 0 && !knownICS(b.ICSCode)) {
						bads = append(bads, b)
					}
				}
				style := xlsxStyle{periodAsDate: (i/3+k)%2 == 1, pctFormatted: x.code == "QOQ"}
				name := fmt.Sprintf("returns-%s-%s.xlsx", m.Format("2006-01"), x.code)
				title := fmt.Sprintf("Social value returns - %s - %s %s", m.Format("January 2006"), x.code, x.name)
				if err := w.file(ctx, name, func(out io.Writer) error {
					return w.returnsXLSX(out, title, mergeRows(rows, bads), style)
				}); err != nil {
					return w.paths, err
				}
			}
			continue
		}
		st := csvStyleFor(csvIndex)
		csvIndex++
		name := fmt.Sprintf("returns-%s.csv", m.Format("2006-01"))
		rows := mergeRows(good[i], bad[i])
		if err := w.file(ctx, name, func(out io.Writer) error { return w.returnsCSV(out, m, rows, st) }); err != nil {
			return w.paths, err
		}
	}
	// Ingest loads files in order of modification time, then name. Files
	// written in one clock tick share a time, so the order would depend on
	// where the ticks fell; fixed times a second apart, in the order
	// written, make every run load them alike.
	for i, p := range w.paths {
		t := cal.Today.Add(time.Duration(i-len(w.paths)) * time.Second)
		if err := os.Chtimes(p, t, t); err != nil {
			return w.paths, fmt.Errorf("set the time of %s: %w", p, err)
		}
	}
	return w.paths, nil
}

func knownICS(code string) bool {
	for _, x := range icss {
		if x.code == code {
			return true
		}
	}
	return false
}

type inboxWriter struct {
	dir    string
	r      *Region
	hub    string            // who compiled the files, for titles
	icsOf  map[string]string // contract ref -> ICS code
	unitOf map[string]string // measure code -> unit
	paths  []string
}

func newInboxWriter(dir string, r *Region, hub string) *inboxWriter {
	w := &inboxWriter{dir: dir, r: r, hub: hub, icsOf: map[string]string{}, unitOf: map[string]string{}}
	trustICS := map[string]string{}
	for _, o := range r.Orgs {
		trustICS[o.TrustCode] = o.ICSCode
	}
	for _, c := range r.Contracts {
		w.icsOf[c.Ref] = trustICS[c.TrustCode]
	}
	for code, m := range measures {
		w.unitOf[code] = m.unit
	}
	return w
}

// file writes one file atomically: to a temporary file in dir, synced, then renamed.
func (w *inboxWriter) file(ctx context.Context, name string, write func(io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	path := filepath.Join(w.dir, name)
	tmp, err := os.CreateTemp(w.dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	bw := bufio.NewWriterSize(tmp, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	w.paths = append(w.paths, path)
	return nil
}

func (w *inboxWriter) organisations(out io.Writer) error {
	cw := csv.NewWriter(out)
	_ = cw.Write(OrganisationsHeader)
	for _, o := range w.r.Orgs {
		_ = cw.Write([]string{o.TrustCode, o.TrustName, o.ICSCode, o.ICSName, o.RegionCode, o.RegionName})
	}
	cw.Flush()
	return cw.Error()
}

// newWorkbook returns an empty workbook with fixed document properties and a
// reproducible zip layout.
func (w *inboxWriter) newWorkbook(title string) (*excelize.File, error) {
	f := excelize.NewFile()
	stamp := w.r.Calendar.Today.UTC()
	f.SetZipWriter(func(out io.Writer) excelize.ZipWriter { return newSortedZip(out, stamp) })
	err := f.SetDocProps(&excelize.DocProperties{
		Created:        stamp.Format(time.RFC3339),
		Modified:       stamp.Format(time.RFC3339),
		Creator:        "svhub demo",
		LastModifiedBy: "svhub demo",
		Title:          title,
		Description:    "Synthetic data generated by svhub; not real suppliers or figures.",
	})
	return f, err
}

type styles struct{ bold, date, month, money, number, pct int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	dmy, mon, money, num, pct := "dd/mm/yyyy", "mmm yyyy", "#,##0", "#,##0.##", "0.0%"
	mk(&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true}})
	mk(&s.date, &excelize.Style{CustomNumFmt: &dmy})
	mk(&s.month, &excelize.Style{CustomNumFmt: &mon})
	mk(&s.money, &excelize.Style{CustomNumFmt: &money})
	mk(&s.number, &excelize.Style{CustomNumFmt: &num})
	mk(&s.pct, &excelize.Style{CustomNumFmt: &pct})
	return s, err
}

func headerCells(h []string, style int) []any {
	row := make([]any, len(h))
	for i, v := range h {
		row[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return row
}

// carbonPlanCell is the carbon_plan column: blank where the register says
// only crp_published.
func (c Contract) carbonPlanCell() string {
	if !c.CarbonPlanGiven {
		return ""
	}
	return c.CarbonPlan
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (w *inboxWriter) register(out io.Writer) error {
	f, err := w.newWorkbook(w.hub + " hub contract register")
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Contracts"); err != nil {
		return err
	}
	if _, err := f.NewSheet("Commitments"); err != nil {
		return err
	}

	sw, err := f.NewStreamWriter("Contracts")
	if err != nil {
		return err
	}
	for i, width := range []float64{15, 34, 11, 10, 48, 30, 13, 11, 11, 10, 7, 8, 26} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	title := w.hub + " hub contract register — exported " + w.r.Calendar.Today.Format("2 January 2006")
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.bold, Value: title}}); err != nil {
		return err
	}
	if err := sw.SetRow("A3", headerCells(ContractsHeader, st.bold)); err != nil {
		return err
	}
	for i, c := range w.r.Contracts {
		row := []any{c.Ref, c.SupplierName, c.SupplierID, c.TrustCode, c.Title, c.Category,
			excelize.Cell{StyleID: st.money, Value: c.ValueGBP},
			excelize.Cell{StyleID: st.date, Value: c.Start},
			excelize.Cell{StyleID: st.date, Value: c.End},
			c.SVWeightingPct, c.Model, yesNo(c.CRPPublished), c.LocalArea, c.carbonPlanCell(), yesNo(c.Framework), nil}
		if !c.ProcuredOn.IsZero() {
			row[len(row)-1] = excelize.Cell{StyleID: st.date, Value: c.ProcuredOn}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}

	sw, err = f.NewStreamWriter("Commitments")
	if err != nil {
		return err
	}
	for i, width := range []float64{15, 12, 12, 8, 11, 11, 11, 90} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", headerCells(CommitmentsHeader, st.bold)); err != nil {
		return err
	}
	for i, c := range w.r.Commitments {
		var target, from, to any
		if c.Target != nil {
			target = excelize.Cell{StyleID: st.number, Value: *c.Target}
		}
		if c.PeriodFrom != nil {
			from = excelize.Cell{StyleID: st.date, Value: *c.PeriodFrom}
		}
		if c.PeriodTo != nil {
			to = excelize.Cell{StyleID: st.date, Value: *c.PeriodTo}
		}
		row := []any{c.ContractRef, c.MeasureCode, target, c.Unit, c.Frequency, from, to, c.DeliveryPlan}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(out)
}

// row is one returns row as written: a good return or a planted bad one.
type row struct {
	ret *Return
	bad *BadReturn
}

// mergeRows spreads the bad rows through the good ones at fixed positions.
func mergeRows(good []Return, bad []BadReturn) []row {
	out := make([]row, 0, len(good)+len(bad))
	for i := range good {
		out = append(out, row{ret: &good[i]})
	}
	for j := range bad {
		pos := (len(out)*(2*j+1)/(2*len(bad)+1) + 7*j) % (len(out) + 1)
		out = append(out, row{})
		copy(out[pos+1:], out[pos:])
		out[pos] = row{bad: &bad[j]}
	}
	return out
}

type xlsxStyle struct {
	periodAsDate bool // period as a date cell rather than text like "Apr 2026"
	pctFormatted bool // percentages as percent-formatted cells (0.925 shown as 92.5%)
}

func (w *inboxWriter) returnsXLSX(out io.Writer, title string, rows []row, xs xlsxStyle) error {
	f, err := w.newWorkbook(title)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Returns"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Returns")
	if err != nil {
		return err
	}
	for i, width := range []float64{15, 10, 12, 12, 34, 26, 40} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.bold, Value: title}}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{"One row per contract, month and measure. Values in the measure's unit; percentages 0-100."}); err != nil {
		return err
	}
	if err := sw.SetRow("A4", headerCells(ReturnsHeader, st.bold)); err != nil {
		return err
	}
	for i, rw := range rows {
		var cells []any
		if b := rw.bad; b != nil {
			var period any
			if b.Period != "" {
				period = b.Period
			}
			var value any = b.Value
			if v, err := strconv.ParseFloat(b.Value, 64); err == nil {
				value = v
			}
			cells = []any{b.ContractRef, period, b.MeasureCode, value, b.SupplierName, "", b.Notes}
		} else {
			r := rw.ret
			var period any = periodText(r.Period)
			if xs.periodAsDate {
				period = excelize.Cell{StyleID: st.month, Value: r.Period}
			}
			var value any = r.Value
			switch unit := w.unitOf[r.MeasureCode]; {
			case unit == "pct" && xs.pctFormatted:
				value = excelize.Cell{StyleID: st.pct, Value: r.Value / 100}
			case unit == "GBP":
				value = excelize.Cell{StyleID: st.money, Value: r.Value}
			}
			cells = []any{r.ContractRef, period, r.MeasureCode, value, r.SupplierName, r.Evidence, r.Notes}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+5)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(out)
}

type csvStyle struct {
	period  string // "iso" 2026-05, "uk" 31/05/2026 (month end), "text" May 2026
	money   bool   // £ and thousands separators
	percent bool   // % suffix on percentages
	comma   rune
	bomCRLF bool
	cp1252  bool // Windows-1252, as Excel on Windows saves it
	title   bool // a title line above the header
}

func csvStyleFor(i int) csvStyle {
	s := csvStyle{period: []string{"iso", "uk", "text"}[i%3], money: i%2 == 0, percent: i%4 == 3, comma: ','}
	switch i % 5 {
	case 1:
		s.bomCRLF = true
	case 2:
		s.comma = ';'
	case 3:
		s.cp1252, s.money = true, true // a £ byte 0xA3 is the point of this one
	case 4:
		s.title = true
	}
	return s
}

func (w *inboxWriter) returnsCSV(out io.Writer, m time.Time, rows []row, s csvStyle) error {
	var buf bytes.Buffer
	if s.bomCRLF {
		buf.WriteString("\uFEFF")
	}
	nl := "\n"
	if s.bomCRLF {
		nl = "\r\n"
	}
	if s.title {
		buf.WriteString("Social value returns for " + m.Format("January 2006") + " (compiled by the " + w.hub + " hub)" + nl)
	}
	cw := csv.NewWriter(&buf)
	cw.Comma = s.comma
	cw.UseCRLF = s.bomCRLF
	_ = cw.Write(ReturnsHeader)
	for _, rw := range rows {
		if b := rw.bad; b != nil {
			_ = cw.Write([]string{b.ContractRef, b.Period, b.MeasureCode, b.Value, b.SupplierName, "", b.Notes})
			continue
		}
		r := rw.ret
		_ = cw.Write([]string{r.ContractRef, s.formatPeriod(r.Period), r.MeasureCode, s.formatValue(w.unitOf[r.MeasureCode], r.Value), r.SupplierName, r.Evidence, r.Notes})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	b := buf.Bytes()
	if s.cp1252 {
		b = bytes.ReplaceAll(b, []byte("£"), []byte{0xA3})
		for _, c := range b {
			if c >= 0x80 && c != 0xA3 {
				return fmt.Errorf("text not representable in Windows-1252 in returns for %s", m.Format("2006-01"))
			}
		}
	}
	_, err := out.Write(b)
	return err
}

func (s csvStyle) formatPeriod(m time.Time) string {
	switch s.period {
	case "uk":
		return m.AddDate(0, 1, -1).Format("02/01/2006")
	case "text":
		return periodText(m)
	}
	return m.Format("2006-01")
}

func (s csvStyle) formatValue(unit string, v float64) string {
	switch {
	case unit == "GBP" && s.money:
		return "£" + thousands(v, 2)
	case unit == "pct" && s.percent:
		return strconv.FormatFloat(v, 'f', -1, 64) + "%"
	case s.money && v >= 1000:
		dp := 0
		if v != float64(int64(v)) {
			dp = 2
		}
		return thousands(v, dp)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
