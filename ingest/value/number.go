package value

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

const numberExpected = "a number such as 1,250 or £3,400.50"

// numberBody is the digits part once sign, brackets, £ and % are gone:
// either thousands-grouped digits (groups of exactly three, so a European
// "12,50" is rejected rather than read as 1250) with an optional fraction,
// or plain digits with an optional fraction and exponent (xlsx raw values
// are written like "1.5E-05").
var numberBody = regexp.MustCompile(`^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)$`)

// Number parses an amount or count: "1,234.50", "£1,234", "£ 3,400",
// "(1,200)" (accounting negative, -1200), "-5", "-£5", "£-5", "+5", "1.5E-05"
// and "45%" (45: the percent sign is only stripped, because percentages are
// kept on a 0–100 scale). Other currencies, "12abc", "TBC" and "1.2.3" are
// rejected; blank and "n/a"-style markers give ErrNoValue.
func Number(s string) (float64, error) {
	if IsNoValue(s) {
		return 0, ErrNoValue
	}
	bad := func(reason string) (float64, error) {
		return 0, &Error{Expected: numberExpected, Text: s, Reason: reason}
	}
	t := strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg = true
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	sign := func() bool {
		for _, m := range []string{"-", "\u2212", "+"} { // U+2212 is the typographic minus
			if strings.HasPrefix(t, m) {
				if neg {
					return false // "(-5)" or "--5": say no rather than guess
				}
				neg = m != "+"
				t = strings.TrimSpace(t[len(m):])
				break
			}
		}
		return true
	}
	if !sign() {
		return bad("")
	}
	pound := strings.HasPrefix(t, "£")
	if pound {
		t = strings.TrimSpace(strings.TrimPrefix(t, "£"))
		if !sign() {
			return bad("")
		}
	}
	if strings.HasSuffix(t, "%") {
		if pound {
			return bad("both £ and %")
		}
		t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	}
	if !numberBody.MatchString(t) {
		return bad("")
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
	if err != nil || math.IsInf(v, 0) {
		return bad("out of range")
	}
	if neg {
		v = -v
	}
	if v == 0 {
		v = 0 // no negative zero from "-0" or "(0)"
	}
	return v, nil
}
