package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/transform"
)

// The dashboard's lists keep, per view, only the rows it shows (SQL caps
// each scope) and say how many there are. Worked by hand, one ICS (QHM)
// with two trusts:
//   - off track (red, Limit 15): C001–C120 in T1, supplier Acme, delivered
//     ÷ expected i/1000; C121, C122 in T2, supplier Build, 0.5 and 0.6. The
//     whole report has 122: it keeps 100 (C001–C100), says 122; the ICS
//     keeps C001–C015 of 122, T1 C001–C015 of 120, T2 both; Acme's view
//     keeps C001–C015 of 120 too (the block's limit: unlike the chase
//     list, a supplier's view of this list is not kept in full).
//   - highlights (green and ≥ 1, Limit 10): C123–C134 in T2, Build,
//     ratio 1 + (i−122)/100, furthest ahead first: T2, the ICS and
//     Build's view each keep C134 down to C125 and say 12, and T2's
//     headline counts 12.
//   - chase (Limit 25, a supplier's view in full): R01–R30 in T1, each
//     missing Jul and Aug 2026 (51 and 20 days overdue), R01–R27 Acme's,
//     R28–R30 Build's. T1 keeps 25 of 30; its headline counts 60 returns,
//     30 contracts, 2 suppliers, 30 fell overdue in the last month; Acme's
//     view keeps all 27 (its feedback page lists every one).
func TestDashboard_ListsCappedPerViewWithTrueTotals(t *testing.T) {
	needECharts(t)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := transform.CreateMetrics(ctx, db); err != nil { // the macros the report queries read
		t.Fatal(err)
	}
	for _, q := range []string{
		`create table commitment_status as
		select date '2026-09-01' as as_of, date '2027-03-01' as last_month, printf('C%03d', i) as contract_ref, 'M1' as measure_code,
		    'Apprentices' as measure_name, 'verified' as wording_status, 'count' as unit, 10.0 as target, 5.0 as expected_to_date,
		    case when i <= 120 then i / 1000.0 when i = 121 then 0.5 when i = 122 then 0.6 else 1 + (i - 122) / 100.0 end as delivery_ratio,
		    case when i <= 122 then 'red' else 'green' end as rag,
		    case when i <= 120 then 'T1' else 'T2' end as trust_code, case when i <= 120 then 'Trust One' else 'Trust Two' end as trust_name,
		    'QHM' as ics_code, 'ICS QHM' as ics_name, 'Y60' as region_code, 'North East and Yorkshire' as region_name,
		    case when i <= 120 then 'Acme' else 'Build' end as supplier_name
		from range(1, 135) t(i)`,
		`alter table commitment_status add column delivered_to_date double`,
		`update commitment_status set delivered_to_date = delivery_ratio * expected_to_date`,
		// no proxy values: highlights rank by the amount delivered, which
		// with the same expected for all is the ratio's order
		`alter table commitment_status add column social_value_gbp double`,
		`create table returns_due as
		select printf('R%02d', i) as contract_ref, p.period, false as received, p.days_overdue,
		    'T1' as trust_code, 'QHM' as ics_code, 'Y60' as region_code, case when i <= 27 then 'Acme' else 'Build' end as supplier_name
		from range(1, 31) t(i), (values (date '2026-07-01', 51), (date '2026-08-01', 20)) p(period, days_overdue)`,
		`create table contract_summary as
		select distinct contract_ref, region_code, region_name, ics_code, ics_name, trust_code, trust_name, supplier_name from commitment_status
		union all
		select distinct contract_ref, region_code, 'North East and Yorkshire', ics_code, 'ICS QHM', trust_code, 'Trust One', supplier_name from returns_due`,
		`create table return_evidence (contract_ref varchar, measure_code varchar, period date, evidence varchar)`,
		// no proxy values and no contract values: the off-track list's
		// materiality ties everywhere, and its order is delivered ÷ expected
		`create table commitment_details as select distinct contract_ref, measure_code, cast(null as double) as gbp_per_unit from commitment_status`,
		`alter table contract_summary add column value_gbp_per_year double`,
		// the hub log's chases (none here): the chase list shows them
		`create table chase_status (contract_ref varchar, period date, times_chased bigint, last_chased date, escalate boolean)`,
		// the month the marts' *_latest tables hold (the dashboard reads it
		// once as $reporting_month)
		`create table report_settings as select date '2026-08-01' as reporting_month`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	full := dashboard.Spec()
	s := *full
	s.Queries, s.Blocks = nil, nil
	for _, q := range full.Queries {
		if q.Name == "off_track" || q.Name == "highlights" || q.Name == "chase" || q.Name == "suppliers" {
			s.Queries = append(s.Queries, q)
		}
	}
	for _, b := range full.Blocks {
		if b.Query == "off_track" || b.Query == "highlights" || b.Query == "chase" || strings.HasPrefix(b.Query, "suppliers_") {
			s.Blocks = append(s.Blocks, b)
		}
	}
	s.DataQuery, s.TextQuery = "", ""
	r, err := dashboard.Build(ctx, db, &s, dashboard.Params{})
	if err != nil {
		t.Fatal(err)
	}
	view := map[string]spec.Scope{}
	for _, sc := range r.Scopes {
		view[sc.ID] = sc
	}
	refs := func(res *spec.Result) string {
		ci := res.Col("contract_ref")
		var out []string
		for _, row := range res.Rows {
			out = append(out, fmt.Sprint(row[ci]))
		}
		return strings.Join(out, " ")
	}
	seq := func(format string, from, to, step int) string {
		var out []string
		for i := from; step > 0 && i <= to || step < 0 && i >= to; i += step {
			out = append(out, fmt.Sprintf(format, i))
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		scope, query string
		refs         string
		total        int
	}{
		{"all", "off_track", seq("C%03d", 1, 100, 1), 122},
		{"ics:QHM", "off_track", seq("C%03d", 1, 15, 1), 122},
		{"trust:T1", "off_track", seq("C%03d", 1, 15, 1), 120},
		{"trust:T2", "off_track", "C121 C122", 2},
		{"supplier:Build", "off_track", "C121 C122", 2},
		{"supplier:Acme", "off_track", seq("C%03d", 1, 15, 1), 120},
		{"trust:T2", "highlights", seq("C%03d", 134, 125, -1), 12},
		{"ics:QHM", "highlights", seq("C%03d", 134, 125, -1), 12},
		{"supplier:Build", "highlights", seq("C%03d", 134, 125, -1), 12},
		{"all", "highlights", seq("C%03d", 134, 123, -1), 12},
		{"trust:T1", "chase", seq("R%02d", 1, 25, 1), 30},
		{"supplier:Acme", "chase", seq("R%02d", 1, 27, 1), 27},
		{"supplier:Build", "chase", "R28 R29 R30", 3},
	} {
		sc, ok := view[tc.scope]
		if !ok {
			t.Fatalf("no view %s (views %v)", tc.scope, r.Scopes)
		}
		res := sc.Data[tc.query]
		if got := refs(res); got != tc.refs || res.Count() != tc.total {
			t.Errorf("%s %s: %d rows of %d:\n  %s\nwant %d of %d:\n  %s", tc.scope, tc.query, len(res.Rows), res.Count(), got, len(strings.Fields(tc.refs)), tc.total, tc.refs)
		}
		if res.Col(spec.ScopeRows) >= 0 || res.Col("scope") >= 0 {
			t.Errorf("%s %s: the scope columns stay in the result: %v", tc.scope, tc.query, res.Columns)
		}
	}
	// The suppliers behind and ahead come from one query (two parts): the
	// median delivered ÷ expected of Acme's 120 red is 0.0605, of Build's
	// 14 (0.5, 0.6, 1.01 … 1.12) 1.055; behind lists Acme first, ahead
	// Build first; T1 has Acme only.
	names := func(res *spec.Result) string {
		ci := res.Col("supplier_name")
		var out []string
		for _, row := range res.Rows {
			out = append(out, fmt.Sprint(row[ci]))
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct{ scope, query, want string }{
		{"all", "suppliers_behind", "Acme Build"},
		{"all", "suppliers_ahead", "Build Acme"},
		{"trust:T1", "suppliers_ahead", "Acme"},
	} {
		res := view[tc.scope].Data[tc.query]
		if got := names(res); got != tc.want || res.Count() != len(strings.Fields(tc.want)) || res.Col(spec.PartColumn) >= 0 {
			t.Errorf("%s %s: %q (%d, columns %v), want %q", tc.scope, tc.query, got, res.Count(), res.Columns, tc.want)
		}
	}
	if m, ok := view["all"].Data["suppliers_ahead"].Rows[0][view["all"].Data["suppliers_ahead"].Col("median_ratio")].(float64); !ok || m != 1.055 {
		t.Errorf("Build's median %v, want 1.055", view["all"].Data["suppliers_ahead"].Rows[0])
	}
	for scope, want := range map[string]string{
		"trust:T1": "60 overdue returns from 30 contracts of 2 suppliers; 30 contracts fell overdue in the last month",
		"trust:T2": "No returns are overdue",
	} {
		if got := view[scope].Titles["chase"]; got != want {
			t.Errorf("%s chase headline %q, want %q", scope, got, want)
		}
	}
	if got, want := view["trust:T2"].Titles["highlights"], "12 commitments delivered at or ahead of plan in September 2026"; got != want {
		t.Errorf("highlights headline %q, want %q", got, want)
	}
	// The page: the whole report's off-track list says 15 of 122 and can
	// show the first 100.
	var page bytes.Buffer
	if err := html.Render(&page, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), `data-limit="15" data-total="122"`) || !strings.Contains(page.String(), "Showing 15 of 122.") {
		t.Error("the page's off-track list does not say it shows 15 of 122")
	}
}
