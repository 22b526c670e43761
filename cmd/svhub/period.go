package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-hubs/svhub/report/dashboard"
)

// periodFlags are --period, --from and --to: the period the financial-year
// view totals, beside the same months a year earlier.
type periodFlags struct {
	period, from, to string
}

const periodHelp = "financial year to total, fyYYYY: fy2025 is April 2025 to March 2026 (default: the reporting month's, to date)"

// parse turns the flags into the first and last months of the period
// (zero: the default). --period and --from/--to exclude each other.
func (p periodFlags) parse() (from, to time.Time, err error) {
	if p.period != "" {
		if p.from != "" || p.to != "" {
			return from, to, usageErr("--period %q: give either --period or --from/--to, not both", p.period)
		}
		y, ok := strings.CutPrefix(strings.ToLower(p.period), "fy")
		n, err := strconv.Atoi(y)
		if !ok || err != nil || len(y) != 4 {
			return from, to, usageErr("--period %q: expected a financial year as fyYYYY, e.g. fy2025 (April 2025 to March 2026)", p.period)
		}
		from, to = dashboard.FinancialYear(n)
		return from, to, nil
	}
	for _, f := range []struct {
		name, v string
		t       *time.Time
	}{{"--from", p.from, &from}, {"--to", p.to, &to}} {
		if f.v == "" {
			continue
		}
		t, err := time.Parse("2006-01", f.v)
		if err != nil {
			return from, to, usageErr("%s %q: expected a month as YYYY-MM, e.g. 2025-04", f.name, f.v)
		}
		*f.t = t
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, usageErr("--to %s is before --from %s", p.to, p.from)
	}
	if !from.IsZero() && to.IsZero() {
		return from, to, usageErr("--from %s: give --to as well", p.from)
	}
	return from, to, nil
}

// maxCommentary is the most characters an Excel cell holds.
const maxCommentary = 32767

// readCommentary reads the analyst's commentary file ("" when none).
func readCommentary(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read commentary file: %w", err)
	}
	if !utf8.Valid(b) {
		return "", usageErr("--commentary %s: not UTF-8 text (save it as UTF-8)", filepath.Base(path))
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	if n := utf8.RuneCountInString(s); n > maxCommentary {
		return "", usageErr("--commentary %s: %d characters, more than an Excel cell holds (%d)", filepath.Base(path), n, maxCommentary)
	}
	return s, nil
}
