package value

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestIsNoValue_Markers(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want bool
	}{
		{"empty", "", true},
		{"spaces", "   ", true},
		{"non-breaking space", "\u00a0", true},
		{"n/a", "n/a", true},
		{"N/A padded", " N/A ", true},
		{"na", "na", true},
		{"NA", "NA", true},
		{"n.a.", "n.a.", true},
		{"not applicable", "Not applicable", true},
		{"hyphen", "-", true},
		{"en dash", "–", true},
		{"em dash", "—", true},
		{"zero is a value", "0", false},
		{"none is not a marker", "none", false},
		{"excel #N/A is not a marker", "#N/A", false},
		{"double hyphen", "--", false},
		{"text", "TBC", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := IsNoValue(c.in); got != c.want {
				t.Errorf("IsNoValue(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestNumber_Accepted(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want float64
	}{
		{"plain integer", "12", 12},
		{"decimal", "0.45", 0.45},
		{"thousands and pence", "1,234.50", 1234.5},
		{"millions", "1,234,567", 1234567},
		{"pound", "£1,234", 1234},
		{"pound then space", "£ 3,400", 3400},
		{"pound with pence", "£3,400.50", 3400.5},
		{"surrounding spaces", "  12  ", 12},
		{"non-breaking spaces", "\u00a012\u00a0", 12},
		{"brackets negative", "(1,200)", -1200},
		{"brackets with pound", "(£1,200.50)", -1200.5},
		{"minus", "-5", -5},
		{"typographic minus", "\u22127", -7},
		{"plus", "+5", 5},
		{"minus before pound", "-£5", -5},
		{"minus after pound", "£-5", -5},
		{"percent", "45%", 45},
		{"percent with space", "45 %", 45},
		{"fractional percent", "12.5%", 12.5},
		{"bracketed percent", "(5%)", -5},
		{"leading point", ".5", 0.5},
		{"exponent", "1e3", 1000},
		{"xlsx raw exponent", "1.5E-05", 0.000015},
		{"minus zero is zero", "-0", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Number(c.in)
			if err != nil {
				t.Fatalf("Number(%q): %v", c.in, err)
			}
			if got != c.want {
				t.Errorf("Number(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestNumber_Rejected(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		{"trailing letters", "12abc"},
		{"to be confirmed", "TBC"},
		{"two points", "1.2.3"},
		{"european decimal comma", "12,50"},
		{"bad grouping", "1,2345"},
		{"dollar", "$5"},
		{"pound and percent", "£5%"},
		{"double minus", "--5"},
		{"minus inside brackets", "(-5)"},
		{"unclosed bracket", "(5"},
		{"overflow", "1e400"},
		{"infinity", "Inf"},
		{"not a number", "NaN"},
		{"hex", "0x10"},
		{"space as thousands separator", "1 234"},
		{"excel error", "#N/A"},
		{"none", "none"},
		{"trailing point", "5."},
		{"pound alone", "£"},
		{"percent alone", "%"},
		{"grouped with exponent", "1,234e3"},
		{"underscore", "1_000"},
		{"zero-led group is not thousands", "0,125"},
		{"double-zero group is not thousands", "00,123"},
		{"beyond any real return", "1e308"},
		{"just beyond the bound", "1000000000001"},
		{"boolean", "TRUE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Number(c.in)
			if err == nil {
				t.Fatalf("Number(%q) = %v, want an error", c.in, got)
			}
			var ve *Error
			if !errors.As(err, &ve) {
				t.Fatalf("Number(%q) error %v is not a *value.Error", c.in, err)
			}
			if !strings.HasPrefix(err.Error(), "expected a number such as 1,250 or £3,400.50, got ") {
				t.Errorf("Number(%q) error = %q", c.in, err)
			}
		})
	}
}

// The refusals that used to load a wrong number say why.
func TestNumber_RefusalReasons(t *testing.T) {
	cases := []struct{ in, reason string }{
		{"0,125", ReasonAmbiguousComma},
		{"00,123", ReasonAmbiguousComma},
		{"12,50", ReasonAmbiguousComma},
		{"1e308", ReasonTooLarge},
		{"-2e12", ReasonTooLarge},
		{"TRUE", ReasonBoolean},
		{"false", ReasonBoolean},
		// Issue 18: a subnormal loaded and printed as 330 characters.
		{"1e-320", ReasonTooSmall},
		{"-1e-320", ReasonTooSmall},
		{"1e-400", ReasonTooSmall},
		{"0.0000000001", ReasonTooSmall},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := Number(c.in)
			var ve *Error
			if !errors.As(err, &ve) || ve.Reason != c.reason {
				t.Errorf("Number(%q) = %v, want reason %q", c.in, err, c.reason)
			}
		})
	}
	if v, err := Number("0.000000001"); err != nil || v != MinMagnitude {
		t.Errorf("the lower bound itself: %v, %v", v, err)
	}
	if v, err := Number("0e-5"); err != nil || v != 0 {
		t.Errorf("zero written with an exponent is zero: %v, %v", v, err)
	}
	if v, err := Number("1,000,000,000,000"); err != nil || v != MaxMagnitude {
		t.Errorf("the bound itself: %v, %v", v, err)
	}
	if v, err := Number("1,234,567.89"); err != nil || v != 1234567.89 {
		t.Errorf("well-formed groups: %v, %v", v, err)
	}
}

func TestNumber_NoValue(t *testing.T) {
	for _, in := range []string{"", " ", "n/a", "N/A", "-", "–"} {
		t.Run(in, func(t *testing.T) {
			if _, err := Number(in); !errors.Is(err, ErrNoValue) {
				t.Errorf("Number(%q) error = %v, want ErrNoValue", in, err)
			}
		})
	}
}

func TestError_Message(t *testing.T) {
	t.Run("quotes the text", func(t *testing.T) {
		_, err := Number("TBC")
		want := `expected a number such as 1,250 or £3,400.50, got "TBC"`
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
	t.Run("gives a reason", func(t *testing.T) {
		_, err := Date("31/02/2026")
		want := `expected a date such as 30/04/2026, 2026-04-30 or 30-Apr-2026, got "31/02/2026" (no such day)`
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
	t.Run("truncates long text", func(t *testing.T) {
		_, err := Number(strings.Repeat("x", 100))
		want := `expected a number such as 1,250 or £3,400.50, got "` + strings.Repeat("x", 59) + `…"`
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
	t.Run("keeps the original spacing", func(t *testing.T) {
		_, err := Bool(" maybe ")
		want := `expected yes or no, got " maybe "`
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
}

func TestDate_Accepted(t *testing.T) {
	apr30 := day(2026, time.April, 30)
	cases := []struct {
		name string
		in   string
		want time.Time
	}{
		{"iso", "2026-04-30", apr30},
		{"iso with T midnight", "2026-04-30T00:00:00", apr30},
		{"iso with space midnight", "2026-04-30 00:00:00", apr30},
		{"iso with time ignored", "2026-04-30T13:45:10.5Z", apr30},
		{"iso with slashes", "2026/04/30", apr30},
		{"uk", "30/04/2026", apr30},
		{"uk single-digit month", "30/4/2026", apr30},
		{"uk hyphens", "30-04-2026", apr30},
		{"uk two-digit year", "30/04/26", apr30},
		{"day first when ambiguous", "04/05/2026", day(2026, time.May, 4)},
		{"day first single digits", "1/5/2026", day(2026, time.May, 1)},
		{"dd-mmm-yyyy", "30-Apr-2026", apr30},
		{"dd mmm yyyy", "30 Apr 2026", apr30},
		{"dd month yyyy", "30 April 2026", apr30},
		{"lower case", "30 april 2026", apr30},
		{"dd-MMM-yy", "30-APR-26", apr30},
		{"ordinal", "1st May 2026", day(2026, time.May, 1)},
		{"sept", "30 Sept 2026", day(2026, time.September, 30)},
		{"leap day", "29/02/2028", day(2028, time.February, 29)},
		{"padded", " 30/04/2026 ", apr30},
		{"excel serial", "46142", apr30},
		{"excel serial with .0", "46142.0", apr30},
		{"excel serial with time", "46142.75", apr30},
		{"excel serial lower bound", "32874", day(1990, time.January, 1)},
		{"excel serial upper bound", "73415", day(2100, time.December, 31)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Date(c.in)
			if err != nil {
				t.Fatalf("Date(%q): %v", c.in, err)
			}
			if !got.Equal(c.want) || got.Location() != time.UTC {
				t.Errorf("Date(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestDate_Rejected(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		{"31 february", "31/02/2026"},
		{"29 february in a common year", "29/02/2025"},
		{"us month first", "04/30/2026"},
		{"month 13", "2026-13-01"},
		{"31 april", "2026-04-31"},
		{"day 32", "32/01/2026"},
		{"day 0", "0/01/2026"},
		{"typo year", "30/04/0226"},
		{"unknown month name", "30 Foo 2026"},
		{"no year", "30-Apr"},
		{"month only", "Apr 2026"},
		{"serial before 1990", "32873"},
		{"serial after 2100", "73416"},
		{"small count", "12"},
		{"compact yyyymmdd", "20260430"},
		{"negative serial", "-46142"},
		{"dots", "30.04.2026"},
		{"word", "tomorrow"},
		{"huge serial", "99999999999999999999"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Date(c.in)
			if err == nil {
				t.Fatalf("Date(%q) = %v, want an error", c.in, got)
			}
			if !strings.HasPrefix(err.Error(), "expected a date such as 30/04/2026") {
				t.Errorf("Date(%q) error = %q", c.in, err)
			}
		})
	}
	t.Run("blank is no value", func(t *testing.T) {
		if _, err := Date(" "); !errors.Is(err, ErrNoValue) {
			t.Errorf("Date(blank) error = %v, want ErrNoValue", err)
		}
	})
}

func TestPeriod_Accepted(t *testing.T) {
	apr := day(2026, time.April, 1)
	cases := []struct {
		name string
		in   string
		want time.Time
	}{
		{"iso month", "2026-04", apr},
		{"iso month slash", "2026/04", apr},
		{"iso month single digit", "2026-4", apr},
		{"uk month", "04/2026", apr},
		{"uk month single digit", "4/2026", apr},
		{"uk month hyphen", "04-2026", apr},
		{"mmm yyyy", "Apr 2026", apr},
		{"month yyyy", "April 2026", apr},
		{"mmm-yyyy", "Apr-2026", apr},
		{"excel mmm-yy", "Apr-26", apr},
		{"upper case", "APR 2026", apr},
		{"sept", "Sept 2026", day(2026, time.September, 1)},
		{"december", "December 2025", day(2025, time.December, 1)},
		{"iso date", "2026-04-30", apr},
		{"iso datetime", "2026-04-30 00:00:00", apr},
		{"uk date", "30/04/2026", apr},
		{"named date", "30-Apr-2026", apr},
		{"first of month", "01/04/2026", apr},
		{"excel serial", "46142", apr},
		{"padded", "  Apr 2026 ", apr},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Period(c.in)
			if err != nil {
				t.Fatalf("Period(%q): %v", c.in, err)
			}
			if !got.Equal(c.want) || got.Location() != time.UTC {
				t.Errorf("Period(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestPeriod_Rejected(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		{"month 13", "2026-13"},
		{"uk month 13", "13/2026"},
		{"month 0", "00/2026"},
		{"quarter without a year", "Q1"},
		{"month name only", "Apr"},
		{"year only", "2026"},
		{"two-digit year numeric", "04/26"},
		{"unknown month", "Foo 2026"},
		{"impossible date", "31/02/2026"},
		{"too early", "1899-12"},
		{"words", "last month"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Period(c.in)
			if err == nil {
				t.Fatalf("Period(%q) = %v, want an error", c.in, got)
			}
			if !strings.HasPrefix(err.Error(), "expected a month such as 2026-04, Apr 2026 or 04/2026, or a quarter such as 2026-Q3 or Q3 2026/27, got ") {
				t.Errorf("Period(%q) error = %q", c.in, err)
			}
		})
	}
	t.Run("n/a is no value", func(t *testing.T) {
		if _, err := Period("n/a"); !errors.Is(err, ErrNoValue) {
			t.Errorf("Period(n/a) error = %v, want ErrNoValue", err)
		}
	})
}

func TestBool_Forms(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"yes", true}, {"Yes", true}, {"YES", true}, {"y", true}, {"Y", true},
		{"true", true}, {"TRUE", true}, {"1", true}, {" yes ", true},
		{"no", false}, {"No", false}, {"n", false}, {"N", false},
		{"false", false}, {"FALSE", false}, {"0", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := Bool(c.in)
			if err != nil || got != c.want {
				t.Errorf("Bool(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
		})
	}
	for _, in := range []string{"maybe", "2", "yes please", "ok"} {
		t.Run("rejects "+in, func(t *testing.T) {
			if _, err := Bool(in); err == nil || errors.Is(err, ErrNoValue) {
				t.Errorf("Bool(%q) error = %v, want a parse error", in, err)
			}
		})
	}
	for _, in := range []string{"", "n/a", "-"} {
		t.Run("no value "+in, func(t *testing.T) {
			if _, err := Bool(in); !errors.Is(err, ErrNoValue) {
				t.Errorf("Bool(%q) error = %v, want ErrNoValue", in, err)
			}
		})
	}
}

func TestPeriod_Quarters(t *testing.T) {
	cases := []struct {
		in   string
		want string // the month it is filed under, worked out by hand
	}{
		{"2026-Q3", "2026-09"},      // calendar Q3: Jul-Sep
		{"2026 Q1", "2026-03"},      // Jan-Mar
		{"Q4 2026", "2026-12"},      // Oct-Dec
		{"q2-2026", "2026-06"},      // Apr-Jun
		{"Q3 2026/27", "2026-12"},   // NHS FY 2026/27 Q3: Oct-Dec 2026
		{"Q1 2026/27", "2026-06"},   // Apr-Jun 2026
		{"Q4 2026/27", "2027-03"},   // Jan-Mar 2027
		{"Q2 26/27", "2026-09"},     // Jul-Sep 2026
		{"2025/26 Q4", "2026-03"},   // Jan-Mar 2026
		{"FY2026/27 Q3", "2026-12"}, // as a finance team writes it
		{"Q3 2026-27", "2026-12"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := Period(c.in)
			if err != nil {
				t.Fatalf("Period(%q): %v", c.in, err)
			}
			if got.Format("2006-01") != c.want {
				t.Errorf("Period(%q) = %s, want %s", c.in, got.Format("2006-01"), c.want)
			}
		})
	}
	for _, bad := range []string{"Q5 2026", "2026-Q0", "Q3 2026/28", "Q3"} {
		if got, err := Period(bad); err == nil {
			t.Errorf("Period(%q) = %v, want an error", bad, got)
		}
	}
}

// In a decimal-comma (semicolon-separated) file a comma is the decimal mark;
// a point or a space groups thousands, only in well-formed groups.
func TestNumberIn_DecimalCommaAccepted(t *testing.T) {
	cases := []struct {
		in   string
		want float64
	}{
		{"12,5", 12.5},
		{"0,125", 0.125},  // refused in a comma file; here an eighth
		{"00,123", 0.123}, // a leading zero is harmless before a decimal comma
		{"1234,50", 1234.5},
		{"1.234,56", 1234.56},
		{"1.234.567", 1234567}, // two points cannot be a decimal mark
		{"1.234.567,8", 1234567.8},
		{"1 234,5", 1234.5},
		{"1\u00a0234,5", 1234.5}, // no-break space, as Excel in France writes it
		{"1\u202f234", 1234},     // narrow no-break space
		{"12 345 678", 12345678},
		{",5", 0.5},
		{"£12,5", 12.5},
		{"(1.234,50)", -1234.5},
		{"-3,25", -3.25},
		{"85,5%", 85.5},
		{"12", 12},
		{"1250.5", 1250.5}, // a point decimal that cannot be a thousands group
		{"12.5", 12.5},
		{"0.125", 0.125},
		{"1.5E-05", 0.000015},
		// UK groups that cannot be a decimal comma, as a tool writing
		// semicolons with UK numbers does
		{"£11,435.15", 11435.15},
		{"1,234,567", 1234567},
		{"1,234,567.89", 1234567.89},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := NumberIn(c.in, DecimalComma)
			if err != nil {
				t.Fatalf("NumberIn(%q, DecimalComma): %v", c.in, err)
			}
			if got != c.want {
				t.Errorf("NumberIn(%q, DecimalComma) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

// The forms that read a thousand times apart under the two conventions are
// refused with a reason saying how to write them; nothing is guessed.
func TestNumberIn_DecimalCommaRefused(t *testing.T) {
	cases := []struct{ in, reason string }{
		{"1.234", ReasonAmbiguousPoint},   // 1234 or 1.234
		{"£1.250", ReasonAmbiguousPoint},  // £1250 or £1.25
		{"1,234", ReasonAmbiguousThree},   // 1.234 or 1234
		{"999,000", ReasonAmbiguousThree}, // 999 or 999000
		{"1,2345,678", ""},
		{"1,23.5", ""},
		{"12 34", ""},
		{"1.23,5", ""},
		{"5,", ""},
		{"1 234.5", ""},
		{"TBC", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			v, err := NumberIn(c.in, DecimalComma)
			var ve *Error
			if !errors.As(err, &ve) {
				t.Fatalf("NumberIn(%q, DecimalComma) = %v, %v; want a *value.Error", c.in, v, err)
			}
			if ve.Reason != c.reason {
				t.Errorf("NumberIn(%q) reason %q, want %q", c.in, ve.Reason, c.reason)
			}
			if !strings.HasPrefix(err.Error(), "expected a number such as 1250,50 or £3.400,50, got ") {
				t.Errorf("NumberIn(%q) error = %q", c.in, err)
			}
		})
	}
	// The comma-file rules stay as they were.
	for _, in := range []string{"12,5", "0,125"} {
		if _, err := NumberIn(in, DecimalPoint); err == nil {
			t.Errorf("NumberIn(%q, DecimalPoint) accepted a decimal comma", in)
		}
	}
	if v, err := NumberIn("1,234", DecimalPoint); err != nil || v != 1234 {
		t.Errorf("NumberIn(1,234, DecimalPoint) = %v, %v; want 1234", v, err)
	}
}

// TestEvidence_WhatANumberShowsOfItsDecimalMark: issue 18's "£1,500.00"
// shows a decimal point (comma groups, then a point); "£2,500" shows
// nothing (2500 or 2.5); "12,5" and "1.500,00" show a decimal comma.
func TestEvidence_WhatANumberShowsOfItsDecimalMark(t *testing.T) {
	cases := []struct {
		in    string
		shown bool
		d     Decimals
	}{
		{"£1,500.00", true, DecimalPoint},
		{"1,234,567.8", true, DecimalPoint},
		{"1250.5", true, DecimalPoint},
		{"0.125 ", false, 0}, // a point before three digits: 125 thousandths or 125
		{"(£1,500.00)", true, DecimalPoint},
		{"12,5", true, DecimalComma},
		{"1.500,00", true, DecimalComma},
		{"1 500,25", true, DecimalComma},
		{"-0,1250", true, DecimalComma},
		{"£2,500", false, 0},
		{"1.234", false, 0},
		{"2500", false, 0},
		{"TBC", false, 0},
	}
	for _, c := range cases {
		d, ok := Evidence(c.in)
		if ok != c.shown || (ok && d != c.d) {
			t.Errorf("Evidence(%q) = %v, %v; want %v, %v", c.in, d, ok, c.d, c.shown)
		}
	}
}

// TestNumberIn_DecimalCommaShown: in a column shown to write decimal
// commas, the two forms refused as ambiguous read that way.
func TestNumberIn_DecimalCommaShown(t *testing.T) {
	for in, want := range map[string]float64{"1,234": 1.234, "1.234": 1234, "12,5": 12.5, "1.234,5": 1234.5, "£2,500": 2.5, "7": 7} {
		if v, err := NumberIn(in, DecimalCommaShown); err != nil || v != want {
			t.Errorf("NumberIn(%q, DecimalCommaShown) = %v, %v; want %v", in, v, err, want)
		}
	}
}
