package html

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"html/template"

	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
)

// maxDownloadRows bounds the CSV embedded in the page: the page must still
// open quickly from an email. Bigger extracts belong in the board pack. The
// dashboard's data query keeps no more in SQL and counts the rest.
const maxDownloadRows = spec.MaxDownloadRows

// download is the data behind the report, embedded as a gzip-compressed CSV
// data: URI so it can be saved with no server and no network (WCAG: the data
// downloadable). Compressed, it is about a tenth of the page it would
// otherwise be; the page's script decompresses it with the browser's
// DecompressionStream and saves plain CSV (Name). A browser without
// DecompressionStream, or with scripts off, saves the .csv.gz (GzName).
type download struct {
	Href      template.URL
	Name      string // what the script saves: the CSV
	GzName    string // what the link saves without the script
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
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression) // no name, no time: reproducible bytes
	if err != nil {
		return nil
	}
	if _, err := zw.Write(buf.Bytes()); err != nil || zw.Close() != nil {
		return nil
	}
	return &download{
		// A typed URL: html/template would otherwise refuse the data: scheme.
		Href:      template.URL("data:application/gzip;base64," + base64.StdEncoding.EncodeToString(gz.Bytes())),
		Name:      name + ".csv",
		GzName:    name + ".csv.gz",
		Rows:      n,
		Truncated: n < res.Count(),
	}
}
