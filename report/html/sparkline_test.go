package html

import (
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

// A tile's trend line, worked by hand: 40%, 50% and 60% in July, August and
// September in a 120 × 28 box with 3 of padding: x runs 3 to 117 (the
// middle month at 3 + 114/2 = 60), y from 25 (the lowest) to 3 (the
// highest), 50% half way at 14.
func TestTrendOf_PointsAndWords(t *testing.T) {
	month := func(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }
	hist := &spec.Result{Columns: []string{"month", "on_track_pct", "red"}, Rows: [][]any{
		{month(7), 40.0, nil},
		{month(8), 50.0, int64(3)},
		{month(9), 60.0, nil},
	}}
	c := spec.Column{Name: "on_track_pct", Format: spec.FormatPct}
	got := trendOf(hist, c)
	if got == nil || got.Points != "3.0,25.0 60.0,14.0 117.0,3.0" {
		t.Errorf("points %+v, want 3.0,25.0 60.0,14.0 117.0,3.0", got)
	}
	if want := "Trend Jul 2026 to Sep 2026: 40% to 60%"; got == nil || got.Label != want {
		t.Errorf("label %+v, want %q", got, want)
	}
	// One month with a figure draws no line; a column the history does
	// not have has no trend at all.
	if got := trendOf(hist, spec.Column{Name: "red", Format: spec.FormatInt}); got == nil || got.Points != "" {
		t.Errorf("one month: %+v, want an empty line", got)
	}
	if got := trendOf(hist, spec.Column{Name: "contracts"}); got != nil {
		t.Errorf("no column: %+v, want nil", got)
	}
	if got := trendOf(nil, c); got != nil {
		t.Errorf("no history: %+v, want nil", got)
	}
}
