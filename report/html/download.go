package html

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"html/template"
	"math"
	"strconv"
	"time"

	"github.com/nhs-hubs/svhub/report/cellsafe"
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
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel opens UTF-8 CSV correctly only with a BOM
	w := csv.NewWriter(&buf)
	w.Write(res.Columns)
	n := min(len(res.Rows), maxDownloadRows)
	for _, row := range res.Rows[:n] {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = csvText(v)
		}
		w.Write(rec)
	}
	w.Flush()
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

// csvText writes machine-readable values (ISO dates, plain numbers) and
// neutralises formula-like text, since the file will be opened in Excel.
func csvText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return cellsafe.Text(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', 12, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return cellsafe.Text(FormatValue(v, spec.FormatText))
}
