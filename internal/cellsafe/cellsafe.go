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

// spaces are the characters unicode.IsSpace reports (Go's White_Space set),
// as an RE2 class: Text treats any run of them before '=', '+', '-' or '@'
// as leading whitespace.
const spaces = `\t\n\x{0B}\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}`

// SQL is Text as a SQL expression over the text expression expr, for
// outputs written by the database itself (DuckDB's COPY to CSV): the same
// texts get the same apostrophe. The export's tests compare the two.
func SQL(expr string) string {
	return "case when regexp_matches(" + expr + ", '^(?:[=+\\-@\\t\\r]|[" + spaces + "]+[=+\\-@])') then '''' || " + expr + " else " + expr + " end"
}
