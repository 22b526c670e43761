package dashboard

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// sameWithin is how many percentage points two shares may differ by and
// still be called "about the same": a point or two is noise in groups of a
// few dozen commitments.
const sameWithin = 2.0

// num reads a numeric cell; ok is false for NULL or a missing column.
func num(res *spec.Result, row []any, col string) (float64, bool) {
	i := res.Col(col)
	if i < 0 {
		return 0, false
	}
	return format.Float(row[i])
}

func text(res *spec.Result, row []any, col string) string {
	i := res.Col(col)
	if i < 0 || row[i] == nil {
		return ""
	}
	return format.Text(row[i], spec.FormatText)
}

func pct(x float64) string   { return format.Text(x, spec.FormatPct) }
func count(x float64) string { return format.Text(x, spec.FormatInt) }

// kpiHeadline: "44% of judgeable commitments on track in September 2026 (312 of 706)".
func kpiHeadline(res *spec.Result, asOf time.Time) string {
	if len(res.Rows) == 0 {
		return "No live commitments in " + format.LongMonth(asOf)
	}
	row := res.Rows[0]
	green, _ := num(res, row, "green")
	judged, _ := num(res, row, "judged")
	if judged == 0 {
		return "No commitments can be judged yet in " + format.LongMonth(asOf)
	}
	return fmt.Sprintf("%s of judgeable commitments on track in %s (%s of %s)",
		pct(100*green/judged), format.LongMonth(asOf), count(green), count(judged))
}

// shareHeadline compares groups by their shares, never their sizes: the
// biggest group has the most red commitments simply by being biggest. It
// names the group with the highest share off track and the one with the
// highest share on track, or says the shares are about the same.
func shareHeadline(dim string) func(*spec.Result, time.Time) string {
	return func(res *spec.Result, asOf time.Time) string {
		type group struct {
			label              string
			red, judged, green float64
		}
		var gs []group
		for _, row := range res.Rows {
			j, _ := num(res, row, "judged")
			if j == 0 {
				continue
			}
			r, _ := num(res, row, "red")
			g, _ := num(res, row, "green")
			gs = append(gs, group{text(res, row, "label"), r, j, g})
		}
		switch len(gs) {
		case 0:
			return ""
		case 1:
			g := gs[0]
			return fmt.Sprintf("%s: %s on track, %s off track (%s commitments judged)", g.label, pct(100*g.green/g.judged), pct(100*g.red/g.judged), count(g.judged))
		}
		worst, best := gs[0], gs[0]
		lowRed, highGreen, lowGreen := math.Inf(1), math.Inf(-1), math.Inf(1)
		for _, g := range gs {
			rs, gsh := g.red/g.judged, g.green/g.judged
			if rs > worst.red/worst.judged {
				worst = g
			}
			if gsh > best.green/best.judged {
				best = g
			}
			lowRed = math.Min(lowRed, 100*rs)
			highGreen = math.Max(highGreen, 100*gsh)
			lowGreen = math.Min(lowGreen, 100*gsh)
		}
		highRed := 100 * worst.red / worst.judged
		if highRed-lowRed <= sameWithin && highGreen-lowGreen <= sameWithin {
			return fmt.Sprintf("On-track share about the same across every %s (%s–%s)", dim, pct(lowGreen), pct(highGreen))
		}
		if highRed == 0 {
			return fmt.Sprintf("No %s has commitments off track; %s has the highest share on track (%s)", dim, best.label, pct(highGreen))
		}
		return fmt.Sprintf("Highest share off track: %s (%s red, %s of %s); highest on track: %s (%s, %s of %s)",
			worst.label, pct(highRed), count(worst.red), count(worst.judged), best.label, pct(highGreen), count(best.green), count(best.judged))
	}
}

// trendHeadline compares the first and last months' shares; a change of
// two points or less is "about the same", not a rise or a fall.
func trendHeadline(res *spec.Result, asOf time.Time) string {
	type point struct {
		month time.Time
		v     float64
	}
	var ps []point
	mi := res.Col("month")
	for _, row := range res.Rows {
		v, ok := num(res, row, "on_track_pct")
		m, isTime := row[mi].(time.Time)
		if ok && isTime {
			ps = append(ps, point{m, v})
		}
	}
	if len(ps) < 2 {
		return ""
	}
	first, last := ps[0], ps[len(ps)-1]
	months := fmt.Sprintf("%d months", len(ps))
	switch d := last.v - first.v; {
	case math.Abs(d) <= sameWithin:
		return fmt.Sprintf("On-track share about the same over %s: %s in %s, %s in %s", months, pct(first.v), format.Month(first.month), pct(last.v), format.Month(last.month))
	case d > 0:
		return fmt.Sprintf("On-track share rose from %s in %s to %s in %s", pct(first.v), format.Month(first.month), pct(last.v), format.Month(last.month))
	default:
		return fmt.Sprintf("On-track share fell from %s in %s to %s in %s", pct(first.v), format.Month(first.month), pct(last.v), format.Month(last.month))
	}
}

// chaseHeadline: "98 overdue returns from 40 contracts of 25 suppliers; 12 fell overdue in the last month".
func chaseHeadline(res *spec.Result, asOf time.Time) string {
	if len(res.Rows) == 0 {
		return "No returns are overdue"
	}
	// The list keeps its first rows only: the scope's totals come with
	// every row (the chase query's scope_* columns).
	row := res.Rows[0]
	months, _ := num(res, row, "scope_months_missed")
	suppliers, _ := num(res, row, "scope_suppliers")
	fresh, _ := num(res, row, "scope_fresh_contracts")
	s := fmt.Sprintf("%s overdue returns from %s contracts of %s suppliers", count(months), count(float64(res.Count())), count(suppliers))
	if fresh > 0 {
		s += fmt.Sprintf("; %s contracts fell overdue in the last month", count(fresh))
	}
	return s
}

// flagsHeadline counts the vague commitments, the hub's first failure mode,
// as the Overview does (a commitment with at least one vagueness flag), and
// the flags between them as flags: "51 vague commitments (no number or no
// real plan), 66 flags between them".
func flagsHeadline(res *spec.Result, asOf time.Time) string {
	var flags, silent, vague float64
	for _, row := range res.Rows {
		n, _ := num(res, row, "flagged")
		vague, _ = num(res, row, "vague_commitments")
		switch text(res, row, "flag") {
		case "no_target", "zero_target", "generic_plan", "no_delivery_plan":
			flags += n
		case "no_followthrough":
			silent += n
		}
	}
	if len(res.Rows) == 0 {
		return "No commitment-quality flags"
	}
	return fmt.Sprintf("%s vague commitments (no number or no real plan), with %s vagueness flags between them; %s contracts with no returns since award",
		count(vague), count(flags), count(silent))
}

// highlightsHeadline counts every commitment at or ahead of plan, not the
// rows the list keeps (Result.Count).
func highlightsHeadline(res *spec.Result, asOf time.Time) string {
	if len(res.Rows) == 0 {
		return "No commitments ahead of plan yet"
	}
	return fmt.Sprintf("%s commitments delivered at or ahead of plan in %s", count(float64(res.Count())), format.LongMonth(asOf))
}

// priorityHeadline: "4 of 8 ICS priorities fall short: 1 with no commitments, 3 behind plan".
func priorityHeadline(res *spec.Result, asOf time.Time) string {
	if len(res.Rows) == 0 {
		return "No ICS priorities loaded for this scope (load a priorities file to see where delivery falls short)"
	}
	n := map[string]int{}
	for _, row := range res.Rows {
		n[text(res, row, "gap")]++
	}
	var parts []string
	for _, g := range []struct{ gap, words string }{
		{"no commitments", "with no commitments"}, {"off track", "off track"}, {"behind", "behind plan"}, {"not yet judged", "not yet judged"},
	} {
		if n[g.gap] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[g.gap], g.words))
		}
	}
	short := n["no commitments"] + n["off track"] + n["behind"]
	if short == 0 && n["not yet judged"] == 0 {
		return fmt.Sprintf("All %d ICS priorities on track", len(res.Rows))
	}
	return fmt.Sprintf("%d of %d ICS priorities fall short: %s", short, len(res.Rows), strings.Join(parts, ", "))
}

// rejectionsHeadline: "8 rows rejected at load, from 6 suppliers; 2 could not be traced to a supplier".
func rejectionsHeadline(res *spec.Result, asOf time.Time) string {
	if len(res.Rows) == 0 {
		return "No rows rejected at load"
	}
	row := res.Rows[0]
	total, _ := num(res, row, "total_rows")
	untraced, _ := num(res, row, "untraced_rows")
	suppliers, _ := num(res, row, "suppliers")
	s := fmt.Sprintf("%s rejected at load", plural(total, "row"))
	if suppliers > 0 {
		s += fmt.Sprintf(", from %s", plural(suppliers, "supplier"))
	}
	if untraced > 0 {
		s += fmt.Sprintf("; %s could not be traced to a supplier", count(untraced))
	}
	return s
}

func plural(n float64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return count(n) + " " + word + "s"
}

// changedHeadline: "Since August 2026: 4 commitments newly red, 2 recovered,
// 12 returns newly overdue, 1 contract started, 3 ended".
func changedHeadline(res *spec.Result, asOf time.Time) string {
	prev := format.LongMonth(asOf.AddDate(0, -1, 0))
	if len(res.Rows) == 0 {
		return "Nothing changed since " + prev
	}
	row := res.Rows[0]
	words := map[string][2]string{
		"newly_red":     {"commitment newly red", "commitments newly red"},
		"recovered":     {"recovered", "recovered"},
		"newly_overdue": {"return newly overdue", "returns newly overdue"},
		"received_late": {"return received late", "returns received late"},
		"corrected":     {"correction that changed a figure", "corrections that changed a figure"},
		"new_flag":      {"new quality flag", "new quality flags"},
		"resolved_flag": {"flag resolved", "flags resolved"},
		"started":       {"contract started", "contracts started"},
		"ended":         {"ended", "ended"},
	}
	var parts []string
	for _, k := range changeKinds {
		n, _ := num(res, row, "n_"+k)
		if n == 0 {
			continue
		}
		w := words[k][1]
		if n == 1 {
			w = words[k][0]
		}
		parts = append(parts, count(n)+" "+w)
	}
	if len(parts) == 0 {
		return "Nothing changed since " + prev
	}
	return "Since " + prev + ": " + strings.Join(parts, ", ")
}

// periodHeadline names the period and the year before it, and says when
// either is partial: "April 2025 to March 2026 beside April 2024 to March
// 2025 (partial: data for 3 of its 12 months)".
func periodHeadline(res *spec.Result, asOf time.Time) string {
	if len(res.Rows) == 0 {
		return "No summed commitments in the period"
	}
	row := res.Rows[0]
	in, _ := num(res, row, "months_in_period")
	got, _ := num(res, row, "months_covered")
	prevGot, _ := num(res, row, "prev_months_covered")
	from, _ := row[res.Col("period_from")].(time.Time)
	to, _ := row[res.Col("period_to")].(time.Time)
	if from.IsZero() || to.IsZero() {
		return ""
	}
	partial := func(n float64) string {
		if n >= in {
			return ""
		}
		if n <= 0 {
			return " (no data)"
		}
		return fmt.Sprintf(" (partial: data for %s of its %s months)", count(n), count(in))
	}
	span := func(a, b time.Time) string { return format.LongMonth(a) + " to " + format.LongMonth(b) }
	toDate := ""
	if from.Month() == time.April && to.Sub(from) < 330*24*time.Hour && partial(got) == "" {
		toDate = " (the financial year to date)"
	}
	return span(from, to) + toDate + partial(got) + " beside " + span(from.AddDate(-1, 0, 0), to.AddDate(-1, 0, 0)) + partial(prevGot)
}
