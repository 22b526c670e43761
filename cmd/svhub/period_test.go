package main

import (
	"testing"
	"time"
)

func TestPeriodFlags_Parse(t *testing.T) {
	month := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		p        periodFlags
		from, to time.Time
		bad      bool
	}{
		{"none: the default", periodFlags{}, time.Time{}, time.Time{}, false},
		{"fy2025 is April 2025 to March 2026", periodFlags{period: "fy2025"}, month(2025, time.April), month(2026, time.March), false},
		{"upper case", periodFlags{period: "FY2024"}, month(2024, time.April), month(2025, time.March), false},
		{"from and to", periodFlags{from: "2025-01", to: "2025-12"}, month(2025, time.January), month(2025, time.December), false},
		{"not a year", periodFlags{period: "fy25"}, time.Time{}, time.Time{}, true},
		{"not fy", periodFlags{period: "2025"}, time.Time{}, time.Time{}, true},
		{"both forms", periodFlags{period: "fy2025", from: "2025-04"}, time.Time{}, time.Time{}, true},
		{"to before from", periodFlags{from: "2025-04", to: "2025-03"}, time.Time{}, time.Time{}, true},
		{"from alone", periodFlags{from: "2025-04"}, time.Time{}, time.Time{}, true},
		{"bad month", periodFlags{from: "April 2025", to: "2026-03"}, time.Time{}, time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, err := tt.p.parse()
			if (err != nil) != tt.bad {
				t.Fatalf("err = %v, want error %v", err, tt.bad)
			}
			if !tt.bad && (!from.Equal(tt.from) || !to.Equal(tt.to)) {
				t.Errorf("got %s to %s, want %s to %s", from, to, tt.from, tt.to)
			}
		})
	}
}
