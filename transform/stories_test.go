package transform_test

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/excel"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/nhs-hubs/svhub/report/spec"
)

// storyNote is S2's August note, 241 characters with the double space
// after "Eight": 240 once runs of spaces are one. Its 200th character ends
// "places" and the 201st is a space, so the story keeps "places" whole
// (200 characters), then "…"; had the spaces not been made one, "places"
// would run to 201 and be cut.
const storyNote = "Eight  apprentices started with us this year, three of them from the Riverside estate, and two have already passed their first-year assessment. We are working with the college to offer four more places in the spring term, subject to funding."

// hostileNote is S4's September note: a formula and a script.
const hostileNote = `=cmd|' /C calc'!A0 <script>alert(1)</script>`

// Stories for the forum, worked by hand. September 2026, one-year
// contracts from April (6 of 12 months due); apprenticeships (SVM25.1.2)
// £1,000 each, training hours (SVM25.1.4) no proxy.
//
//	S1 Alpha   1 apprenticeship, 1 delivered: expected 0.5, under the
//	           highlights' floor of one unit: no story, though it has a note.
//	S2 Beta    12 apprenticeships, 8 delivered (133%, £8,000); notes and
//	           evidence in August, nothing in September: August's words,
//	           the note cut at a word.
//	S3 Gamma   120 hours, 70 delivered (117%); a note in July, evidence
//	           only in September: the latest words are September's
//	           evidence, which tells the story (no evidence beside it).
//	S4 Delta   240 hours, 130 delivered (108%); the hostile note in
//	           September, short enough to stand whole.
//	S5 Epsilon 120 hours, 100 delivered (167%): no words, no story.
//	S6 Zeta    120 hours, 58 delivered of 60 (97%): green, but short of
//	           plan, so not a highlight: no story, though it has a note.
//
// In the highlights' order (£, then amount delivered): S2, S4, S3.
func TestStories_SuppliersWordsForTheForum(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
S1,Alpha Ltd,T01,100000,2026-04-01,2027-03-31,10
S2,Beta Ltd,T01,100000,2026-04-01,2027-03-31,10
S3,Gamma Ltd,T01,100000,2026-04-01,2027-03-31,10
S4,Delta Ltd,T01,100000,2026-04-01,2027-03-31,10
S5,Epsilon Ltd,T01,100000,2026-04-01,2027-03-31,10
S6,Zeta Ltd,T01,100000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target\nS1,SVM25.1.2,1\nS2,SVM25.1.2,12\nS3,SVM25.1.4,120\nS4,SVM25.1.4,240\nS5,SVM25.1.4,120\nS6,SVM25.1.4,120\n")
	writeFile(t, filepath.Join(dir, "proxy_values.csv"), "measure_code,gbp_per_unit,source,year\nSVM25.1.2,1000,test proxies,2026\n")
	words := map[string]string{ // contract and month: evidence,notes (CSV)
		"S1 2026-04": `,We hired one apprentice.`,
		"S2 2026-08": `Apprenticeship start forms,"` + storyNote + `"`,
		"S3 2026-07": `,An older note.`,
		"S3 2026-09": `Training attendance register,`,
		"S4 2026-09": `,"` + strings.ReplaceAll(hostileNote, `"`, `""`) + `"`,
		"S6 2026-09": `,Nearly there.`,
	}
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value,evidence,notes\n")
	for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"} {
		v := map[string]string{"S1": "0", "S2": "1", "S3": "10", "S4": "20", "S5": "10", "S6": "8"}
		if m == "2026-04" {
			v = map[string]string{"S1": "1", "S2": "3", "S3": "20", "S4": "30", "S5": "50", "S6": "18"}
		}
		for _, c := range []struct{ ref, measure string }{{"S1", "SVM25.1.2"}, {"S2", "SVM25.1.2"}, {"S3", "SVM25.1.4"}, {"S4", "SVM25.1.4"}, {"S5", "SVM25.1.4"}, {"S6", "SVM25.1.4"}} {
			w := words[c.ref+" "+m]
			if w == "" {
				w = ","
			}
			returns.WriteString(c.ref + "," + m + "," + c.measure + "," + v[c.ref] + "," + w + "\n")
		}
	}
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	db := ingestFolder(t, dir, today)

	cut := "Eight apprentices started with us this year, three of them from the Riverside estate, and two have already passed their first-year assessment. We are working with the college to offer four more places…"
	want := []string{
		cut + " | — Beta Ltd, S2, Aug 2026 | Apprenticeship start forms",
		hostileNote + " | — Delta Ltd, S4, Sep 2026 | ",
		"Training attendance register | — Gamma Ltd, S3, Sep 2026 | ",
	}
	rows := func(res *spec.Result) []string {
		var got []string
		for _, row := range res.Rows {
			ev, _ := row[res.Col("evidence")].(string)
			got = append(got, row[res.Col("story")].(string)+" | "+row[res.Col("attribution")].(string)+" | "+ev)
		}
		return got
	}

	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(r.Data["stories"]); !slices.Equal(got, want) {
		t.Errorf("dashboard stories:\n%q\nwant\n%q", got, want)
	}
	var page bytes.Buffer
	if err := html.Render(&page, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), "<script>alert(1)") {
		t.Error("the dashboard carries a supplier's <script> unescaped")
	}
	if !strings.Contains(page.String(), `id="block-stories"`) || !strings.Contains(page.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the dashboard has no Stories block telling S4's story, escaped")
	}

	s, layout := excel.Pack()
	pr, err := dashboard.Build(ctx, db, s, dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(pr.Data["xl_stories"]); !slices.Equal(got, want) {
		t.Errorf("board pack stories:\n%q\nwant\n%q", got, want)
	}
	path := filepath.Join(t.TempDir(), "pack.xlsx")
	if err := excel.WriteLayout(ctx, path, pr, layout); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cells, err := f.GetRows("Highlights")
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, row := range cells {
		for _, c := range row {
			if strings.Contains(c, "cmd|") {
				found = true
				if c != "'"+hostileNote {
					t.Errorf("the pack's story cell is %q, want the formula neutralised: %q", c, "'"+hostileNote)
				}
			}
		}
	}
	if !found {
		t.Error("the pack's Highlights sheet has no story from Delta Ltd")
	}
}

// TestStories_CutAtTheLimit: a story is cut to 200 characters at a word,
// with the punctuation before the cut dropped; a text with no space in its
// first 201 characters is cut inside its one long word. Two contracts, 12
// apprenticeships over April 2026 to March 2027, 3 in April and 1 a month
// since: 8 of 6 by September, ahead of plan, each with a September note.
//
//	U1 a 200-character link whose last character is a full stop, then
//	   " Thanks to all.": the 201st character is a space, so the whole link
//	   is kept, less its full stop (199 characters), then "…".
//	U2 250 "b"s and no space: the first 200, then "…".
func TestStories_CutAtTheLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	link := "https://evidence.example.org/" + strings.Repeat("a", 170) + "."
	long := strings.Repeat("b", 250)
	if len(link) != 200 {
		t.Fatalf("the link is %d characters, want 200", len(link))
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Riverside Hospitals,I01,Riverside ICS,R01,Test Region\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n"+
		"U1,Upsilon Ltd,T01,100000,2026-04-01,2027-03-31,10\nU2,Omega Ltd,T01,100000,2026-04-01,2027-03-31,10\n")
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target\nU1,SVM25.1.2,12\nU2,SVM25.1.2,12\n")
	var returns strings.Builder
	returns.WriteString("contract_ref,period,measure_code,value,evidence,notes\n")
	for _, ref := range []string{"U1", "U2"} {
		returns.WriteString(ref + ",2026-04,SVM25.1.2,3,,\n")
		for _, m := range []string{"2026-05", "2026-06", "2026-07", "2026-08"} {
			returns.WriteString(ref + "," + m + ",SVM25.1.2,1,,\n")
		}
	}
	returns.WriteString("U1,2026-09,SVM25.1.2,1,," + link + " Thanks to all.\n")
	returns.WriteString("U2,2026-09,SVM25.1.2,1,," + long + "\n")
	writeFile(t, filepath.Join(dir, "returns.csv"), returns.String())
	db := ingestFolder(t, dir, today)

	r, err := dashboard.Build(ctx, db, dashboard.Spec(), dashboard.Params{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Data["stories"]
	var got []string
	for _, row := range res.Rows {
		got = append(got, row[res.Col("contract_ref")].(string)+" "+row[res.Col("story")].(string))
	}
	slices.Sort(got)
	want := []string{"U1 " + link[:199] + "…", "U2 " + long[:200] + "…"}
	if !slices.Equal(got, want) {
		t.Errorf("stories:\n%q\nwant\n%q", got, want)
	}
}
