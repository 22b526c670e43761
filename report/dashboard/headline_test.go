package dashboard

import (
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

var sep2026 = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

func month(m int) time.Time { return time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

func TestTrendHeadline_Wording(t *testing.T) {
	tests := []struct {
		name   string
		values []any
		want   string
	}{
		// The issue's own case: 42% → 44% is a flat line, not a rise.
		{"flat within two points", []any{42.0, 45.0, 40.0, 44.0}, "On-track share about the same over 4 months: 42% in Jan 2025, 44% in Apr 2025"},
		{"exactly two points down", []any{50.0, 48.0}, "On-track share about the same over 2 months: 50% in Jan 2025, 48% in Feb 2025"},
		{"rise", []any{30.0, 35.0, 41.0}, "On-track share rose from 30% in Jan 2025 to 41% in Mar 2025"},
		{"fall", []any{60.0, 52.5}, "On-track share fell from 60% in Jan 2025 to 53% in Feb 2025"},
		{"missing months skipped", []any{nil, 30.0, nil, 38.0}, "On-track share rose from 30% in Feb 2025 to 38% in Apr 2025"},
		{"one month: no trend to state", []any{30.0}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &spec.Result{Columns: []string{"month", "on_track_pct"}}
			for i, v := range tt.values {
				res.Rows = append(res.Rows, []any{month(i + 1), v})
			}
			if got := trendHeadline(res, sep2026); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func ragRows(rows ...[]any) *spec.Result {
	res := &spec.Result{Columns: []string{"label", "green", "red", "judged"}}
	res.Rows = append(res.Rows, rows...)
	return res
}

func TestShareHeadline_ComparesSharesNotCounts(t *testing.T) {
	h := shareHeadline("mission")
	tests := []struct {
		name string
		res  *spec.Result
		want string
	}{
		{
			// M1 is the biggest and has the most red (87), but M3, small,
			// has the highest share red, and M2 the highest share green.
			name: "a small mission with the highest share red",
			res: ragRows(
				[]any{"M1 Kickstart economic growth", int64(150), int64(87), int64(300)}, // 29% red, 50% green
				[]any{"M2 Clean energy", int64(60), int64(20), int64(100)},               // 20% red, 60% green
				[]any{"M3 Take back our streets", int64(2), int64(6), int64(10)},         // 60% red, 20% green
			),
			want: "Highest share off track: M3 Take back our streets (60% red, 6 of 10); highest on track: M2 Clean energy (60%, 60 of 100)",
		},
		{
			name: "shares within two points are about the same",
			res: ragRows(
				[]any{"M1", int64(50), int64(30), int64(100)}, // 50% green, 30% red
				[]any{"M2", int64(26), int64(16), int64(50)},  // 52% green, 32% red
			),
			want: "On-track share about the same across every mission (50%–52%)",
		},
		{
			name: "groups with nothing to judge are left out",
			res: ragRows(
				[]any{"M1", int64(5), int64(0), int64(10)},
				[]any{"M4", int64(0), int64(0), int64(0)},
				[]any{"M5", int64(9), int64(0), int64(10)},
			),
			want: "No mission has commitments off track; M5 has the highest share on track (90%)",
		},
		{
			name: "one group",
			res:  ragRows([]any{"M1", int64(3), int64(1), int64(4)}),
			want: "M1: 75% on track, 25% off track (4 commitments judged)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h(tt.res, sep2026); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestChaseHeadline_CountsMonthsContractsSuppliers(t *testing.T) {
	// The list kept its first 2 rows of 5 (Total); the scope's totals come
	// on every row: 3+1+2+4+5 = 15 months, suppliers Acme, Build and Cole,
	// 2 contracts newest overdue within 31 days. Counting the rows held
	// would say 2 contracts, 4 months, 1 supplier.
	cols := []string{"supplier_name", "contract_ref", "months_missed", "newest_days_overdue", "scope_months_missed", "scope_suppliers", "scope_fresh_contracts"}
	res := &spec.Result{Columns: cols, Total: 5, Rows: [][]any{
		{"Acme", "C1", int64(3), int64(20), float64(15), int64(3), int64(2)},
		{"Acme", "C2", int64(1), int64(80), float64(15), int64(3), int64(2)},
	}}
	want := "15 overdue returns from 5 contracts of 3 suppliers; 2 contracts fell overdue in the last month"
	if got := chaseHeadline(res, sep2026); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// Nothing fresh: no clause about the last month.
	res = &spec.Result{Columns: cols, Rows: [][]any{{"Acme", "C1", int64(2), int64(50), float64(2), int64(1), int64(0)}}}
	if got, want := chaseHeadline(res, sep2026), "2 overdue returns from 1 contracts of 1 suppliers"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := chaseHeadline(&spec.Result{Columns: res.Columns}, sep2026); got != "No returns are overdue" {
		t.Errorf("empty: %q", got)
	}
}

func TestHighlightsHeadline_CountsEveryRowNotTheKept(t *testing.T) {
	res := &spec.Result{Columns: []string{"contract_ref"}, Total: 234, Rows: [][]any{{"C1"}, {"C2"}}}
	if got, want := highlightsHeadline(res, sep2026), "234 commitments delivered at or ahead of plan in September 2026"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	res.Total = 0 // not capped: the rows are all
	if got, want := highlightsHeadline(res, sep2026), "2 commitments delivered at or ahead of plan in September 2026"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSpec_ParamsByName(t *testing.T) {
	s := Spec()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := &spec.Spec{Params: params, Queries: []spec.Query{{Name: "q", SQL: "select $1"}}}
	if err := bad.Validate(); err == nil {
		t.Error("a numbered parameter was accepted")
	}
	bad = &spec.Spec{Params: params, Queries: []spec.Query{{Name: "q", SQL: "select $month"}}}
	if err := bad.Validate(); err == nil {
		t.Error("an undeclared parameter was accepted")
	}
}
