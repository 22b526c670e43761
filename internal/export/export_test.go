package export_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/export"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/cellsafe"
	"github.com/nhs-hubs/svhub/transform"
)

var ctx = context.Background()

// hostile are supplier texts a spreadsheet would run as formulas, and some
// it would not, with cellsafe.Text's own cases (leading whitespace of every
// kind Go calls a space).
var hostile = []string{
	`=HYPERLINK("http://x.example","click")`, "@SUM(1)", "+1+2", "-2+3", "\t=1", "\r=1", "  =cmd|' /C calc'!A0",
	"\u00a0+1", "\u3000@x", "\u2028=1", "\v-1", "Acme Ltd", "a=b", "bids@acme.example", "'=1", "", "   ", "Smith-Jones",
}

// TestSQL_SameAsText: the SQL the export runs gives every text the same
// apostrophe cellsafe.Text gives it.
func TestSQL_SameAsText(t *testing.T) {
	db := openDB(t)
	for _, s := range hostile {
		var got string
		if err := db.QueryRowContext(ctx, "select "+cellsafe.SQL("s")+" from (select ?::varchar as s)", s).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := cellsafe.Text(s); got != want {
			t.Errorf("SQL(%q) = %q, cellsafe.Text = %q", s, got, want)
		}
	}
}

// TestWrite_CSVNeutralisesFormulas: `export --format csv` wrote
// =HYPERLINK(…) and @SUM(1) raw where every other output neutralises them
// (issue 18). The CSV export prefixes an apostrophe; the Parquet export
// keeps the exact text.
func TestWrite_CSVNeutralisesFormulas(t *testing.T) {
	db := openDB(t)
	dir := t.TempDir()
	files := map[string]string{
		"organisations.csv": "trust_code,trust_name,ics_code,region_code\nT01,Trust,I01,R01\n",
		"contracts.csv": "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n" +
			"C1,@SUM(1),T01,1000,2026-04-01,2027-03-31,10\n",
		"returns.csv": "contract_ref,period,measure_code,value,notes\n" +
			"C1,2026-04,SVM25.1.2,1,\"=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\"\n" +
			"C1,2026-05,SVM25.1.2,2,-2+3\n" +
			"C1,2026-06,SVM25.1.2,3,fine\n",
	}
	var paths []string
	for _, name := range []string{"organisations.csv", "contracts.csv", "returns.csv"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res, err := ingest.Run(ctx, db, paths, ingest.Options{Today: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil || res.Rejected != 0 {
		t.Fatalf("ingest: %v, %+v", err, res)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil { // the ingest leaves the marts to its caller
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "parquet"} {
		out := filepath.Join(dir, format)
		if _, err := export.Write(ctx, db, out, export.Options{Format: format}); err != nil {
			t.Fatal(err)
		}
	}
	// The CSV, read as a spreadsheet program reads it.
	var notes []string
	for _, month := range []string{"4", "5", "6"} {
		notes = append(notes, csvColumn(t, filepath.Join(dir, "csv", "returns", "year=2026", "month="+month, "data_0.csv"), "notes")...)
	}
	wantNotes := []string{`'=HYPERLINK("http://x.example","click")`, "'-2+3", "fine"}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("csv notes %q, want %q", notes, wantNotes)
	}
	if got := csvColumn(t, filepath.Join(dir, "csv", "contracts.csv"), "supplier_name"); !slices.Equal(got, []string{"'@SUM(1)"}) {
		t.Errorf("csv supplier_name %q, want '@SUM(1)", got)
	}
	if got := csvColumn(t, filepath.Join(dir, "csv", "returns", "year=2026", "month=5", "data_0.csv"), "value"); !slices.Equal(got, []string{"2.0"}) {
		t.Errorf("csv value %q, want the number 2.0 untouched", got)
	}
	// Parquet keeps the exact text.
	var exact []string
	rows, err := db.QueryContext(ctx, "select notes from read_parquet('"+filepath.Join(dir, "parquet", "returns", "**", "*.parquet")+"') order by period")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		exact = append(exact, s)
	}
	if want := []string{`=HYPERLINK("http://x.example","click")`, "-2+3", "fine"}; !slices.Equal(exact, want) {
		t.Errorf("parquet notes %q, want the exact text %q", exact, want)
	}
}

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "t.duckdb"), Today: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

func csvColumn(t *testing.T, path, col string) []string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.Index(recs[0], col)
	if i < 0 {
		t.Fatalf("%s has no column %s: %q", path, col, recs[0])
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[i])
	}
	return out
}
