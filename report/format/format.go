// Package format is the one table of display formats (number, £, %, month,
// date) that both renderers use: the HTML dashboard shows a value with Text,
// and the Excel board pack gives its cell the number format Excel returns, so
// the two never label the same value differently.
package format

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Missing is what Text shows for a missing (nil, NaN or infinite) value.
const Missing = "–"

// Rule is how one spec.Format shows a number: as text (HTML, headlines) and
// as an Excel number format that displays the stored cell value the same way.
type Rule struct {
	Excel   string // Excel number format; "" leaves the cell General
	Numeric bool   // a number: right-aligned in tables
	text    func(x float64) string
}

// rules is the format table. Percentages on a 0–100 scale keep their stored
// value in Excel and show a literal % sign (0"%"), so the number in the cell
// is the number in the database; ratios (1 = 100%) use Excel's own 0%.
var rules = map[spec.Format]Rule{
	spec.FormatInt:   {Excel: "#,##0", Numeric: true, text: func(x float64) string { return GroupDigits(x, 0) }},
	spec.FormatNum:   {Excel: "#,##0.0", Numeric: true, text: func(x float64) string { return GroupDigits(x, 1) }},
	spec.FormatPct:   {Excel: `0"%"`, Numeric: true, text: func(x float64) string { return GroupDigits(x, 0) + "%" }},
	spec.FormatRatio: {Excel: "0%", Numeric: true, text: func(x float64) string { return GroupDigits(x*100, 0) + "%" }},
	spec.FormatGBP:   {Excel: `"£"#,##0`, Numeric: true, text: gbp},
	spec.FormatMonth: {Excel: "mmm yyyy"},
	spec.FormatDate:  {Excel: "d mmm yyyy"},
}

// Layouts of dates in text; they match the Excel formats above.
const (
	monthLayout = "Jan 2006"
	dateLayout  = "2 Jan 2006"
)

// Excel returns the Excel number format for f ("" for text or unknown).
func Excel(f spec.Format) string { return rules[f].Excel }

// Numeric reports whether f shows a number (right-aligned in tables).
func Numeric(f spec.Format) bool { return rules[f].Numeric }

// Text turns a query value into display text: int → "1,234"; num1 →
// "1,234.5"; pct (0–100) → "85%"; ratio (1 = 100%) → "95%"; gbp → "£1,234";
// month → "Apr 2026"; date → "30 Apr 2026"; nil → "–". Values of an
// unexpected type are shown plainly rather than dropped, so a mismatched
// format never hides data.
func Text(v any, f spec.Format) string {
	if t, ok := timeOf(v); ok {
		return timeText(t, f)
	}
	x, isNum := Float(v)
	if !isNum {
		return plainText(v)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Missing
	}
	if r, ok := rules[f]; ok && r.text != nil {
		return r.text(x)
	}
	// text, month, date or unknown formats applied to a number: show it as
	// it is, grouped when whole.
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return GroupDigits(x, 0)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// timeOf is v as a time when it is one, the zero time for nil.
func timeOf(v any) (time.Time, bool) {
	switch t := v.(type) {
	case nil:
		return time.Time{}, true
	case *time.Time:
		if t == nil {
			return time.Time{}, true
		}
		return *t, true
	case time.Time:
		return t, true
	}
	return time.Time{}, false
}

// timeText shows a month as "Apr 2026", any other date as "30 Apr 2026"
// and no time as Missing.
func timeText(t time.Time, f spec.Format) string {
	if t.IsZero() {
		return Missing
	}
	if f == spec.FormatMonth {
		return t.Format(monthLayout)
	}
	return t.Format(dateLayout)
}

// plainText shows a value that is not a number as it is; booleans as Yes
// or No.
func plainText(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case bool:
		if s {
			return "Yes"
		}
		return "No"
	}
	return fmt.Sprint(v)
}

// Month shows a month as "Apr 2026"; the long form is for headlines.
func Month(t time.Time) string { return t.Format(monthLayout) }

// LongMonth shows a month as "April 2026".
func LongMonth(t time.Time) string { return t.Format("January 2006") }

func gbp(x float64) string {
	s := GroupDigits(x, 0)
	if strings.HasPrefix(s, "-") {
		return "-£" + s[1:]
	}
	return "£" + s
}

// Float returns a numeric value as float64.
func Float(v any) (float64, bool) {
	switch n := rowset.Normalise(v).(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// GroupDigits rounds x half away from zero to dec decimals and groups the
// integer part in thousands: 1234.56, 1 → "1,234.6".
func GroupDigits(x float64, dec int) string {
	p := math.Pow(10, float64(dec))
	x = math.Round(x*p) / p
	if x == 0 {
		x = 0 // no "-0"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', dec, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if x < 0 {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	b.WriteString(frac)
	return b.String()
}

// Change is the change from prev to now as a KPI tile states it, in the
// unit of f: "+3 points" for shares (pct, ratio), "−12" for counts, "+£1,234"
// for £; "no change" when it rounds to nothing. ok is false when either
// value is missing (no previous month in the data): no change is shown.
func Change(now, prev any, f spec.Format) (text string, ok bool) {
	d, ok := ChangeValue(now, prev, f)
	if !ok {
		return "", false
	}
	if d == 0 {
		return "no change", true
	}
	sign := "+"
	if d < 0 {
		sign = "−" // a minus sign, not a hyphen
	}
	a := math.Abs(d)
	switch f {
	case spec.FormatPct, spec.FormatRatio:
		unit := " points"
		if a == 1 {
			unit = " point"
		}
		return sign + GroupDigits(a, 0) + unit, true
	case spec.FormatGBP:
		return sign + "£" + GroupDigits(a, 0), true
	}
	return sign + GroupDigits(a, 0), true
}

// ChangeValue is the change Change states, as the number an Excel cell
// holds under ChangeExcel: rounded as the text is (whole points for shares,
// whole units otherwise), so a cell and a tile never disagree.
func ChangeValue(now, prev any, f spec.Format) (float64, bool) {
	n, ok1 := Float(now)
	p, ok2 := Float(prev)
	if !ok1 || !ok2 || math.IsNaN(n-p) || math.IsInf(n-p, 0) {
		return 0, false
	}
	d := n - p
	if f == spec.FormatRatio {
		d *= 100
	}
	d = math.Round(d)
	if d == 0 {
		d = 0 // no "-0"
	}
	return d, true
}

// ChangeExcel is the Excel number format of a ChangeValue cell: signed,
// with "no change" for zero.
func ChangeExcel(f spec.Format) string {
	switch f {
	case spec.FormatPct, spec.FormatRatio:
		return `+0" points";-0" points";"no change"`
	case spec.FormatGBP:
		return `+"£"#,##0;-"£"#,##0;"no change"`
	}
	return `+#,##0;-#,##0;"no change"`
}

// ForUnit is the format of a figure in a column of mixed units, for a
// row whose unit code is unit: £ (GBP) as pounds, a count as a whole
// number; other units keep f. Only plain number formats change.
func ForUnit(f spec.Format, unit any) spec.Format {
	if f != spec.FormatNum && f != spec.FormatInt {
		return f
	}
	switch u, _ := unit.(string); u {
	case "GBP":
		return spec.FormatGBP
	case "count":
		return spec.FormatInt
	}
	return f
}
