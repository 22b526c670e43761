package excel

import (
	"database/sql"
	"maps"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-hubs/svhub/report/dashboard"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// The board pack names a measure with its unit in SQL (reports/unit_words.sql)
// while the dashboard and the Data sheet label a unit code in Go
// (dashboard.UnitNames): the two must say the same words, or a measure
// would read "(FTE)" on one sheet and "(full-time equivalent posts)" on
// another.
func TestUnitWords_AgreeWithTheDashboard(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(sqlfiles.Report("unit_words"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var unit, words string
		if err := rows.Scan(&unit, &words); err != nil {
			t.Fatal(err)
		}
		if _, dup := got[unit]; dup {
			t.Errorf("unit %q has two rows", unit)
		}
		got[unit] = words
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, dashboard.UnitNames) {
		t.Errorf("unit_words.sql has %v, dashboard.UnitNames %v", got, dashboard.UnitNames)
	}
}

// The Data sheet holds the reporting month in scope, one row per
// commitment: not every month of every commitment (the full history is the
// Parquet export's). Worked by hand: five commitments (three in region Y60,
// two in Y61) with a row for each of July, August and September; the
// September pack of region Y60 holds 3 rows, of England 5, and of Y60 in
// August 3 again (August's rows, not September's).
func TestPackData_TheReportingMonthInScope(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(sqlfiles.Report(sqlfiles.MetricsFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`create table commitment_status as
		select m as as_of, 'C' || c as contract_ref, 'Supplier ' || c as supplier_name,
		    'T' || c as trust_code, 'Trust ' || c as trust_name, 'ICS' || c as ics_code,
		    case when c <= 3 then 'Y60' else 'Y61' end as region_code,
		    '2025' as model, 'M1' as mission, 'Mission' as mission_name, 'SVM' || c as measure_code, 'Measure' as measure_name,
		    'count' as unit, 10.0 as target, 5.0 as expected_to_date, 5.0 as delivered_to_date, 1.0 as delivery_ratio, 'green' as rag
		from range(1, 6) r(c), (values (date '2026-07-01'), (date '2026-08-01'), (date '2026-09-01')) t(m)`); err != nil {
		t.Fatal(err)
	}
	var q string
	s, _ := Pack()
	for _, x := range s.Queries {
		if x.Name == s.DataQuery {
			q = x.Text()
		}
	}
	if q == "" {
		t.Fatalf("the pack has no data query %q", s.DataQuery)
	}
	for _, tc := range []struct {
		month  time.Time
		region string
		rows   int
	}{
		{time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), "Y60", 3},
		{time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), "", 5},
		{time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), "Y60", 3},
	} {
		rows, err := db.Query(q, sql.Named("as_of", tc.month), sql.Named("region", tc.region),
			sql.Named("ics", ""), sql.Named("trust", ""), sql.Named("supplier", ""))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var asOf time.Time
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			vals[0] = &asOf
			for i := 1; i < len(vals); i++ {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				t.Fatal(err)
			}
			if !asOf.Equal(tc.month) {
				t.Errorf("%s %q: a row of %s", tc.month.Format("2006-01"), tc.region, asOf.Format("2006-01"))
			}
			n++
		}
		rows.Close()
		if n != tc.rows {
			t.Errorf("%s, region %q: %d rows, want %d", tc.month.Format("2006-01"), tc.region, n, tc.rows)
		}
	}
}
