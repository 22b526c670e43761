package html

import (
	"bytes"
	"encoding/base64"
	"html/template"

	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
)

// maxDownloadRows bounds the CSV embedded in the page: the page must still
// open quickly from an email. Bigger extracts belong in the board pack.
const maxDownloadRows = 20000

// download is the data behind the report, embedded as a CSV data: URI so it
// can be saved with no server and no network (WCAG: the data downloadable).
type download struct {
	Href      template.URL
	Name      string
	Rows      int
	Truncated bool
}

func downloadOf(r *spec.Report) *download {
	res, ok := r.Data[r.Spec.DataQuery]
	if r.Spec.DataQuery == "" || !ok {
		return nil
	}
	n := min(len(res.Rows), maxDownloadRows)
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel opens UTF-8 CSV correctly only with a BOM
	if err := rowset.WriteCSV(&buf, &spec.Result{Columns: res.Columns, Rows: res.Rows[:n]}); err != nil {
		return nil
	}
	name := "svhub-data"
	if !r.AsOf.IsZero() {
		name += "-" + r.AsOf.Format("2006-01")
	}
	return &download{
		// A typed URL: html/template would otherwise refuse the data: scheme.
		Href:      template.URL("data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())),
		Name:      name + ".csv",
		Rows:      n,
		Truncated: n < len(res.Rows),
	}
}
