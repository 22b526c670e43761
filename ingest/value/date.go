package value

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

const (
	dateExpected   = "a date such as 30/04/2026, 2026-04-30 or 30-Apr-2026"
	periodExpected = "a month such as 2026-04, Apr 2026 or 04/2026, or a quarter such as 2026-Q3 or Q3 2026/27"
)

// Excel serials outside this span are far more likely to be a count or an
// amount than a date, so they are rejected rather than silently turned into
// 1905 or 2300.
var (
	serialMin = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	serialMax = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var (
	// 2026-04-30, 2026/04/30, optionally with a time of day that is ignored.
	isoDate = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[tT ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?[zZ]?)?$`)
	// 30/04/2026, 30/4/2026, 30-04-2026, 30/04/26: always day first.
	ukDate = regexp.MustCompile(`^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$`)
	// 30-Apr-2026, 30 Apr 2026, 30 April 2026, 30th April 2026, 30-Apr-26.
	namedDate = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?[- ]+([a-z]+)\.?[- ,]+(\d{4}|\d{2})$`)
	serial    = regexp.MustCompile(`^\d+(?:\.\d+)?$`)

	// 2026-04, 2026/04.
	isoMonth = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})$`)
	// 04/2026, 4/2026, 04-2026.
	ukMonth = regexp.MustCompile(`^(\d{1,2})[/-](\d{4})$`)
	// Apr 2026, April 2026, Apr-2026, Apr-26 (how Excel's mmm-yy shows a month).
	namedMonth = regexp.MustCompile(`^([a-z]+)\.?[- ]+(\d{4}|\d{2})$`)

	// Calendar quarters: 2026-Q3, 2026 Q3, Q3 2026, Q3-2026.
	calQuarter = regexp.MustCompile(`^(?:(\d{4})[- ]?q([1-4])|q([1-4])[- ]?(\d{4}))$`)
	// NHS financial-year quarters: Q3 2026/27, Q3 26/27, 2026/27 Q3,
	// FY2026/27 Q3 (the year runs April to March; Q1 is April to June).
	fyQuarter = regexp.MustCompile(`^(?:q([1-4])[- ]+(?:fy ?)?(\d{4}|\d{2})[/-](\d{2}|\d{4})|(?:fy ?)?(\d{4}|\d{2})[/-](\d{2}|\d{4})[- ]+q([1-4]))$`)
)

// quarterMonth gives the month a quarter's return is filed under: its last
// month, when the quarter's delivery is complete. Calendar Q3 2026 is
// September 2026; NHS financial-year Q3 2026/27 (October to December 2026)
// is December 2026, and its Q4 is March 2027.
func quarterMonth(t string) (y, mon int, ok bool, reason string) {
	if m := calQuarter.FindStringSubmatch(t); m != nil {
		yr, q := m[1], m[2]
		if yr == "" {
			yr, q = m[4], m[3]
		}
		return atoi(yr), atoi(q) * 3, true, ""
	}
	if m := fyQuarter.FindStringSubmatch(t); m != nil {
		q, y1, y2 := m[1], m[2], m[3]
		if q == "" {
			q, y1, y2 = m[6], m[4], m[5]
		}
		start := year(y1)
		if year(y2)%100 != (start+1)%100 {
			return 0, 0, false, "a financial year runs over two consecutive years, such as 2026/27"
		}
		// Q1-Q3 end in June, September, December of the first year; Q4 in
		// March of the second.
		switch n := atoi(q); n {
		case 4:
			return start + 1, 3, true, ""
		default:
			return start, 3 + n*3, true, ""
		}
	}
	return 0, 0, false, ""
}

// Date parses a calendar date and returns midnight UTC of that day. Numeric
// dates are always read day first, as in the UK, so 04/05/2026 is 4 May;
// a US-style 04/30/2026 is rejected. Accepted: ISO 2026-04-30 (a time of day
// after it is ignored), 30/04/2026, 30/4/2026, 30-Apr-2026, 30 Apr 2026,
// 30 April 2026, two-digit years in the UK and month-name forms (26 is 2026),
// and Excel serials such as 46142 between 1990 and 2100 (1900 date system).
// Impossible dates such as 31/02/2026 are rejected.
func Date(s string) (time.Time, error) {
	if IsNoValue(s) {
		return time.Time{}, ErrNoValue
	}
	t := strings.ToLower(strings.TrimSpace(s))
	d, ok, reason := parseDate(t)
	if !ok {
		return time.Time{}, &Error{Expected: dateExpected, Text: s, Reason: reason}
	}
	return d, nil
}

// parseDate returns ok=false with an optional reason when t is not a date.
func parseDate(t string) (time.Time, bool, string) {
	if m := isoDate.FindStringSubmatch(t); m != nil {
		return ymd(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := ukDate.FindStringSubmatch(t); m != nil {
		return ymd(year(m[3]), atoi(m[2]), atoi(m[1]))
	}
	if m := namedDate.FindStringSubmatch(t); m != nil {
		mon, ok := months[m[2]]
		if !ok {
			return time.Time{}, false, ""
		}
		return ymd(year(m[3]), int(mon), atoi(m[1]))
	}
	if serial.MatchString(t) {
		return fromSerial(t)
	}
	return time.Time{}, false, ""
}

// Period parses the month a return is for and returns the first day of that
// month, midnight UTC: 2026-04, 2026/04, 04/2026, 4/2026, Apr 2026,
// April 2026, Apr-2026, Apr-26 (Excel's mmm-yy display, so 2026), any form
// Date accepts (the month containing that day, Excel serials included), or a
// quarter, filed under its last month (see quarterMonth): calendar 2026-Q3
// or Q3 2026, NHS financial year Q3 2026/27 or 2026/27 Q3.
func Period(s string) (time.Time, error) { return period(s, true) }

// period is Period; fast false skips the regexp-free fast path, so the
// tests can check the two read every text alike.
func period(s string, fast bool) (time.Time, error) {
	if IsNoValue(s) {
		return time.Time{}, ErrNoValue
	}
	if y, mon, ok := plainMonth(strings.TrimSpace(s)); ok && fast {
		if d, ok, _ := ymd(y, mon, 1); ok {
			return d, nil
		}
	}
	t := strings.ToLower(strings.TrimSpace(s))
	var (
		y, mon int
		found  bool
	)
	if qy, qm, ok, reason := quarterMonth(t); ok || reason != "" {
		if !ok {
			return time.Time{}, &Error{Expected: periodExpected, Text: s, Reason: reason}
		}
		y, mon, found = qy, qm, true
	} else if m := isoMonth.FindStringSubmatch(t); m != nil {
		y, mon, found = atoi(m[1]), atoi(m[2]), true
	} else if m := ukMonth.FindStringSubmatch(t); m != nil {
		y, mon, found = atoi(m[2]), atoi(m[1]), true
	} else if m := namedMonth.FindStringSubmatch(t); m != nil {
		if n, ok := months[m[1]]; ok {
			y, mon, found = year(m[2]), int(n), true
		}
	}
	if found {
		d, ok, reason := ymd(y, mon, 1)
		if !ok {
			return time.Time{}, &Error{Expected: periodExpected, Text: s, Reason: reason}
		}
		return d, nil
	}
	d, ok, reason := parseDate(t)
	if !ok {
		return time.Time{}, &Error{Expected: periodExpected, Text: s, Reason: reason}
	}
	return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC), nil
}

// Typed years outside this span are typos (0226 for 2026), not old records.
const minYear, maxYear = 1900, 2100

// ymd builds a date, rejecting out-of-range parts rather than letting
// time.Date normalise 31 February into 3 March.
func ymd(y, m, d int) (time.Time, bool, string) {
	if y < minYear || y > maxYear {
		return time.Time{}, false, "year out of range"
	}
	if m < 1 || m > 12 {
		return time.Time{}, false, "no such month"
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, false, "no such day"
	}
	return t, true, ""
}

func fromSerial(t string) (time.Time, bool, string) {
	const outside = "as an Excel date serial it is outside 1990–2100"
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v > 2958465 { // past 9999-12-31, Excel's last date
		return time.Time{}, false, outside
	}
	d, err := excelize.ExcelDateToTime(v, false)
	if err != nil {
		return time.Time{}, false, outside
	}
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if d.Before(serialMin) || d.After(serialMax) {
		return time.Time{}, false, outside
	}
	return d, true, ""
}

// year reads a 2- or 4-digit year; two digits mean 2000–2099, the only
// century a current contract can be in.
func year(s string) int {
	y := atoi(s)
	if len(s) == 2 {
		y += 2000
	}
	return y
}

// atoi is only called on strings the patterns above limited to a few digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// plainMonth reads, without a regexp or a lower-cased copy, the forms
// nearly every period cell has: 2026-04 (or 2026/04), Apr 2026 (any case)
// and a day such as 31/08/2026. Any other text, or a month name it does
// not know, is left to Period's full rules, which read these forms the
// same way.
func plainMonth(t string) (y, mon int, ok bool) {
	switch {
	case len(t) == 7 && (t[4] == '-' || t[4] == '/'):
		return yearMonth(t)
	case len(t) == 10 && dateSep(t[2]) && dateSep(t[5]):
		return dayMonthYear(t)
	case len(t) == 8 && t[3] == ' ':
		return monthNameYear(t)
	}
	return 0, 0, false
}

func dateSep(c byte) bool { return c == '/' || c == '-' }

// yearMonth reads 2026-04 or 2026/04.
func yearMonth(t string) (y, mon int, ok bool) {
	y, ok1 := digits(t[:4])
	m, ok2 := digits(t[5:])
	return y, m, ok1 && ok2
}

// dayMonthYear reads the month of a day such as 31/08/2026 (always day
// first), which must be a real day.
func dayMonthYear(t string) (y, mon int, ok bool) {
	d, ok1 := digits(t[:2])
	m, ok2 := digits(t[3:5])
	y, ok3 := digits(t[6:])
	if _, valid, _ := ymd(y, m, d); !valid {
		return 0, 0, false
	}
	return y, m, ok1 && ok2 && ok3
}

// monthNameYear reads Apr 2026, the month's short name in any case.
func monthNameYear(t string) (y, mon int, ok bool) {
	var name [3]byte
	for i := range name {
		c := t[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		name[i] = c
	}
	m, known := months[string(name[:])]
	y, ok = digits(t[4:])
	return y, int(m), known && ok
}

// digits reads a run of ASCII digits; ok is false for an empty run or any
// other character.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// dateTimeText: the text tabular.DateText gives a date-formatted xlsx
// cell ("2026-10-01", "07:30", "2026-10-01 12:00"), or a time of day typed
// into a csv ("7:30").
var dateTimeText = regexp.MustCompile(`^(?:\d{4}-\d{2}-\d{2}(?: \d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?)$`)

// DateLike tells whether text that is not a number is a date or a time of
// day, and which ("date" or "time"), so that a value column holding one is
// refused for what it is rather than as "not a number".
func DateLike(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if dateTimeText.MatchString(t) {
		if !strings.Contains(t, "-") {
			return "time", true
		}
		return "date", true
	}
	if serial.MatchString(t) {
		return "", false // a number, which Date would read as a serial
	}
	if _, err := Date(t); err == nil {
		return "date", true
	}
	return "", false
}
