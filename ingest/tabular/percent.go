package tabular

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// IsPercent tells whether an xlsx cell (0-based column, row number as
// shown) has a percent number format, so its raw value 0.45 means 45%.
// The streaming reader does not expose styles, so this asks excelize for
// the one cell's style; excelize then holds that sheet in memory, which is
// why callers ask only for the few columns that can hold percentages.
// Always false for csv, where "45%" is already text.
func (f *File) IsPercent(sheet string, col, row int) bool {
	if f.xl == nil {
		return false
	}
	cell, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		return false
	}
	idx, err := f.xl.GetCellStyle(sheet, cell)
	if err != nil || idx == 0 {
		return false
	}
	if f.percentStyles == nil {
		f.percentStyles = map[int]bool{}
	}
	if p, ok := f.percentStyles[idx]; ok {
		return p
	}
	p := false
	if st, err := f.xl.GetStyle(idx); err == nil && st != nil {
		// Built-in formats 9 (0%) and 10 (0.00%), or any custom format with
		// a % outside quotes.
		p = st.NumFmt == 9 || st.NumFmt == 10
		if st.CustomNumFmt != nil && strings.Contains(unquoted(*st.CustomNumFmt), "%") {
			p = true
		}
	}
	f.percentStyles[idx] = p
	return p
}

// unquoted drops the quoted literal parts of a number format ("%" in
// `0" %"` is text, not a percent format).
func unquoted(format string) string {
	var b strings.Builder
	in := false
	for _, r := range format {
		if r == '"' {
			in = !in
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}
