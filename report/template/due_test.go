package template

import (
	"slices"
	"testing"
	"time"
)

func mon(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func months(ts []time.Time) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Format("2006-01"))
	}
	return out
}

func TestDue(t *testing.T) {
	none := func(time.Time) bool { return false }
	got := func(ms ...string) func(time.Time) bool {
		return func(m time.Time) bool { return slices.Contains(ms, m.Format("2006-01")) }
	}
	today := time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC) // months up to July are due
	for _, tc := range []struct {
		name       string
		c          Commitment
		returned   func(time.Time) bool
		monitoring time.Time
		max        int
		want       []string
	}{
		{"monthly, nothing in: every month up to July",
			Commitment{Frequency: "monthly", From: mon(2026, 4), To: mon(2027, 3)}, none, mon(2026, 4), 0,
			[]string{"2026-04", "2026-05", "2026-06", "2026-07"}},
		{"blank frequency is monthly; months with a return are not asked again",
			Commitment{From: mon(2026, 4), To: mon(2027, 3)}, got("2026-04", "2026-06"), mon(2026, 4), 0,
			[]string{"2026-05", "2026-07"}},
		{"at most max, the latest",
			Commitment{From: mon(2026, 1), To: mon(2026, 12)}, none, mon(2026, 1), 3,
			[]string{"2026-05", "2026-06", "2026-07"}},
		{"not before monitoring began",
			Commitment{From: mon(2026, 1), To: mon(2026, 12)}, none, mon(2026, 6), 0,
			[]string{"2026-06", "2026-07"}},
		{"quarterly from January: quarters end Mar and Jun",
			Commitment{Frequency: "quarterly", From: mon(2026, 1), To: mon(2026, 12)}, none, mon(2026, 1), 0,
			[]string{"2026-03", "2026-06"}},
		{"quarterly: a return in any month of the quarter counts for it",
			Commitment{Frequency: "Quarterly", From: mon(2026, 1), To: mon(2026, 12)}, got("2026-02"), mon(2026, 1), 0,
			[]string{"2026-06"}},
		{"all in: the next period to end",
			Commitment{Frequency: "quarterly", From: mon(2026, 1), To: mon(2026, 12)}, got("2026-03", "2026-05"), mon(2026, 1), 0,
			[]string{"2026-09"}},
		{"annual, term ending part-way through a year: the last month closes a period",
			Commitment{Frequency: "annual", From: mon(2025, 2), To: mon(2026, 6)}, none, mon(2025, 1), 0,
			[]string{"2026-01", "2026-06"}},
		{"ended and complete: nothing",
			Commitment{From: mon(2026, 1), To: mon(2026, 2)}, got("2026-01", "2026-02"), mon(2026, 1), 0,
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if g := months(Due(tc.c, tc.returned, tc.monitoring, today, tc.max)); !slices.Equal(g, tc.want) {
				t.Errorf("Due = %q, want %q", g, tc.want)
			}
		})
	}
}
