package excel

import "github.com/nhs-hubs/svhub/report/spec"

// Sheet is one sheet of a workbook: a heading and its blocks in reading
// order. The Summary sheet draws KPI, text and chart blocks; other sheets
// stack table blocks, each under its own title.
type Sheet struct {
	Name   string
	Title  string // row-1 heading; default Name
	Intro  string // one line under the heading
	Blocks []string
	// ScreenOnly marks a sheet for use on screen: a printout shows its
	// first rows only (as the Data sheet's), so full lists do not swell the
	// printed pack.
	ScreenOnly bool
	// PrintRows makes the sheet ScreenOnly when its tables hold more rows
	// than this (0: no limit): 1,389 suppliers or 212 trusts are a list to
	// filter on screen, not pages of a board paper, while a region's 40
	// print. A sheet of several tables then prints its first whole (the
	// 42 ICSs) and says the rest is for the screen.
	PrintRows int
}

// screenOnly reports whether a sheet of r is for the screen only, and how
// many rows its tables hold.
func (sh Sheet) screenOnly(r *spec.Report) (bool, int) {
	n := 0
	for _, id := range sh.Blocks {
		if b, ok := block(r.Spec, id); ok && b.Kind == spec.Table {
			if res := r.Data[b.Query]; res != nil {
				n += res.Count()
			}
		}
	}
	return sh.ScreenOnly || (sh.PrintRows > 0 && n > sh.PrintRows), n
}

// Layout says which blocks go on which sheet. The Data, Chart data and
// About sheets are added by the renderer.
type Layout struct {
	Sheets []Sheet
	// Data names a table block whose query fills the Data sheet (labels and
	// formats from the block); "" uses the spec's DataQuery as it comes.
	Data string
	// AboutTitle heads the About sheet (default "About this board pack").
	AboutTitle string
	// Generator names the program and version that made the workbook
	// ("svhub v1.2"), for the About sheet.
	Generator string
	// About names the queries behind the About sheet ("" leaves them out).
	AboutSources, AboutSettings, AboutMonitoring, AboutProxy string
	// AboutWording names a query counting the names that are svhub's
	// wording (provisional), and AboutCrosswalk one listing the crosswalk's
	// low-confidence rows ("" leaves them out).
	AboutWording, AboutCrosswalk string
	// AboutRules names the query listing the dated NHS and PPN rules the
	// flags apply, with their sources ("" leaves them out).
	AboutRules string
	// SkipEmpty names blocks left out when their query returns no rows (the
	// £ chart when no proxy values are loaded).
	SkipEmpty map[string]bool
	// DataMaxRows is the most rows the Data sheet holds (0: no limit): past
	// it the sheet says how many rows there are and where (DataElsewhere),
	// and holds none, so the workbook stays an attachment.
	DataMaxRows int
	// DataElsewhere names where the full data is, every month of it, for
	// the Data and About sheets ("" names nowhere).
	DataElsewhere string
}

// defaultLayout puts KPIs, text and charts on the Summary and each table on
// its own sheet: how any spec without a layout of its own is drawn.
func defaultLayout(s *spec.Spec) *Layout {
	l := &Layout{}
	sum := Sheet{Name: SheetSummary}
	var tables []Sheet
	for _, b := range s.Blocks {
		if b.Kind == spec.Table {
			tables = append(tables, Sheet{Name: b.Title, Blocks: []string{b.ID}})
			continue
		}
		sum.Blocks = append(sum.Blocks, b.ID)
	}
	l.Sheets = append([]Sheet{sum}, tables...)
	return l
}
