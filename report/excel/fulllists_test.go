package excel

import (
	"testing"

	"github.com/nhs-hubs/svhub/report/spec"
)

// The All exceptions sheet holds each list up to fullListRows (20,000, as
// the Data sheet) and says where the rest are; the Exceptions sheet's note
// says whether the sheet holds them all. England's 117,364 off-track
// commitments made 6 of the national pack's 7 MB.
func TestFullLists_CappedWithTheRestInTheExport(t *testing.T) {
	s, _ := Pack()
	for _, name := range []string{"xl_off_track_all", "xl_chase_all", "xl_ended_short_all"} {
		var found bool
		for _, q := range s.Queries {
			if q.Name == name {
				found = true
				if q.Args["limit"] != 20_000 {
					t.Errorf("%s keeps %v rows, want 20000", name, q.Args["limit"])
				}
			}
		}
		if !found {
			t.Errorf("the pack has no query %s", name)
		}
	}
	block := func(id string) spec.Block {
		for _, b := range s.Blocks {
			if b.ID == id {
				return b
			}
		}
		t.Fatalf("no block %s", id)
		return spec.Block{}
	}
	// a list of 3 rows shown of a total of n (total_rows, as the query counts)
	listOf := func(n int64) *spec.Result {
		res := &spec.Result{Columns: []string{"contract_ref", "total_rows"}}
		for _, ref := range []string{"C1", "C2", "C3"} {
			res.Rows = append(res.Rows, []any{ref, n})
		}
		return res
	}
	for _, c := range []struct {
		block string
		total int64
		want  string
	}{
		{"xl_off_track", 30, "Showing the 3 most material of 30: all 30 are on the sheet All exceptions."},
		{"xl_off_track", 20_000, "Showing the 3 most material of 20,000: all 20,000 are on the sheet All exceptions."},
		{"xl_off_track", 117_364, "Showing the 3 most material of 117,364: the first 20,000 are on the sheet All exceptions, all 117,364 in the Parquet export (svhub export)."},
		// Top issues: at England the All exceptions sheet no longer holds every one
		{"xl_top_issues", 30, "The 3 most material of 30 off-track commitments; the sheet Exceptions shows more, and all 30 are on the sheet All exceptions."},
		{"xl_top_issues", 117_364, "The 3 most material of 117,364 off-track commitments; the sheet Exceptions shows more, and the first 20,000 are on the sheet All exceptions, all 117,364 in the Parquet export (svhub export)."},
		{"xl_chase", 18_206, "Showing the 3 longest overdue of 18,206 contracts: all 18,206 are on the sheet All exceptions, and each supplier's feedback workbook lists theirs."},
		{"xl_off_track_all", 3, ""}, // every row is on the sheet: no note
		{"xl_off_track_all", 117_364, "Showing the first 3 of 117,364: every one is in the Parquet export's commitment_status table (the reporting month's red rows; svhub export --out DIR)."},
		{"xl_chase_all", 20_001, "Showing the first 3 of 20,001: every overdue month is in the Parquet export's missing_returns table (one row per contract and month; svhub export --out DIR)."},
	} {
		if got := moreNote(block(c.block), listOf(c.total)); got != c.want {
			t.Errorf("%s of %d:\n got %q\nwant %q", c.block, c.total, got, c.want)
		}
	}
}
