// Package value turns the cell text of suppliers' returns into numbers,
// dates, months and yes/no answers. Suppliers type values by hand in many
// styles, so each parser accepts the forms people actually write and, when it
// cannot, says what it expected with an example and quotes what it got, so
// the message can go straight into a rejection report.
//
// Every parser trims surrounding whitespace (including non-breaking spaces)
// and returns ErrNoValue for a blank cell or a "no value" marker (see
// IsNoValue); whether that is acceptable is the caller's decision.
package value

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrNoValue reports a cell that deliberately holds no value: blank, or a
// marker such as "n/a" or "-". It is not zero.
var ErrNoValue = errors.New("no value")

// noValue lists the markers, compared case-insensitively after trimming.
// "none" and "nil" are deliberately absent: for a count such as apprentices
// started, "none" plausibly means zero, so guessing either way would be
// wrong; it is rejected instead so the supplier is asked. Excel's "#N/A" is
// a broken formula, not an answer, and is rejected too.
var noValue = map[string]bool{
	"":               true,
	"n/a":            true,
	"na":             true,
	"n.a.":           true,
	"n.a":            true,
	"not applicable": true,
	"-":              true,
	"–":              true, // en dash, which Word and Outlook substitute for "-"
	"—":              true, // em dash
}

// IsNoValue reports whether s is blank or a "no value" marker: "", "n/a",
// "na", "n.a.", "not applicable", "-", "–" or "—" (case-insensitive, after
// trimming whitespace including non-breaking spaces).
func IsNoValue(s string) bool {
	t := strings.TrimSpace(s)
	if t == "" {
		return true
	}
	if len(t) > len("not applicable") || (t[0] >= '0' && t[0] <= '9') {
		return false // every cell with a figure in it: no lower-casing
	}
	for _, m := range noValueList {
		if strings.EqualFold(t, m) {
			return true
		}
	}
	return false
}

// noValueList is noValue's keys: compared with EqualFold, which gives the
// same answer as lower-casing for these words, without a copy per cell.
var noValueList = func() []string {
	out := make([]string, 0, len(noValue))
	for k := range noValue {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}()

// Error is a value that could not be parsed. Its message reads
// `expected <Expected>, got "<text>"` so it can be shown to a supplier as is.
type Error struct {
	Expected string // what was wanted, with an example
	Text     string // the offending cell text, untrimmed
	Reason   string // optional detail, such as "no such day"
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("expected %s, got %q", e.Expected, truncate(e.Text, 60))
	if e.Reason != "" {
		msg += " (" + e.Reason + ")"
	}
	return msg
}

// truncate keeps an error readable when a whole paragraph was pasted into a
// numeric cell.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// Bool parses yes/no answers such as crp_published: yes/no, y/n, true/false
// and 1/0 (what an xlsx boolean cell holds raw), in any case.
func Bool(s string) (bool, error) {
	if IsNoValue(s) {
		return false, ErrNoValue
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1":
		return true, nil
	case "no", "n", "false", "0":
		return false, nil
	}
	return false, &Error{Expected: "yes or no", Text: s}
}
