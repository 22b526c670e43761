package excel

import (
	"fmt"
	"time"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

const (
	// chartAllTrusts is the most trusts the Summary's trust chart names
	// one by one; above it, the chart shows the chartTrusts lowest.
	chartAllTrusts = 30
	chartTrusts    = 20
)

// summarySheet is the board pack's first page: the dashboard's KPIs,
// mission chart and trend, with the RAG by ICS, the trust chart and the £
// by mission.
func summarySheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		packQuery("rag_by_ics", nil),
		packQuery("gbp_by_mission", nil),
		// The Summary's trust chart: every trust when a chart can name
		// them all, else the chartTrusts with the lowest share on track
		// (212 bars in a chart a page high are unreadable).
		packQuery("trust_chart", map[string]any{"all_trusts": chartAllTrusts, "lowest_trusts": chartTrusts}),
	)
	s.Blocks = append(s.Blocks,
		spec.Block{ID: "xl_rag_by_ics", Kind: spec.Bar, Query: "xl_rag_by_ics", X: "ics", Y: ragColumns, Colors: ragColours, Stack: true, Horizontal: true,
			Title: "Delivery by integrated care system", Subtitle: "Commitments by RAG status and ICS", YAxisName: "commitments"},
		spec.Block{ID: "xl_gbp_by_mission", Kind: spec.Bar, Query: "xl_gbp_by_mission", X: "mission", Horizontal: true,
			Y:      []spec.Column{{Name: "gbp", Label: "Social value delivered (£)", Format: spec.FormatGBP}},
			Colors: map[string]string{"gbp": "#005EB8"},
			Title:  "Social value delivered to date, £", Subtitle: "Delivered units × proxy £ per unit, by mission (source and year on the About sheet)", YAxisName: "£"},
		trustChart(s),
	)
	return Sheet{Name: SheetSummary, Blocks: []string{"kpis", "by_mission", "xl_rag_by_ics", "xl_trust_chart", "trend", "xl_gbp_by_mission"}}
}

// trustChart is the Summary's trust chart: the dashboard's, over
// xl_trust_chart. Its headline is the dashboard's when every trust is
// drawn; when only the lowest are, it says so (a "highest on track" among
// them would mislead).
func trustChart(s *spec.Spec) spec.Block {
	tc, _ := block(s, "by_trust")
	full := tc.Headline
	tc.ID, tc.Query = "xl_trust_chart", "xl_trust_chart"
	tc.Subtitle = fmt.Sprintf("On-track share by trust, best first; with over %d trusts, the %d lowest, lowest first (every trust: sheet By ICS and trust)",
		chartAllTrusts, chartTrusts)
	tc.Headline = func(res *spec.Result, asOf time.Time) string {
		if i := res.Col("trusts"); i >= 0 && len(res.Rows) > 0 {
			if n, ok := number(res.Rows[0][i]); ok && int(n) > len(res.Rows) {
				return fmt.Sprintf("The %d trusts with the lowest share of commitments on track, of %s", len(res.Rows), format.GroupDigits(n, 0))
			}
		}
		if full == nil {
			return ""
		}
		return full(res, asOf)
	}
	return tc
}
