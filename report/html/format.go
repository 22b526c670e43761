package html

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

// Missing is what FormatValue shows for a missing (nil, NaN or infinite) value.
const Missing = "–"

// FormatValue turns a query value into display text according to a spec
// format: int → "1,234"; num1 → "1,234.5"; pct (0–100) → "85%"; ratio
// (1 = 100%) → "95%"; gbp → "£1,234"; month → "Apr 2026"; date →
// "30 Apr 2026"; nil → "–". Values of an unexpected type are shown plainly
// rather than dropped, so a mismatched format never hides data.
func FormatValue(v any, f spec.Format) string {
	if v == nil {
		return Missing
	}
	if t, ok := v.(time.Time); ok {
		if t.IsZero() {
			return Missing
		}
		if f == spec.FormatMonth {
			return t.Format("Jan 2006")
		}
		return t.Format("2 Jan 2006")
	}
	if t, ok := v.(*time.Time); ok {
		if t == nil {
			return Missing
		}
		return FormatValue(*t, f)
	}
	x, isNum := toFloat(v)
	if !isNum {
		switch s := v.(type) {
		case string:
			return s
		case bool:
			if s {
				return "Yes"
			}
			return "No"
		default:
			return fmt.Sprint(v)
		}
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Missing
	}
	switch f {
	case spec.FormatInt:
		return spec.GroupDigits(x, 0)
	case spec.FormatNum:
		return spec.GroupDigits(x, 1)
	case spec.FormatPct:
		return spec.GroupDigits(x, 0) + "%"
	case spec.FormatRatio:
		return spec.GroupDigits(x*100, 0) + "%"
	case spec.FormatGBP:
		s := spec.GroupDigits(x, 0)
		if strings.HasPrefix(s, "-") {
			return "-£" + s[1:]
		}
		return "£" + s
	default:
		// text, month, date or unknown formats applied to a number: show it
		// as it is, grouped when whole.
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return spec.GroupDigits(x, 0)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
}

// isNumericFormat reports whether a format shows a number (right-aligned).
func isNumericFormat(f spec.Format) bool {
	switch f {
	case spec.FormatInt, spec.FormatNum, spec.FormatPct, spec.FormatRatio, spec.FormatGBP:
		return true
	}
	return false
}

func toFloat(v any) (float64, bool) {
	switch n := spec.Normalise(v).(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	}
	return 0, false
}
