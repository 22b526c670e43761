package value

import (
	"testing"
)

// Cells as returns hold them, the common forms first: what the number and
// period parsers meet on every row. For comparing a change with what was
// there before (go test -bench . -count 6, then benchstat).
var (
	benchNumbers = []string{"0", "61.2", "£1,714.58", "£439.88", "8", "0.4", "1.22", "45%", " 12 ", "(1,200)",
		"-5", "1.5E-05", "n/a", "12abc", "1,234,567.89", "0,125", "£ 3,400"}
	benchCommaNumbers = []string{"12,5", "1.234,5", "1 234", "0", "61,2", "1.234", "£11,435.15", "8"}
	benchPeriods      = []string{"2026-07", "Jul 2026", "31/07/2026", "July 2026", "07/2026", "2026-07-31", "Q2 2026/27", "46234"}
)

func BenchmarkNumber(b *testing.B) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, s := range benchNumbers {
			NumberIn(s, DecimalPoint)
		}
		for _, s := range benchCommaNumbers {
			NumberIn(s, DecimalComma)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkPeriod(b *testing.B) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, s := range benchPeriods {
			Period(s)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
