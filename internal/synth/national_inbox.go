package synth

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
)

// WriteNational writes a national data set (Generate with National set) as
// the files a national team would collect, in one format ("csv" or "xlsx"):
//
//	organisations.csv
//	contract-register.xlsx  or  contracts.csv + commitments.csv
//	returns-YYYY-MM-<region>.csv   one file per region and month, or
//	returns-YYYY-MM-<ICS>.xlsx     one workbook per ICS and month
//
// The returns files vary as the demo's do (period as text, date or UK date;
// £ and thousands separators; % suffixes and percent-formatted cells; BOM
// and CRLF, semicolons, Windows-1252, title lines) and carry the planted bad
// rows. The same Region and format always give byte-identical files.
func WriteNational(ctx context.Context, dir string, r *Region, format string) ([]string, error) {
	if format != "csv" && format != "xlsx" {
		return nil, fmt.Errorf("format %q: want csv or xlsx", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	w := newInboxWriter(dir, r, "England")
	if err := w.file(ctx, "organisations.csv", w.organisations); err != nil {
		return w.paths, err
	}
	if format == "xlsx" {
		if err := w.file(ctx, "contract-register.xlsx", w.register); err != nil {
			return w.paths, err
		}
	} else {
		if err := w.file(ctx, "contracts.csv", w.contractsCSV); err != nil {
			return w.paths, err
		}
		if err := w.file(ctx, "commitments.csv", w.commitmentsCSV); err != nil {
			return w.paths, err
		}
	}

	// Files are per region (csv) or per ICS (xlsx): group keys in a fixed order.
	regionOfICS := map[string]string{}
	var groups []string
	for _, reg := range nationalRegions {
		if format == "csv" {
			groups = append(groups, reg.code)
		}
		for _, x := range reg.icss {
			regionOfICS[x.code] = reg.code
			if format == "xlsx" {
				groups = append(groups, x.code)
			}
		}
	}
	groupOf := func(ics string) string {
		if format == "csv" {
			return regionOfICS[ics]
		}
		return ics
	}

	cal := r.Calendar
	nMonths := monthsBetween(cal.FirstMonth, cal.LastMonth)
	// Indexes, not copies: a national year is millions of returns.
	byMonth := make([][]int32, nMonths)
	for i, ret := range r.Returns {
		if m := monthsBetween(cal.FirstMonth, ret.Period) - 1; m >= 0 && m < nMonths {
			byMonth[m] = append(byMonth[m], int32(i))
		}
	}
	badByMonth := make([][]BadReturn, nMonths)
	for _, b := range r.BadReturns {
		m := min(max(monthsBetween(cal.FirstMonth, b.Month)-1, 0), nMonths-1)
		badByMonth[m] = append(badByMonth[m], b)
	}
	fileIndex := 0
	for m := range nMonths {
		month := cal.FirstMonth.AddDate(0, m, 0)
		good := map[string][]Return{}
		for _, i := range byMonth[m] {
			ret := r.Returns[i]
			g := groupOf(w.icsOf[ret.ContractRef])
			good[g] = append(good[g], ret)
		}
		bad := map[string][]BadReturn{}
		for _, b := range badByMonth[m] {
			g := groupOf(b.ICSCode)
			if !slices.Contains(groups, g) {
				g = groups[0]
			}
			bad[g] = append(bad[g], b)
		}
		for _, g := range groups {
			rows := mergeRows(good[g], bad[g])
			if len(rows) == 0 {
				continue
			}
			k := fileIndex
			fileIndex++
			if format == "csv" {
				st := csvStyleFor(k)
				name := fmt.Sprintf("returns-%s-%s.csv", month.Format("2006-01"), g)
				if err := w.file(ctx, name, func(out io.Writer) error { return w.returnsCSV(out, month, rows, st) }); err != nil {
					return w.paths, err
				}
				continue
			}
			style := xlsxStyle{periodAsDate: k%2 == 1, pctFormatted: k%7 == 3}
			name := fmt.Sprintf("returns-%s-%s.xlsx", month.Format("2006-01"), g)
			title := fmt.Sprintf("Social value returns - %s - %s", month.Format("January 2006"), g)
			if err := w.file(ctx, name, func(out io.Writer) error { return w.returnsXLSX(out, title, rows, style) }); err != nil {
				return w.paths, err
			}
		}
	}
	return w.paths, nil
}

func (w *inboxWriter) contractsCSV(out io.Writer) error {
	cw := csv.NewWriter(out)
	_ = cw.Write(ContractsHeader)
	for _, c := range w.r.Contracts {
		_ = cw.Write([]string{c.Ref, c.SupplierName, c.SupplierID, c.TrustCode, c.Title, c.Category,
			fmtFloat(c.ValueGBP), c.Start.Format("2006-01-02"), c.End.Format("02/01/2006"),
			fmtFloat(c.SVWeightingPct), c.Model, yesNo(c.CRPPublished), c.LocalArea, c.carbonPlanCell(), yesNo(c.Framework), procured(c)})
	}
	cw.Flush()
	return cw.Error()
}

func procured(c Contract) string {
	if c.ProcuredOn.IsZero() {
		return ""
	}
	return c.ProcuredOn.Format("2006-01-02")
}

func (w *inboxWriter) commitmentsCSV(out io.Writer) error {
	cw := csv.NewWriter(out)
	_ = cw.Write(CommitmentsHeader)
	for _, c := range w.r.Commitments {
		var target, from, to string
		if c.Target != nil {
			target = fmtFloat(*c.Target)
		}
		if c.PeriodFrom != nil {
			from = c.PeriodFrom.Format("2006-01-02")
		}
		if c.PeriodTo != nil {
			to = c.PeriodTo.Format("2006-01-02")
		}
		_ = cw.Write([]string{c.ContractRef, c.MeasureCode, target, c.Unit, c.Frequency, from, to, c.DeliveryPlan})
	}
	cw.Flush()
	return cw.Error()
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
