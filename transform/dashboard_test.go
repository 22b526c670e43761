package transform_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/dashboard"
)

// The dashboard's queries over the hand-worked scenario at July 2026:
// C1 apprenticeships amber, C1 Real Living Wage green, C2 waste red.
func TestDashboard_HandWorkedScenario(t *testing.T) {
	t.Parallel()
	db := openScenario(t, "2026-10-05")
	ctx := context.Background()
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.AsOf.Format("2006-01"); got != "2026-07" {
		t.Errorf("default month %s, want the reporting month 2026-07", got)
	}
	k := r.Data["kpis"]
	get := func(col string) any { return k.Rows[0][k.Col(col)] }
	// 1 green of 3 judgeable = 33.3%; missing returns up to July: none
	// (August is overdue on 5 October but is after the reporting month).
	want := map[string]any{"contracts": int64(2), "commitments": int64(3), "green": int64(1), "amber": int64(1), "red": int64(1), "grey": int64(0), "missing_returns": int64(0), "judged": int64(3)}
	for col, w := range want {
		if got := get(col); got != w {
			t.Errorf("kpi %s = %v (%T), want %v", col, got, got, w)
		}
	}
	if pct, _ := get("on_track_pct").(float64); !near(pct, 100.0/3) {
		t.Errorf("on_track_pct = %v, want 33.33", get("on_track_pct"))
	}
	if r.Spec.Blocks[0].Title != "33% of judgeable commitments on track in July 2026 (1 of 3)" {
		t.Errorf("KPI title %q", r.Spec.Blocks[0].Title)
	}
	// The trend: in June C1 apprenticeships are green (3 of 3), RLW green
	// (78/80 = 0.975), C2 waste red (2.5 of 4): 2 of 3 = 66.7% (rounded to
	// one decimal by the query); July 1 of 3 = 33.3%.
	tr := r.Data["trend"]
	if len(tr.Rows) != 4 {
		t.Fatalf("trend has %d months, want Apr–Jul", len(tr.Rows))
	}
	if jun := tr.Rows[2][tr.Col("on_track_pct")].(float64); !near(jun, 66.7) {
		t.Errorf("June on track %.1f, want 66.7", jun)
	}

	t.Run("by award criterion", func(t *testing.T) {
		// Of the three commitments only C1's Real Living Wage (SVM25.1.3)
		// names an award criterion: 1c Fair pay practices (verified
		// wording, so not marked), green. C1's apprentices (SVM25.1.2) and
		// C2's waste (SVM25.4.2) have none recorded and are left out.
		a := r.Data["by_award_criterion"]
		var got []string
		for _, row := range a.Rows {
			got = append(got, fmt.Sprint(row[a.Col("label")], "|", row[a.Col("code")], "|", row[a.Col("green")], "|", row[a.Col("commitments")]))
		}
		if want := "1c Fair pay practices|2025 1c|1|1"; len(got) != 1 || got[0] != want {
			t.Errorf("by_award_criterion: got %q, want only %q", got, want)
		}
	})

	t.Run("suppliers furthest behind", func(t *testing.T) {
		// Build Co: its one commitment red (0% on track, ratio 0.583333);
		// Acme: amber 0.75 and green 0.9625 (50%, median 0.85625).
		s := r.Data["suppliers_behind"]
		if len(s.Rows) != 2 {
			t.Fatalf("%d suppliers, want 2", len(s.Rows))
		}
		first, second := s.Rows[0], s.Rows[1]
		if first[s.Col("supplier_name")] != "Build Co Ltd" || first[s.Col("red")] != int64(1) || !near(first[s.Col("on_track_pct")].(float64), 0) {
			t.Errorf("first row %v, want Build Co Ltd with 1 red and 0%% on track", first)
		}
		if second[s.Col("supplier_name")] != "Acme Catering Ltd" || !near(second[s.Col("on_track_pct")].(float64), 50) || !near(second[s.Col("median_ratio")].(float64), 0.85625) {
			t.Errorf("second row %v, want Acme Catering Ltd at 50%% and median 0.85625", second)
		}
	})

	t.Run("drill-down views", func(t *testing.T) {
		var ids []string
		for _, sc := range r.Scopes {
			ids = append(ids, sc.ID+"="+sc.Label)
		}
		want := []string{"all=Everything in this report", "ics:I01=Riverside ICS", "trust:T01=Riverside Hospitals NHS Foundation Trust",
			"supplier:Acme Catering Ltd=Acme Catering Ltd", "supplier:Build Co Ltd=Build Co Ltd"}
		if strings.Join(ids, "\n") != strings.Join(want, "\n") {
			t.Errorf("views %q, want %q", ids, want)
		}
		// Acme's view: amber apprenticeships and green RLW, 1 of 2 on track.
		acme := r.Scopes[3].Data["kpis"]
		if g, j := acme.Rows[0][acme.Col("green")], acme.Rows[0][acme.Col("judged")]; g != int64(1) || j != int64(2) {
			t.Errorf("Acme view green/judged = %v/%v, want 1/2", g, j)
		}
		if got := r.Scopes[3].Titles["kpis"]; got != "50% of judgeable commitments on track in July 2026 (1 of 2)" {
			t.Errorf("Acme view headline %q", got)
		}
		if acme.Col("scope") >= 0 {
			t.Error("the scope column leaked into a view's data")
		}
		// The whole-report view is the report's own data.
		if r.Scopes[0].Data["kpis"] != r.Data["kpis"] {
			t.Error("report data is not the whole-report view")
		}
	})

	t.Run("scope filters", func(t *testing.T) {
		r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Supplier: "Build Co Ltd"})
		if err != nil {
			t.Fatal(err)
		}
		k := r.Data["kpis"]
		if n := k.Rows[0][k.Col("commitments")]; n != int64(1) {
			t.Errorf("Build Co has 1 commitment, got %v", n)
		}
		if r.Scope != "Build Co Ltd" {
			t.Errorf("scope %q", r.Scope)
		}
	})

	t.Run("an earlier month", func(t *testing.T) {
		r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{AsOf: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		// May: C1 apprenticeships 1 of 2 expected (0.5, red), RLW 75/80
		// (0.9375, amber), C2 waste 1 of 2 (0.5, red).
		k := r.Data["kpis"]
		if g, a, rd := k.Rows[0][k.Col("green")], k.Rows[0][k.Col("amber")], k.Rows[0][k.Col("red")]; g != int64(0) || a != int64(1) || rd != int64(2) {
			t.Errorf("May green/amber/red = %v/%v/%v, want 0/1/2", g, a, rd)
		}
	})

	t.Run("months and scopes outside the data are refused", func(t *testing.T) {
		for _, p := range []dashboard.Params{
			{AsOf: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)},
			{AsOf: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
			{Trust: "XYZ"},
		} {
			if _, err := dashboard.Build(ctx, db, dashboard.Spec(), p); !errors.Is(err, dashboard.ErrBadParams) {
				t.Errorf("%+v: got %v, want ErrBadParams", p, err)
			}
		}
	})
}
