package transform_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-hubs/svhub/report/dashboard"
)

// The tiles' trend (tile_history) in changeScenario, worked by hand for
// July, August and September 2026 (the scenario's comment works August and
// September; each month's overdue returns are judged on its own reference
// date: 20 October for September, 20 September for August, 20 August for
// July).
//
// July, live: C1 0 of 4 (12 × 4/12), red; C2 4 of 4, C3 4 of 4 (5 over
// five months), C4 4 of 4, green; C6 grey: 3 of 4 = 75%, 1 red, 5
// contracts, 5 commitments. Returns due by 20 August: April, May and June
// (June's fell due on 30 July) of C1–C4 and C6 = 15, received all but C6's
// three = 12: 80%, 3 overdue.
// August: 25%, 1 red, 5 and 5; 20 due, 16 received: 80%, 4 overdue.
// September: 75%, 1 red, 5 and 5; 25 due, 19 received: 76%, 6 overdue.
// The last two are the tiles' own figures (TestWhatChanged_SinceLastMonth).
func TestTileHistory_MonthByMonth(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, today := changeScenario(t)
	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	h := r.Data["tile_history"]
	if h == nil {
		t.Fatal("no tile_history")
	}
	var got []string
	months := column(h, "month")
	for i := range h.Rows {
		m := months[i][:7]
		if m < "2026-07" {
			continue
		}
		var f []string
		for _, c := range []string{"on_track_pct", "red", "contracts", "commitments", "returns_received_pct", "missing_returns"} {
			v := column(h, c)[i]
			if strings.Contains(v, ".") { // a float, written with five decimals
				v = strings.TrimRight(strings.TrimRight(v, "0"), ".")
			}
			f = append(f, v)
		}
		got = append(got, m+" "+strings.Join(f, " "))
	}
	want := []string{
		"2026-07 75 1 5 5 80 3",
		"2026-08 25 1 5 5 80 4",
		"2026-09 75 1 5 5 76 6",
	}
	if !slices.Equal(got, want) {
		t.Errorf("tile history (month, on track %%, red, contracts, commitments, returns received %%, overdue):\n%s\nwant:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if first := months[0][:7]; first != "2026-04" {
		t.Errorf("history starts %s, want 2026-04 (monitoring began in April: no earlier month has a live commitment)", first)
	}
}
