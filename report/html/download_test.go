package html

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/csv"
	stdhtml "html"
	"io"
	"regexp"
	"strings"
	"testing"
)

func TestRender_DataDownload(t *testing.T) {
	r := sampleReport()
	r.Spec.DataQuery = "suppliers"
	r.Data["suppliers"].Rows = append(r.Data["suppliers"].Rows, []any{"=cmd|' /C calc'!A0", "Green", -5.0, nil})
	page := render(t, r)
	m := regexp.MustCompile(`download="([^"]+)" data-csv-name="([^"]+)" href="data:application/gzip;base64,([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no gzip-compressed CSV download link in the page")
	}
	if m[1] != "svhub-data-2026-04.csv.gz" || m[2] != "svhub-data-2026-04.csv" {
		t.Errorf("file names %q and %q", m[1], m[2])
	}
	if !strings.Contains(page, `new DecompressionStream("gzip")`) {
		t.Error("the page does not decompress the download")
	}
	// Attribute values are HTML-escaped (+ becomes &#43;); browsers unescape them.
	gz, err := base64.StdEncoding.DecodeString(stdhtml.UnescapeString(m[3]))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// header + the 3 sample rows + the hostile one
	if len(recs) != 5 {
		t.Fatalf("%d records, want 5: %v", len(recs), recs)
	}
	if got := recs[1]; got[0] != "Acme Catering Ltd" || got[2] != "120000" || got[3] != "2026-05-31" {
		t.Errorf("first row %v: want plain numbers and ISO dates", got)
	}
	if got := recs[4][0]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula not neutralised: %q", got)
	}
	if got := recs[4][2]; got != "-5" {
		t.Errorf("a real negative number must stay a number, got %q", got)
	}
	if !strings.Contains(page, "(4 rows)") {
		t.Error("the link should say how many rows it holds")
	}
}

// The download's query keeps its first rows in SQL and counts them all
// (Result.Total): the link says it holds the first rows only.
func TestRender_DataDownloadCappedInSQL(t *testing.T) {
	r := sampleReport()
	r.Spec.DataQuery = "suppliers"
	r.Data["suppliers"].Total = 25000 // 3 rows kept of 25,000
	page := render(t, r)
	if !strings.Contains(page, "(3 rows, the first 3 only: the Excel board pack has them all)") {
		t.Error("the link does not say it holds the first 3 rows only")
	}
	r.Data["suppliers"].Total = 0 // not capped: every row
	if page = render(t, r); !strings.Contains(page, "(3 rows)") {
		t.Error("an uncapped download should say it holds its 3 rows")
	}
}
