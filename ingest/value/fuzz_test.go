package value

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkErr insists that every failure is either "no value" or a *Error whose
// message can be shown to a supplier.
func checkErr(t *testing.T, in string, err error) {
	t.Helper()
	if errors.Is(err, ErrNoValue) {
		if !IsNoValue(in) {
			t.Fatalf("%q: ErrNoValue for text that is not a no-value marker", in)
		}
		return
	}
	var ve *Error
	if !errors.As(err, &ve) || ve.Text != in {
		t.Fatalf("%q: error %v is not a *Error quoting the input", in, err)
	}
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1,234.50", "£1,234", "£ 3,400", "(1,200)", "-5", "45%", "1e3",
		"1.5E-05", "12abc", "TBC", "1.2.3", "n/a", "", "(£-5)", "1e400", "0x10", "NaN", "\u22127", "£",
		"007", "1.", ".5", "12.50", "£820.95", "85.5%", "£5%", "£", "%", "£-5", "£ 5", "99999999999999999999", "1000000000000.5", "N/A", "Not Applicable"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		v, err := Number(in)
		sameAsSlow(t, in, DecimalPoint, v, err)
		if err != nil {
			checkErr(t, in, err)
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Number(%q) = %v", in, v)
		}
		// Plain formatting of any accepted value must read back the same.
		back, err := Number(strconv.FormatFloat(v, 'f', -1, 64))
		if err != nil || back != v {
			t.Fatalf("Number(%q) = %v, but its plain form reads back as %v, %v", in, v, back, err)
		}
	})
}

// FuzzNumberDecimalComma: in a decimal-comma file no input panics or gives
// a non-finite number, and any accepted value written back with a decimal
// comma reads back the same, unless that form is one refused as ambiguous.
func FuzzNumberDecimalComma(f *testing.F) {
	for _, s := range []string{"12,5", "0,125", "1.234,56", "1 234,5", "1\u00a0234", "1.234", "1,234", "£11,435.15",
		"1,234,567", "1250.5", ",5", "5,", "(1.234,50)", "85,5%", "1.2.3", "1e3", "n/a", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// A column shown to write decimal commas reads what the file
		// refuses as ambiguous, and nothing else differently.
		if vs, err := NumberIn(in, DecimalCommaShown); err != nil {
			checkErr(t, in, err)
		} else if math.IsNaN(vs) || math.IsInf(vs, 0) {
			t.Fatalf("NumberIn(%q, DecimalCommaShown) = %v", in, vs)
		} else if vc, err := NumberIn(in, DecimalComma); err == nil && vc != vs {
			t.Fatalf("NumberIn(%q): %v in a file, %v in a column shown to write decimal commas", in, vc, vs)
		}
		v, err := NumberIn(in, DecimalComma)
		sameAsSlow(t, in, DecimalComma, v, err)
		if err != nil {
			checkErr(t, in, err)
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("NumberIn(%q) = %v", in, v)
		}
		plain := strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
		back, err := NumberIn(plain, DecimalComma)
		var ve *Error
		if errors.As(err, &ve) && ve.Reason == ReasonAmbiguousThree {
			return // 1,234 is refused whatever it came from
		}
		if err != nil || back != v {
			t.Fatalf("NumberIn(%q) = %v, but %q reads back as %v, %v", in, v, plain, back, err)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"2026-04-30", "2026-04-30T00:00:00", "30/04/2026", "30/4/2026",
		"30-Apr-2026", "30 April 2026", "46142", "46142.0", "31/02/2026", "04/30/2026",
		"99999999999999999999", "0", "1st May 26", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Date(in)
		if err != nil {
			checkErr(t, in, err)
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("Date(%q) = %v, not UTC midnight", in, d)
		}
		if d.Year() < minYear || d.Year() > maxYear {
			t.Fatalf("Date(%q) = %v, outside %d–%d", in, d, minYear, maxYear)
		}
		if back, err := Date(d.Format("2006-01-02")); err != nil || !back.Equal(d) {
			t.Fatalf("Date(%q) = %v, but its ISO form reads back as %v, %v", in, d, back, err)
		}
		p, err := Period(in)
		if err != nil || !p.Equal(time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("Date(%q) = %v, but Period gives %v, %v", in, d, p, err)
		}
	})
}

func FuzzPeriod(f *testing.F) {
	for _, s := range []string{"2026-04", "Apr 2026", "April 2026", "Apr-2026", "Apr-26", "04/2026",
		"4/2026", "2026/04", "2026-04-30", "46142", "2026-13", "Q1 2026", "2026", "n/a",
		"APR 2026", "2026-00", "31/08/2026", "31-08-2026", "31/02/2026", "00/01/2026", "1/08/2026x", "0000-01", "Foo 2026", "2026-4x", "sep 2026", "Oct 2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := Period(in)
		slow, serr := period(in, false)
		if !p.Equal(slow) || fmt.Sprint(err) != fmt.Sprint(serr) {
			t.Fatalf("Period(%q) = %v, %v; without the fast path %v, %v", in, p, err, slow, serr)
		}
		if err != nil {
			checkErr(t, in, err)
			return
		}
		if p.Day() != 1 || p.Location() != time.UTC || p.Hour() != 0 || p.Minute() != 0 || p.Second() != 0 || p.Nanosecond() != 0 {
			t.Fatalf("Period(%q) = %v, not the first of a month at UTC midnight", in, p)
		}
		if back, err := Period(p.Format("2006-01")); err != nil || !back.Equal(p) {
			t.Fatalf("Period(%q) = %v, but its ISO form reads back as %v, %v", in, p, back, err)
		}
	})
}

// sameAsSlow: the regexp-free fast path reads a number as the full rules do.
func sameAsSlow(t *testing.T, in string, d Decimals, v float64, err error) {
	t.Helper()
	slow, serr := numberIn(in, d, false)
	if v != slow || fmt.Sprint(err) != fmt.Sprint(serr) {
		t.Fatalf("NumberIn(%q, %v) = %v, %v; without the fast path %v, %v", in, d, v, err, slow, serr)
	}
}
