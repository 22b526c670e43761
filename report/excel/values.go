package excel

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
)

const maxCellChars = 32767

// cellValue turns a query value into what goes into a cell: numbers stay
// numbers (float64 or int64), times stay times, bools stay bools, nil stays
// empty, and every string is made safe with cellsafe.Text and cut to Excel's
// 32,767-character limit.
func cellValue(v any) any {
	switch x := rowset.Normalise(v).(type) {
	case nil:
		return nil
	case string:
		return safeText(x)
	case float64, int64, bool, time.Time:
		return x
	case *time.Time:
		if x == nil {
			return nil
		}
		return *x
	case fmt.Stringer:
		return safeText(x.String())
	}
	return safeText(fmt.Sprint(v))
}

// number returns v as a float64 when it is numeric.
func number(v any) (float64, bool) {
	switch x := cellValue(v).(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func safeText(s string) string {
	s = cellsafe.Text(s)
	if len(s) > maxCellChars && utf8.RuneCountInString(s) > maxCellChars {
		r := []rune(s)
		s = string(r[:maxCellChars-1]) + "…"
	}
	return s
}

// isMidnight reports whether t has no time of day, so a date format fits.
func isMidnight(t time.Time) bool {
	h, m, s := t.Clock()
	return h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0
}

// displayLen estimates how wide a value is when shown with format f (and,
// for times, the Excel date format timeFm), for column widths.
func displayLen(v any, f spec.Format, timeFm string) int {
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		return utf8.RuneCountInString(x)
	case time.Time:
		if timeFm == "mmm yyyy" {
			return 8
		}
		if isMidnight(x) {
			return 11
		}
		return 17
	case bool:
		return 5
	case float64, int64:
		if format.Excel(f) != "" {
			return utf8.RuneCountInString(format.Text(x, f))
		}
		s := fmt.Sprint(x)
		return min(len(s), 11) // Excel's General shows up to 11 characters
	}
	return 10
}
