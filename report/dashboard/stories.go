package dashboard

import (
	"fmt"
	"time"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Stories for the forum (issue 20): the suppliers' own words behind the
// highlights, attributed, from sql/reports/stories.sql, which the board
// pack's Highlights sheet reads too. The words are the supplier's, so they
// are hostile text: the page escapes them, the workbook neutralises them.

// StoryChars is the longest a story's words run before they are cut at a
// word with "…": a sentence or two, read aloud at the forum.
const StoryChars = 200

// StoriesWith are the shared queries a stories list reads, in order: the
// highlights' floor, then the stories (sql/reports/stories.sql).
var StoriesWith = []string{"highlight_floor", "stories"}

// storiesBlock shows the suppliers' own words behind the highlights, for
// the forum: the words first, then who wrote them and when.
func storiesBlock() spec.Block {
	return spec.Block{ID: "stories", Kind: spec.Table, Query: "stories", Nav: "Stories", Title: "Stories for the forum", Limit: 5, Headline: storiesHeadline,
		Subtitle: "The suppliers' own notes (else their evidence) from their latest return, for the highlights above, most delivered first; cut at a word to a sentence or two", Columns: []spec.Column{
			{Name: "story", Label: "In the supplier's words", Format: spec.FormatText},
			{Name: "attribution", Label: "Who wrote it", Format: spec.FormatText},
			{Name: "evidence", Label: "Evidence given", Format: spec.FormatText},
			{Name: "measure_name", Label: "Commitment", Format: spec.FormatText},
			{Name: "delivered_to_date", Label: "Delivered to date", Format: spec.FormatNum, UnitFrom: "unit"},
		}}
}

// storiesHeadline counts every story in the view, not the rows kept.
func storiesHeadline(res *spec.Result, asOf time.Time) string {
	switch n := res.Count(); {
	case n == 0:
		return "No supplier wrote notes or evidence for the highlights by " + format.LongMonth(asOf)
	case n == 1:
		return "One highlight comes with the supplier's own words"
	default:
		return fmt.Sprintf("%s highlights come with the supplier's own words", count(float64(n)))
	}
}
