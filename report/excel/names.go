package excel

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

const maxSheetName = 31

// sheetName turns a block title into a valid, unique sheet name: no
// []:*?/\ characters, no leading or trailing apostrophe, at most 31
// characters, unique regardless of case.
func (w *book) sheetName(title, id string) string {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			return ' '
		}
		if r < 0x20 {
			return ' '
		}
		return r
	}, title)
	clean = strings.Join(strings.Fields(clean), " ")
	clean = strings.Trim(clean, "' ")
	if clean == "" {
		clean = strings.Trim(id, "' ")
	}
	if clean == "" {
		clean = "Table"
	}
	clean = truncRunes(clean, maxSheetName)
	name := clean
	for n := 2; w.used[lower(name)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		name = strings.TrimRight(truncRunes(clean, maxSheetName-utf8.RuneCountInString(suffix)), "' ") + suffix
	}
	w.used[lower(name)] = true
	return name
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n]), " ")
}

func lower(s string) string { return strings.ToLower(s) }

// quoteSheet quotes a sheet name for use in a cell reference.
func quoteSheet(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
