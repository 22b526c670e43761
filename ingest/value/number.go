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
// The first group may not start with 0: "0,125" and "00,123" are decimal
// commas or typos, never thousands.
var numberBody = regexp.MustCompile(`^(?:[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)$`)

// MaxMagnitude bounds every amount and count: no real return or contract
// comes near a million million, so a larger figure ("1e308", a pasted ID)
// is a mistake, and would sum to infinity or swamp every total.
const MaxMagnitude = 1e12

// MinMagnitude is the smallest non-zero amount read: no return is counted
// in billionths of a unit, while "1e-320" (a pasted exponent, a float
// printed by a script) would load as a subnormal number and print as 330
// characters in every summary. Zero itself is always read.
const MinMagnitude = 1e-9

// Reasons a number is refused, beyond "not a number".
const (
	ReasonAmbiguousComma = "ambiguous number: a comma is read as a thousands separator only in groups of three such as 1,234,567.89; if it is a decimal comma write a point (0.125)"
	ReasonTooLarge       = "larger than any real return (more than 1,000,000,000,000): check for a pasted reference or a stray exponent"
	ReasonBoolean        = "a yes/no answer is not a number: write the amount"
	ReasonTooSmall       = "smaller than any real return (less than 0.000000001 but not 0): check for a stray exponent such as e-320; write 0 if nothing was delivered"
)

// Decimals is how a file writes its decimal mark, which decides what a
// comma in a number means.
type Decimals int

const (
	// DecimalPoint: 1,234.50 (the UK; comma- and tab-separated files). A
	// comma is a thousands separator, only in well-formed groups.
	DecimalPoint Decimals = iota
	// DecimalComma: 1234,50, 1.234,50 or 1 234,50 (Excel in most of
	// Europe, whose "CSV" is separated by semicolons because the comma is
	// its decimal mark). A point or a space is a thousands separator, only
	// in well-formed groups; see NumberIn for the forms refused as ambiguous.
	DecimalComma
	// DecimalCommaShown: a decimal-comma file's column whose other values
	// show it writes decimals with a comma (12,5 or 1.234,5; see
	// Evidence), so the forms refused as ambiguous there are read that
	// way: 1,234 is 1.234 and 1.234 is 1234.
	DecimalCommaShown
)

// Evidence tells which decimal mark a number's text shows, if it shows
// one: a point after comma groups (1,500.00) or before other than three
// digits (1250.5) is a decimal point; a comma after point or space groups
// (1.500,00) or before other than three digits (12,5) is a decimal comma.
// 1,234 and 1.234 show nothing: they read a thousand times apart.
func Evidence(s string) (Decimals, bool) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(strings.TrimPrefix(t, "("), ")")
	t = strings.TrimLeft(t, "-+\u2212£ ")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	switch {
	case pointShown.MatchString(t):
		return DecimalPoint, true
	case commaShown.MatchString(t):
		return DecimalComma, true
	}
	return 0, false
}

var (
	pointShown = regexp.MustCompile(`^(?:[1-9]\d{0,2}(?:,\d{3})+\.\d+|\d+\.(?:\d{1,2}|\d{4,}))$`)
	commaShown = regexp.MustCompile(`^(?:[1-9]\d{0,2}(?:[. \x{00A0}\x{202F}]\d{3})+,\d+|\d+,(?:\d{1,2}|\d{4,}))$`)
)

// Number parses an amount or count: "1,234.50", "£1,234", "£ 3,400",
// "(1,200)" (accounting negative, -1200), "-5", "-£5", "£-5", "+5", "1.5E-05"
// and "45%" (45: the percent sign is only stripped, because percentages are
// kept on a 0–100 scale). Other currencies, "12abc", "TBC" and "1.2.3" are
// rejected; blank and "n/a"-style markers give ErrNoValue.
func Number(s string) (float64, error) { return NumberIn(s, DecimalPoint) }

const numberExpectedComma = "a number such as 1250,50 or £3.400,50"

// Reasons a number in a decimal-comma file is refused as ambiguous: each
// form could be read two ways a thousand times apart, so neither is guessed.
const (
	ReasonAmbiguousPoint = "ambiguous number: this file writes decimals with a comma (it is separated by semicolons), so a point before three digits may be a thousands separator (1.234 = 1234) or a decimal point (1.234 = 1 and a bit); write it with no thousands separator (1234), or with a decimal comma (1,234)"
	ReasonAmbiguousThree = "ambiguous number: this file writes decimals with a comma (it is separated by semicolons), but a comma before exactly three digits may also be a thousands separator (1,234 = 1234); write a whole number with no separator (1234), or a fraction with a fourth decimal (1,2340)"
)

// Decimal-comma forms, once sign, brackets, £ and % are gone: whole digits,
// or groups of three after a point or a space (1.234.567, 1 234 567; the
// first group not led by 0), optionally followed by a decimal comma.
var (
	commaBody     = regexp.MustCompile(`^(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:[ \x{00A0}\x{202F}]\d{3})+)?(?:,\d+)?$`)
	pointGrouped  = regexp.MustCompile(`^[1-9]\d{0,2}\.\d{3}$`)
	commaThousand = regexp.MustCompile(`^[1-9]\d{0,2},\d{3}$`)
	// UK groups that cannot be a decimal comma: a point after the groups,
	// or more than one comma (£11,435.15, 1,234,567).
	pointGroups = regexp.MustCompile(`^[1-9]\d{0,2}(?:,\d{3})+\.\d+$|^[1-9]\d{0,2}(?:,\d{3}){2,}$`)
)

// NumberIn parses a number written in a file whose decimal mark is d. With
// DecimalPoint it is Number. With DecimalComma it reads "12,5" as 12.5,
// "1.234,5" and "1 234,5" as 1234.5, "1 234" and "1.234.567" as whole
// numbers, and what can only be read one way as written: a point decimal
// that cannot be a thousands group ("1250.5", "0.125") and UK thousands
// groups that cannot be a decimal comma ("£11,435.15", "1,234,567"). It
// refuses, as ambiguous, the two forms that read a thousand times apart
// under the two conventions: "1.234" (one point group of three) and "1,234"
// (a comma before exactly three digits, the first not 0).
func NumberIn(s string, d Decimals) (float64, error) { return numberIn(s, d, true) }

// numberIn is NumberIn; fast false skips the regexp-free fast path, so the
// tests can check the two read every text alike.
func numberIn(s string, d Decimals, fast bool) (float64, error) {
	if IsNoValue(s) {
		return 0, ErrNoValue
	}
	t := strings.TrimSpace(s)
	if v, ok := plainNumber(t, d); ok && fast {
		return v, nil
	}
	v, reason, ok := readNumber(t, d)
	if !ok {
		expected := numberExpected
		if d != DecimalPoint {
			expected = numberExpectedComma
		}
		return 0, &Error{Expected: expected, Text: s, Reason: reason}
	}
	return v, nil
}

// readNumber reads trimmed text by the full rules, one step for each part
// of a number: what surrounds the digits, the decimal mark, the digits,
// the size. When it cannot, reason says why ("" for plainly not a number).
func readNumber(t string, d Decimals) (v float64, reason string, ok bool) {
	t, neg, reason, ok := unwrap(t)
	if !ok {
		return 0, reason, false
	}
	if d == DecimalComma || d == DecimalCommaShown {
		if t, reason, ok = fromDecimalComma(t, d); !ok {
			return 0, reason, false
		}
	}
	if !numberBody.MatchString(t) {
		return 0, notNumber(t), false
	}
	if v, reason = magnitude(t); reason != "" {
		return 0, reason, false
	}
	if neg {
		v = -v
	}
	if v == 0 {
		v = 0 // no negative zero from "-0" or "(0)"
	}
	return v, "", true
}

// unwrap takes off what may surround a number's digits: accounting
// brackets, a sign (before or after £), £ or %. neg tells whether the
// number is negative; ok is false, with a reason or none, when the
// wrapping itself is refused.
func unwrap(t string) (body string, neg bool, reason string, ok bool) {
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg = true
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if t, neg, ok = takeSign(t, neg); !ok {
		return "", false, "", false
	}
	pound := strings.HasPrefix(t, "£")
	if pound {
		t = strings.TrimSpace(strings.TrimPrefix(t, "£"))
		if t, neg, ok = takeSign(t, neg); !ok {
			return "", false, "", false
		}
	}
	if strings.HasSuffix(t, "%") {
		if pound {
			return "", false, "both £ and %", false
		}
		t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	}
	return t, neg, "", true
}

// signs a number may start with; U+2212 is the typographic minus.
var signs = []string{"-", "\u2212", "+"}

// takeSign takes a leading sign off t. A sign on a number already
// negative ("(-5)", "--5" after the first) is refused rather than guessed.
func takeSign(t string, neg bool) (string, bool, bool) {
	for _, m := range signs {
		if strings.HasPrefix(t, m) {
			if neg {
				return t, neg, false
			}
			return strings.TrimSpace(t[len(m):]), m != "+", true
		}
	}
	return t, neg, true
}

// fromDecimalComma rewrites a decimal-comma file's number in the form
// numberBody reads (1.234,5 becomes 1234.5), leaves UK thousands groups
// that cannot be a decimal comma as they are, and refuses the forms that
// read a thousand times apart under the two conventions (unless the
// column shows its decimal mark: DecimalCommaShown).
func fromDecimalComma(t string, d Decimals) (string, string, bool) {
	switch {
	case d == DecimalComma && pointGrouped.MatchString(t):
		return "", ReasonAmbiguousPoint, false
	case d == DecimalComma && commaThousand.MatchString(t):
		return "", ReasonAmbiguousThree, false
	case pointGroups.MatchString(t):
		return t, "", true // a UK number
	case t != "" && t != "," && commaBody.MatchString(t):
		return commaToPoint.Replace(t), "", true
	case strings.Contains(t, ","):
		return "", "", false
	}
	return t, "", true
}

// commaToPoint drops a decimal-comma number's thousands separators and
// makes its decimal comma a point.
var commaToPoint = strings.NewReplacer(".", "", " ", "", "\u00a0", "", "\u202f", "", ",", ".")

// notNumber says why text numberBody refuses is not a number, when there
// is more to say than that.
func notNumber(t string) string {
	switch {
	case strings.Contains(t, ","):
		return ReasonAmbiguousComma
	case isBoolText(t):
		return ReasonBoolean
	}
	return ""
}

// magnitude parses digits numberBody accepted, refusing a figure no return
// holds (beyond MaxMagnitude, or under MinMagnitude but not 0) with its
// reason.
func magnitude(t string) (float64, string) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v) > MaxMagnitude {
		if v != 0 && math.Abs(v) < MinMagnitude { // ParseFloat's range error for 1e-400
			return 0, ReasonTooSmall
		}
		return 0, ReasonTooLarge
	}
	if (v != 0 && math.Abs(v) < MinMagnitude) || (v == 0 && nonZeroMantissa(t)) {
		// 1e-400 underflows to 0 without an error: a figure was written.
		return 0, ReasonTooSmall
	}
	return v, ""
}

// nonZeroMantissa tells whether a number's digits before any exponent
// hold a figure other than 0.
func nonZeroMantissa(t string) bool {
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		t = t[:i]
	}
	return strings.ContainsAny(t, "123456789")
}

// isBoolText: the words a yes/no cell shows (Excel's TRUE and FALSE).
func isBoolText(t string) bool {
	switch strings.ToLower(t) {
	case "true", "false", "yes", "no", "y", "n":
		return true
	}
	return false
}

// plainNumber reads, without a regexp, the forms nearly every cell has:
// digits, after a £ or before a %, and with a decimal point (not in a
// decimal-comma file, where "1.234" is ambiguous) a fraction. Anything
// else, or a figure over MaxMagnitude, is left to NumberIn's full rules.
func plainNumber(t string, d Decimals) (float64, bool) {
	// £820.95 and 85.5% are read as their digits (a percentage stays on
	// its 0–100 scale), as the full rules read them.
	if rest, ok := strings.CutPrefix(t, "£"); ok {
		t = rest
	} else if rest, ok := strings.CutSuffix(t, "%"); ok {
		t = rest
	}
	if t == "" || len(t) > 20 || !plainDigits(t, d == DecimalPoint) {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v > MaxMagnitude || (v != 0 && v < MinMagnitude) {
		return 0, false
	}
	return v, true
}

// plainDigits tells whether t is digits, with one point between digits
// where point says a point is a decimal point.
func plainDigits(t string, point bool) bool {
	dot := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && point && !dot && i > 0 && i < len(t)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}
