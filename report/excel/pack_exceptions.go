package excel

import (
	"fmt"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// The sheets of what needs the board's attention (Top issues, Exceptions,
// All exceptions) and of what is going well (Highlights).

const (
	// exceptionRows caps each exceptions list, so the pack stays a board
	// paper; the full lists are on the All exceptions sheet.
	exceptionRows = 25
	// topIssues is how many rows the first exceptions page lists: one A4
	// page with room for the analyst's action against each (the demo's
	// twelve, with long measure names, took two pages).
	topIssues = 8
)

// sheetAllExceptions holds the exception lists in full.
const sheetAllExceptions = "All exceptions"

// fullListRows is the most rows each list of the All exceptions sheet
// holds, as many as the Data sheet: a region's lists in full. England's
// 117,000 off-track commitments (6 MB of the 7 MB national pack, a file
// NHS mail would not pass) are left to the Parquet export, which the notes
// under the lists name (issue 24).
const fullListRows = dataMaxRows

// exportedAs names where a list's every row is: a table of the Parquet
// export, and which of its rows.
func exportedAs(table, rows string) string {
	return "the Parquet export's " + table + " table (" + rows + "; svhub export --out DIR)"
}

// listedOn fills a shortened list's {listed}: whether the All exceptions
// sheet holds every one of its total rows, or the first fullListRows and
// the export the rest.
func listedOn(total float64) string {
	if total <= fullListRows {
		return "all " + format.GroupDigits(total, 0) + " are on the sheet " + sheetAllExceptions
	}
	return "the first " + format.GroupDigits(fullListRows, 0) + " are on the sheet " + sheetAllExceptions + ", all " +
		format.GroupDigits(total, 0) + " in the Parquet export (svhub export)"
}

// The exception lists: the Exceptions sheet shows the first exceptionRows
// of each, the All exceptions sheet every row ($limit null). The off-track
// list reads the same report query as the dashboard's (reports/off_track.sql)
// and each list names a measure with its unit (reports/unit_words.sql).
func offTrackQuery(name string, limit any) spec.Query {
	return spec.Query{Name: name, File: "pack/off_track", With: []string{"off_track", "unit_words"}, Args: map[string]any{"limit": limit}}
}

func endedShortQuery(name string, limit any) spec.Query {
	return spec.Query{Name: name, File: "pack/ended_short", With: []string{"unit_words"}, Args: map[string]any{"limit": limit}}
}

// whoColumns lead every table of commitments; tables that share a sheet
// share its columns, so the same leading columns keep every table's widths
// sensible.
func whoColumns() []spec.Column {
	return []spec.Column{text("contract_ref", "Contract"), text("supplier_name", "Supplier"), text("measure", "Measure")}
}

// deliveryColumns are a commitment's target, delivery so far and RAG.
func deliveryColumns() []spec.Column {
	return []spec.Column{
		{Name: "target", Label: "Target", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "expected_to_date", Label: "Expected to date", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
		{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
		text("rag", "RAG"),
	}
}

// columns joins column lists into a new one.
func columns(lists ...[]spec.Column) []spec.Column {
	var out []spec.Column
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// topIssuesSheet lists the most material off-track commitments on one
// page, with a column for what the hub will do about each.
func topIssuesSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries, offTrackQuery("xl_top_issues", topIssues))
	s.Blocks = append(s.Blocks, spec.Block{ID: "xl_top_issues", Kind: spec.Table, Query: "xl_top_issues", Title: "The top issues, most material first",
		Subtitle: "Red commitments ranked by the £ of social value behind plan (where proxy values are loaded), then the contract's value a year",
		Text:     "The {shown} most material of {total} off-track commitments; the sheet Exceptions shows more, and {listed}.",
		Columns: []spec.Column{text("contract_ref", "Contract"), text("supplier_name", "Supplier"), text("measure_name", "Measure"),
			{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
			{Name: "value_gbp_per_year", Label: "Contract value a year", Format: spec.FormatGBP},
			{Name: "gbp_at_risk", Label: "£ behind plan", Format: spec.FormatGBP},
			text("action", "What the hub will do")}})
	return Sheet{Name: "Top issues", Title: "Top issues: what needs the board's attention",
		Intro:  "the most material off-track commitments, with what the hub will do about each (fill in the last column)",
		Blocks: []string{"xl_top_issues"}}
}

// The three exception lists the Exceptions sheet shortens and the All
// exceptions sheet holds in full.
func offTrackBlock() spec.Block {
	return spec.Block{ID: "xl_off_track", Kind: spec.Table, Query: "xl_off_track", Title: "Off-track commitments",
		Subtitle: "Live commitments delivering under {amber_min_pct} of what was expected by now, most material first (£ behind plan, then contract value a year)",
		Text:     "Showing the {shown} most material of {total}: {listed}.",
		Columns: columns(whoColumns(), deliveryColumns(), []spec.Column{
			{Name: "value_gbp_per_year", Label: "Contract value a year", Format: spec.FormatGBP},
			{Name: "gbp_at_risk", Label: "£ behind plan", Format: spec.FormatGBP}})}
}

func chaseBlock() spec.Block {
	return spec.Block{ID: "xl_chase", Kind: spec.Table, Query: "xl_chase", Title: "Chase list: overdue returns",
		Subtitle: "Contracts with months that have no return at all, past the due date (month end + grace days)",
		Text:     "Showing the {shown} longest overdue of {total} contracts: {listed}, and each supplier's feedback workbook lists theirs.",
		Columns: []spec.Column{text("contract_ref", "Contract"), text("supplier_name", "Supplier"),
			text("months", "Months with no return"), {Name: "months_missing", Label: "Months missing", Format: spec.FormatInt},
			{Name: "most_days_overdue", Label: "Most days overdue", Format: spec.FormatInt}, text("chased", "Chased (hub log)"), text("trust", "Trust")}}
}

func endedShortBlock() spec.Block {
	return spec.Block{ID: "xl_ended_short", Kind: spec.Table, Query: "xl_ended_short", Title: "Completed commitments that ended short",
		Subtitle: "Commitments whose term ended before this month, with their final status amber or red",
		Text:     "Showing the {shown} furthest short of {total}: {listed}.",
		Columns:  columns(whoColumns(), deliveryColumns(), []spec.Column{{Name: "ended", Label: "Ended", Format: spec.FormatMonth}})}
}

// exceptionsSheet shortens the off-track, chase and ended-short lists to
// exceptionRows each, beside the quality flags.
func exceptionsSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		offTrackQuery("xl_off_track", exceptionRows),
		packQuery("chase", map[string]any{"limit": exceptionRows}),
		packQuery("flags", nil),
		endedShortQuery("xl_ended_short", exceptionRows),
	)
	s.Blocks = append(s.Blocks,
		offTrackBlock(),
		chaseBlock(),
		spec.Block{ID: "xl_flags", Kind: spec.Table, Query: "xl_flags", Title: "Commitment quality flags",
			Subtitle: "Vague or generic commitments, no follow-through, low weighting, no Carbon Reduction Plan",
			Columns: append(flagColumns(), text("contract_refs", "Contracts"),
				spec.Column{Name: "flagged", Label: "Commitments or contracts flagged", Format: spec.FormatInt},
				spec.Column{Name: "contracts", Label: "Contracts", Format: spec.FormatInt})},
		endedShortBlock(),
	)
	return Sheet{Name: "Exceptions", Title: "Exceptions: what needs the board's attention", Blocks: []string{"xl_off_track", "xl_chase", "xl_flags", "xl_ended_short"}}
}

// allExceptionsSheet holds the Exceptions sheet's lists in full: the same
// tables, every row, for the screen.
func allExceptionsSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		offTrackQuery("xl_off_track_all", fullListRows),
		spec.Query{Name: "xl_chase_all", File: "pack/chase", Args: map[string]any{"limit": fullListRows}},
		endedShortQuery("xl_ended_short_all", fullListRows),
	)
	sh := Sheet{Name: sheetAllExceptions, Title: "Exceptions: the full lists", ScreenOnly: true,
		Intro: "every row of the lists the Exceptions sheet shortens; for use on screen (a printout shows the first rows only)"}
	for _, x := range []struct {
		b           spec.Block
		title, more string
	}{
		{offTrackBlock(), "Every off-track commitment", "every one is in " + exportedAs("commitment_status", "the reporting month's red rows")},
		{chaseBlock(), "Every contract with overdue returns", "every overdue month is in " + exportedAs("missing_returns", "one row per contract and month")},
		{endedShortBlock(), "Every completed commitment that ended short", "every one is in " + exportedAs("commitment_status", "each commitment's last month")},
	} {
		b := x.b
		// past fullListRows, the note under the list says where the rest is
		b.ID, b.Query, b.Title, b.Text = b.ID+"_all", b.ID+"_all", x.title, "Showing the first {shown} of {total}: "+x.more+"."
		s.Blocks = append(s.Blocks, b)
		sh.Blocks = append(sh.Blocks, b.ID)
	}
	return sh
}

// packStories is how many stories the Highlights sheet tells: a page of
// the forum's papers.
const packStories = 7

// highlightsSheet lists the suppliers with every commitment on track, the
// commitments that delivered most, and the stories their suppliers told.
func highlightsSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		packQuery("best_suppliers", nil),
		spec.Query{Name: "xl_best_commitments", File: "pack/best_commitments", With: []string{"highlight_floor", "unit_words"}},
		spec.Query{Name: "xl_stories", File: "pack/stories", With: dashboard.StoriesWith,
			Args: map[string]any{"story_chars": dashboard.StoryChars, "limit": packStories}},
	)
	s.Blocks = append(s.Blocks,
		spec.Block{ID: "xl_best_suppliers", Kind: spec.Table, Query: "xl_best_suppliers", Title: "Suppliers with every commitment on track",
			Subtitle: "At least two commitments that can be judged, all green; highest median delivery first (up to 15)",
			Columns: []spec.Column{text("supplier_name", "Supplier"), {Name: "contracts", Label: "Contracts", Format: spec.FormatInt},
				{Name: "judged", Label: "Commitments judged", Format: spec.FormatInt},
				{Name: "median_ratio", Label: "Median delivered ÷ expected", Format: spec.FormatRatio}}},
		spec.Block{ID: "xl_best_commitments", Kind: spec.Table, Query: "xl_best_commitments", Title: "Commitments that delivered most",
			Subtitle: "Green commitments that delivered most (£ of social value where proxy values are loaded, then the amount), expected to deliver at least one unit by now (up to 15)",
			Columns:  columns(whoColumns(), deliveryColumns())},
		spec.Block{ID: "xl_stories", Kind: spec.Table, Query: "xl_stories", Title: "Stories for the forum",
			Subtitle: fmt.Sprintf("The suppliers' own notes (else their evidence) from their latest return, for commitments delivered at or ahead of plan, most delivered first; cut at a word (up to %d)", packStories),
			Columns: []spec.Column{text("story", "In the supplier's words"), text("attribution", "Who wrote it"), text("evidence", "Evidence given"),
				text("measure_name", "Commitment"), {Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"}}},
	)
	return Sheet{Name: "Highlights", Title: "Highlights: what is going well", Blocks: []string{"xl_best_suppliers", "xl_best_commitments", "xl_stories"}}
}
