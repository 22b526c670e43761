// Package cellsafe neutralises spreadsheet formula injection ("CSV
// injection") in text that came from suppliers before it is written into an
// Excel or CSV output.
//
// Following the OWASP advice, text that a spreadsheet could read as a formula
// gets a leading apostrophe, so it is shown, never evaluated. Callers write
// real numbers as numbers: "-5" passed in here is text and is prefixed.
package cellsafe

import (
	"strings"
	"unicode"
)

// Text returns s with a leading apostrophe when s starts with '=', '+', '-',
// '@', a tab or a carriage return, or when one of '=', '+', '-', '@' follows
// leading whitespace. Everything else is returned unchanged.
func Text(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if t != "" && len(t) < len(s) {
		switch t[0] {
		case '=', '+', '-', '@':
			return "'" + s
		}
	}
	return s
}
