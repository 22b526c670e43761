// Package termsafe shows supplier text on a terminal without letting it
// drive the terminal. Text such as "\x1b]0;pwned\x07" or "\x1b[2J" is kept
// in the database exactly as given; only what is printed is escaped, so a
// person sees the escape sequence instead of having their title changed or
// screen cleared, and Unicode bidi controls cannot reorder what they read.
package termsafe

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// unsafe reports whether r can move the cursor, change the terminal's state
// or reorder the text around it: C0 and C1 control characters, DEL, and the
// bidi embedding, override and isolate characters.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Text returns s with every unsafe character written as a visible escape:
// ESC as \x1b, CSI (U+009B) as \u009b, RIGHT-TO-LEFT OVERRIDE as \u202e.
// Bytes that are not UTF-8 are shown as \xff. Safe text comes back as is.
func Text(s string) string {
	if !needs(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needs(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			// Non-ASCII is usually a plain letter: look closer only then.
			for _, r := range s {
				if unsafe(r) || r == utf8.RuneError {
					return true
				}
			}
			return false
		}
	}
	return false
}

// JSON escapes, inside already-encoded JSON, the characters encoding/json
// leaves raw but a terminal acts on (C1 controls such as U+009B, DEL, bidi
// controls) as \uXXXX. The result decodes to the same values.
func JSON(b []byte) []byte {
	s := string(b)
	if !needs(s) {
		return b
	}
	var out strings.Builder
	for _, r := range s {
		if r >= 0x20 && unsafe(r) || r == 0x7f {
			fmt.Fprintf(&out, `\u%04x`, r)
			continue
		}
		out.WriteRune(r)
	}
	return []byte(out.String())
}

// IsTerminal tells whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
