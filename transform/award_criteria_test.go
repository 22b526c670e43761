package transform_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
	"github.com/nhs-hubs/svhub/transform"
)

// The award-criteria level and honest wording, as seeded from domain.md:
//   - 2020: 17 Model Award Criteria (1.1, 2.1-2.3, 3.1-3.4, 4.1-4.2, 5.1-5.2,
//     6.1-6.3, 7.1, 8.1), all svhub's paraphrase (provisional); 2025: 1a-1e
//     under outcome 1, whose wording was checked (verified).
//   - measures link to their criterion where known: SVM25.1.3 -> 1c,
//     SVM25.1.4 -> 1d, SVM25.1.5 -> 1e, SVM20.6.3 -> MAC 6.2; SVM25.2.1 has
//     none recorded. No measure name is verified published text: all 53
//     are provisional, with official_text NULL.
//   - the crosswalk: SVM20.6.3 (in-work progression) -> M1 by its own row,
//     high confidence (criterion 1d is under Fair work); outcome 8 -> M3 is
//     the one low-confidence row.
func TestAwardCriteria_SeededWithWordingStatus(t *testing.T) {
	t.Parallel()
	db := openScenario2(t, nil)
	sameRows(t, "criteria by model and status", queryText(t, db, `select model, wording_status, count(*) from award_criteria group by all order by 1, 2`),
		[][]string{{"2020", "provisional", "17"}, {"2025", "verified", "5"}})
	sameRows(t, "labels", queryText(t, db, `select label, name, official_text from award_criteria where award_criterion in ('6.2', '1d') order by model`),
		[][]string{
			{"MAC 6.2", "In-work progression for disadvantaged or minority groups", ""},
			{"1d", "In-work progression to help people move into work by developing new skills", "In-work progression to help people move into work by developing new skills"},
		})
	sameRows(t, "measure links", queryText(t, db, `select measure_code, coalesce(award_criterion_label, ''), wording_status, coalesce(official_text, ''),
			mission, coalesce(mission_via, ''), coalesce(crosswalk_confidence, '')
		from measures where measure_code in ('SVM25.1.3', 'SVM25.1.4', 'SVM25.1.5', 'SVM25.2.1', 'SVM20.6.3', 'SVM20.8.1') order by 1`), [][]string{
		{"SVM20.6.3", "MAC 6.2", "provisional", "", "M1", "crosswalk", "high"},
		{"SVM20.8.1", "", "provisional", "", "M3", "crosswalk", "low"},
		{"SVM25.1.3", "1c", "provisional", "", "M1", "model", ""},
		{"SVM25.1.4", "1d", "provisional", "", "M1", "model", ""},
		{"SVM25.1.5", "1e", "provisional", "", "M1", "model", ""},
		{"SVM25.2.1", "", "provisional", "", "M1", "model", ""},
	})
	sameRows(t, "wording", queryText(t, db, `select count(*) filter (where wording_status = 'provisional'), count(*) from measures`), [][]string{{"53", "53"}})
	sameRows(t, "low-confidence crosswalk", queryText(t, db, `select coalesce(outcome_code_2020, ''), coalesce(measure_code, ''), mission from crosswalk where confidence = 'low'`),
		[][]string{{"8", "", "M3"}})
	sameRows(t, "every crosswalk row says why", queryText(t, db, `select count(*) from crosswalk where rationale is null or confidence is null`), [][]string{{"0"}})

	// rollup_status by award criterion, Feb 2028 (see rollup_mission.csv for
	// the commitments live then): B SVM25.1.3 (1c) green; C SVM20.6.2 (MAC
	// 6.1) green; the other eight have no criterion recorded: A SVM25.1.2,
	// B SVM25.2.1, B SVM25.3.1 green, C SVM20.8.1 amber, A SVM25.4.1 and
	// E's three grey.
	sameRows(t, "rollup by award criterion", queryText(t, db, `select key, label, commitments, green, amber, red, grey from rollup_status
		where level = 'award_criterion' and as_of = date '2028-02-01' order by key`), [][]string{
		{"2020 6.1", "MAC 6.1 Identify and tackle inequality in employment, skills and pay in the contract workforce (2020 model)", "1", "1", "0", "0", "0"},
		{"2025 1c", "1c Fair pay practices (2025 model)", "1", "1", "0", "0", "0"},
		{"none", "No award criterion recorded", "8", "3", "1", "0", "4"},
	})
}

// A hub's measures.csv with the official text of a measure replaces svhub's
// wording: the name shown becomes the official text and its status
// verified; its other measures stay provisional. The tree marks each.
func TestAwardCriteria_OfficialTextFromAFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openRules(t)
	b, err := sqlfiles.FS.ReadFile("seed/measures.csv")
	if err != nil {
		t.Fatal(err)
	}
	old := "SVM25.1.4,2025,1,In-work progression training hours,hours,sum,1d,,provisional,"
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("the seed has no %q", old)
	}
	b = bytes.Replace(b, []byte(old), []byte("SVM25.1.4,2025,1,In-work progression training hours,hours,sum,1d,Hours of in-work progression training (official),provisional,"), 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "measures.csv"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := transform.LoadTaxonomyDir(ctx, db, dir); err != nil {
		t.Fatal(err)
	}
	sameRows(t, "measures", queryText(t, db, `select measure_code, measure_name, wording_status from measures
		where measure_code in ('SVM25.1.3', 'SVM25.1.4') order by 1`), [][]string{
		{"SVM25.1.3", "Share of the contract workforce paid at least the Real Living Wage", "provisional"},
		{"SVM25.1.4", "Hours of in-work progression training (official)", "verified"},
	})
	var tree strings.Builder
	if err := transform.WriteTree(ctx, db, &tree); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"2025 model\n  Mission M1 Kickstart economic growth\n    Outcome 1: Fair work\n      1a Create and retain high-quality jobs [verified]\n" +
			"        SVM25.1.1 New or retained jobs on the contract workforce meeting the fair-work criteria (1b–1d) (FTE, sum) [svhub wording]\n      1b Fair working conditions [verified]\n",
		"      1d In-work progression to help people move into work by developing new skills [verified]\n        SVM25.1.4 Hours of in-work progression training (official) (hours, sum) [verified]\n",
		"      MAC 6.2 In-work progression for disadvantaged or minority groups [svhub wording]\n        SVM20.6.3 In-work progression training hours (hours, sum) [svhub wording] -> M1 by the crosswalk, high confidence\n",
		"    Outcome 2: Skills for growth\n      (no award criterion recorded)\n        SVM25.2.1 ",
	} {
		if !strings.Contains(tree.String(), want) {
			t.Errorf("tree lacks\n%s\n---\n%s", want, tree.String())
		}
	}

	t.Run("a measure naming an unknown criterion is refused", func(t *testing.T) {
		bad := bytes.Replace(b, []byte(",hours,sum,1d,Hours"), []byte(",hours,sum,1z,Hours"), 1)
		os.WriteFile(filepath.Join(dir, "measures.csv"), bad, 0o644)
		_, err := transform.LoadTaxonomyDir(ctx, db, dir)
		if err == nil || !strings.Contains(err.Error(), "measure SVM25.1.4 (1z) names an award criterion that is not in award_criteria.csv") {
			t.Errorf("got %v", err)
		}
	})
}
