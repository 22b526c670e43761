package excel

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A board pack's Data sheet holds its rows up to the layout's DataMaxRows;
// past it, none, and the Data, About and Summary sheets say how many there
// are and where they are (issue 24: a national pack's half a million rows
// were a 57 MB attachment). The sample's data query has 3 rows (worked by
// hand: Acme, the HYPERLINK supplier and the @SUM supplier).
func TestWrite_DataLeftToTheExport(t *testing.T) {
	const elsewhere = "the Parquet export's commitment_status table"
	for _, tc := range []struct {
		name    string
		max     int
		rows    int    // data rows on the Data sheet
		data    string // text in Data!A4 ("" : a data row)
		about   string // the About sheet's "Full data" line
		summary string // the Summary's contents line for Data
	}{
		{"over the cap", 2, 0,
			"3 rows: more than a board pack carries (2 at most), so none are on this sheet. They are in " + elsewhere + ".",
			"The reporting month in scope has 3 rows of data, more than a board pack carries (2 at most): the Data sheet holds none. They, and every month before, are in " + elsewhere + ".",
			"3 rows of data: too many for a board pack, so where they are (About)"},
		{"at the cap", 3, 3, "",
			"The Data sheet holds the 3 rows of the reporting month in scope; every month, in full, is in " + elsewhere + ".",
			"all 3 rows of the data, for filtering"},
		{"no cap", 0, 3, "",
			"The Data sheet holds the 3 rows of the reporting month in scope; every month, in full, is in " + elsewhere + ".",
			"all 3 rows of the data, for filtering"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sampleReport()
			l := defaultLayout(r.Spec)
			l.DataMaxRows, l.DataElsewhere = tc.max, elsewhere
			path := filepath.Join(t.TempDir(), "pack.xlsx")
			if err := WriteLayout(context.Background(), path, r, l); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(SheetData)
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			if tc.rows > 0 {
				got = len(rows) - dataHeaderRow // the note, a blank row, the header
			} else if v, _ := f.GetCellValue(SheetData, "A4"); v != tc.data {
				t.Errorf("Data!A4 = %q, want %q", v, tc.data)
			}
			if tc.rows == 0 && len(rows) > 4 {
				t.Errorf("Data has %d rows, want the heading and the line only", len(rows))
			}
			if got != tc.rows {
				t.Errorf("Data holds %d rows, want %d", got, tc.rows)
			}
			if tbls, _ := f.GetTables(SheetData); (len(tbls) > 0) != (tc.rows > 0) {
				t.Errorf("Data tables %+v, want one only with rows", tbls)
			}
			if !strings.Contains(fmt.Sprint(sheetRows(t, f, SheetAbout)), "Full data "+tc.about) {
				t.Errorf("About has no line %q", "Full data "+tc.about)
			}
			if !strings.Contains(fmt.Sprint(sheetRows(t, f, SheetSummary)), tc.summary) {
				t.Errorf("Summary does not say %q", tc.summary)
			}
		})
	}
}

func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
