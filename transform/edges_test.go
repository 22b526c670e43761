package transform_test

import (
	"context"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// The edges scenario (testdata/scenarios/edges) holds the boundary cases the
// frequencies scenario does not reach: each is here because a one-character
// change to the SQL (a `>=` made `>`, an `and` made `or`, min made max; see
// sql-mutants) went unnoticed without it. Monitoring starts April 2027;
// today is 1 January 2028; the latest return is December 2027, so that is
// the reporting month. Settings are the defaults: green >= 0.95, amber >=
// 0.75, grace 30 days, no follow-through after 3 months, ahead of plan at
// 1.2.
//
//	Q  Apr–Aug 2027 (5 months), quarterly: a term that ends mid-quarter.
//	M  Jan–Dec 2027, monthly, let before monitoring began, no climate
//	   commitment, returns for a measure it never committed to.
//	N  from Oct 2027, no return at all by 1 Jan 2028 (exactly 3 months).
//	P  from 1 Apr 2024 exactly, £25,000 a year, no Carbon Reduction Plan;
//	   its one commitment is a 2020-model climate measure (outcome 4).
//	R  from 1 Apr 2023 exactly, £30m over 5 years (> £5m a year), no CRP.
//	S  Jun–Dec 2023, £5m in under a year: exactly £5m a year, no CRP.
//	(testdata/scenarios/rules has the carbon-plan and weighting rules' edges.)
func openEdges(t *testing.T) *store.DB {
	t.Helper()
	// two corrections: M's July SVM25.2.1 (6 -> 7) and M's December
	// SVM25.1.1 (4 "provisional" -> 7, without words)
	return openInboxAndLater(t, "../testdata/scenarios/edges", time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC),
		map[string]any{"svhub_monitoring_start": "2027-04"}, 2)
}

// sameRows compares query results with hand-worked rows cell by cell
// (numbers within 1e-6, "" for NULL).
func sameRows(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d\ngot:  %q\nwant: %q", what, len(got), len(want), got, want)
		return
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Errorf("%s row %d: %q, want %q", what, i+1, got[i], want[i])
			continue
		}
		for j := range want[i] {
			if !sameCell(want[i][j], got[i][j]) {
				t.Errorf("%s row %d: %q, want %q", what, i+1, got[i], want[i])
				break
			}
		}
	}
}

func TestEdges_HandWorked(t *testing.T) {
	t.Parallel()
	db := openEdges(t)

	t.Run("commitment_status", func(t *testing.T) {
		// Q SVM25.1.2 apprentices, sum, quarterly, target 10 over Apr–Aug
		// (5 months); returns May 3, Jun 4.
		//   May: no quarter complete -> expected 0 -> grey
		//   Jun: Apr–Jun complete -> 10*3/5 = 6; delivered 7 -> 1.166667 green
		//   Aug: the term ends mid-quarter, so the short Jul–Aug period is
		//        due at its last month: 10*5/5 = 10; 7/10 = 0.7 red (counting
		//        only whole quarters would say 6 and green)
		// Q SVM25.4.3 renewable %, latest, quarterly, target 50; Apr 40.
		//   May: no period due -> expected 0, grey (not 40/50)
		//   Jun and Aug: expected 50, latest 40 -> 0.8 amber
		// Q SVM25.3.5 sub-contracts, sum, quarterly, 2; Jun 2 -> Aug: 2*5/5
		//   = 2, delivered 2 -> 1.0 green
		// M SVM25.1.2, monthly, 12 over Jan–Dec 2027 (1 a month), judged from
		//   April; returns 1 a month May–Dec.
		//   Apr: 1 month due -> 1; delivered 0 -> ratio 0 red
		//   Dec: Apr–Dec 9 months -> 9; delivered 8 -> 0.888889 amber
		// M SVM25.1.1, 20 over 12 months: Sep 20*6/12 = 10, nothing yet -> 0
		//   red; Dec 20*9/12 = 15, delivered Oct 5 + Nov 6 + Dec 7 (the
		//   correction, not the provisional 4) = 18 -> 1.2 green
		// M SVM25.1.4, 12 over 12 months: Sep 6, 0 -> red; Dec 9, 15 -> 1.666667
		// N (Oct 2027–Sep 2028) at Dec, 3 months due, no returns:
		//   SVM25.4.1 sum, 12 -> expected 3, delivered 0 -> 0 red
		//   SVM25.1.3 latest, 90 -> expected 90, delivered NULL -> ratio 0 red
		// P SVM20.4.4 waste, 36 over Apr 2024–Mar 2028 (48 months), judged
		//   from Apr 2027: at Dec, Apr–Dec = 9 months -> 36*9/48 = 6.75;
		//   no returns -> 0 red
		want := [][]string{
			{"2027-05-01", "Q", "SVM25.1.2", "0", "3", "", "grey"},
			{"2027-06-01", "Q", "SVM25.1.2", "6", "7", "1.166667", "green"},
			{"2027-08-01", "Q", "SVM25.1.2", "10", "7", "0.7", "red"},
			{"2027-05-01", "Q", "SVM25.4.3", "0", "40", "", "grey"},
			{"2027-06-01", "Q", "SVM25.4.3", "50", "40", "0.8", "amber"},
			{"2027-08-01", "Q", "SVM25.4.3", "50", "40", "0.8", "amber"},
			{"2027-08-01", "Q", "SVM25.3.5", "2", "2", "1", "green"},
			{"2027-04-01", "M", "SVM25.1.2", "1", "0", "0", "red"},
			{"2027-12-01", "M", "SVM25.1.2", "9", "8", "0.888889", "amber"},
			{"2027-09-01", "M", "SVM25.1.1", "10", "0", "0", "red"},
			{"2027-12-01", "M", "SVM25.1.1", "15", "18", "1.2", "green"},
			{"2027-09-01", "M", "SVM25.1.4", "6", "0", "0", "red"},
			{"2027-12-01", "M", "SVM25.1.4", "9", "15", "1.666667", "green"},
			{"2027-12-01", "N", "SVM25.4.1", "3", "0", "0", "red"},
			{"2027-12-01", "N", "SVM25.1.3", "90", "", "0", "red"},
			{"2027-12-01", "P", "SVM20.4.4", "6.75", "0", "0", "red"},
		}
		var got [][]string
		for _, w := range want {
			r := queryText(t, db, `select as_of, contract_ref, measure_code, expected_to_date, delivered_to_date, delivery_ratio, rag
				from commitment_status where as_of = cast(? as date) and contract_ref = ? and measure_code = ?`, w[0], w[1], w[2])
			if len(r) != 1 {
				t.Fatalf("%d rows for %v", len(r), w[:3])
			}
			got = append(got, r[0])
		}
		sameRows(t, "commitment_status", got, want)

		// Rows run from the first judged month to the earlier of the last
		// month and the reporting month: Q Apr–Aug (5 each), M Apr–Dec (9
		// each: judged from monitoring start, not from January), N Oct–Dec (3),
		// P Apr–Dec (9); with the ICS of each contract's trust.
		sameRows(t, "rows", queryText(t, db, `select contract_ref, measure_code, ics_code, count(*), strftime(min(as_of), '%Y-%m'), strftime(max(as_of), '%Y-%m')
			from commitment_status group by all order by 1, 2`), [][]string{
			{"M", "SVM25.1.1", "I1", "9", "2027-04", "2027-12"},
			{"M", "SVM25.1.2", "I1", "9", "2027-04", "2027-12"},
			{"M", "SVM25.1.4", "I1", "9", "2027-04", "2027-12"},
			{"N", "SVM25.1.3", "I2", "3", "2027-10", "2027-12"},
			{"N", "SVM25.4.1", "I2", "3", "2027-10", "2027-12"},
			{"P", "SVM20.4.4", "I2", "9", "2027-04", "2027-12"},
			{"Q", "SVM25.1.2", "I1", "5", "2027-04", "2027-08"},
			{"Q", "SVM25.3.5", "I1", "5", "2027-04", "2027-08"},
			{"Q", "SVM25.4.3", "I1", "5", "2027-04", "2027-08"},
		})
	})

	t.Run("missing_returns", func(t *testing.T) {
		// Q reports quarterly: Apr–Jun has returns (Apr, May, Jun); Jul–Sep
		// is cut at the contract's end, so it ends in August: due 31 Aug + 30
		// = 30 Sep 2027; overdue on 1 Jan 2028 by 31 + 30 + 31 + 1 = 93 days.
		// M reports monthly; Jan–Mar ended before monitoring began (not
		// expected); April ends in the monitoring-start month itself, so it
		// is expected, and it has no return: due 30 Apr + 30 = 30 May 2027,
		// overdue 1 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 1 = 216 days. May–Dec
		// have returns.
		// N: Oct due 30 Nov (31 + 1 = 32 days), Nov due 30 Dec (2 days); Dec
		// is due 30 Jan, not yet.
		// ics_code: Q and M are trust T1's (I1), N is T2's (I2).
		sameRows(t, "missing_returns", queryText(t, db, `select contract_ref, period, period_end, frequency, due_date, days_overdue, ics_code
			from missing_returns where contract_ref in ('Q', 'M', 'N') order by 1, 2`), [][]string{
			{"M", "2027-04-01", "2027-04-01", "monthly", "2027-05-30", "216", "I1"},
			{"N", "2027-10-01", "2027-10-01", "monthly", "2027-11-30", "32", "I2"},
			{"N", "2027-11-01", "2027-11-01", "monthly", "2027-12-30", "2", "I2"},
			{"Q", "2027-07-01", "2027-08-01", "quarterly", "2027-09-30", "93", "I1"},
		})
		// P (monthly) and R (no commitments: monthly) miss every month from April to
		// November 2027: 8 each. S ended in 2023, before monitoring began.
		sameRows(t, "missing_returns P R S", queryText(t, db, `select contract_ref, count(*) from missing_returns
			where contract_ref in ('P', 'R', 'S') group by 1 order by 1`), [][]string{{"P", "8"}, {"R", "8"}})
	})

	t.Run("returns_due", func(t *testing.T) {
		// Q's two quarters, once each although Apr–Jun has four returns.
		sameRows(t, "returns_due", queryText(t, db, `select contract_ref, period, received, days_overdue
			from returns_due where contract_ref = 'Q' order by 2`), [][]string{
			{"Q", "2027-04-01", "true", ""},
			{"Q", "2027-07-01", "false", "93"},
		})
	})

	t.Run("contract_reporting", func(t *testing.T) {
		// One row per contract per month from the later of its first month
		// and monitoring start (Apr 2027) to the earlier of its last month
		// and the reporting month (Dec 2027):
		// M Apr–Dec (9; it started in January): April has no return, May–Dec
		//   do (8), so returned to date from May (8); last month December.
		// N Oct–Dec (3), P Apr–Dec (9): commitments, never a return.
		// Q Apr–Aug (5): returns in Apr, May, Jun (3), so returned to date
		//   in all 5; last month August.
		// R Apr–Dec (9): no commitments, no returns.
		// S ended in 2023, before monitoring began: no rows.
		sameRows(t, "contract_reporting", queryText(t, db, `select contract_ref, count(*), strftime(min(as_of), '%Y-%m'), strftime(max(as_of), '%Y-%m'),
				bool_and(has_commitments), count(*) filter (where returned_in_month), count(*) filter (where returned_to_date),
				count(*) filter (where is_last_month), any_value(ics_code)
			from contract_reporting group by 1 order by 1`), [][]string{
			{"M", "9", "2027-04", "2027-12", "true", "8", "8", "1", "I1"},
			{"N", "3", "2027-10", "2027-12", "true", "0", "0", "0", "I2"},
			{"P", "9", "2027-04", "2027-12", "true", "0", "0", "0", "I2"},
			{"Q", "5", "2027-04", "2027-08", "true", "3", "5", "1", "I1"},
			{"R", "9", "2027-04", "2027-12", "false", "0", "0", "0", "I2"},
		})
	})

	t.Run("commitment_flags", func(t *testing.T) {
		// M: only mission M1 measures (2025 model) -> no climate commitment;
		//    SVM25.2.1 returns for May and July, never committed (July's 6
		//    corrected to 7 is still one return) -> 2 return(s), May to July.
		// N: start 1 Oct 2027 + 3 months = 1 Jan 2028 = today, no return ->
		//    no follow-through (on the day itself).
		// The carbon-plan rules (sql/seed/rules.csv), by procurement date
		// (here the start date) and value a year:
		// P: procured 1 Apr 2024, £100,000 over 4 years = £25,000 a year:
		//    the NZC tier (£10k to under £5m), but its whole value is below
		//    the public-contracts threshold (£139,688), which until April
		//    2026 it must reach -> nothing needed (the old "every contract
		//    from April 2024 needs a CRP" was wrong).
		// R: procured 1 Apr 2023, £30m / (1826 days / 365.25) = £6,000,821 a
		//    year >= £5m -> needs a CRP, and crp_published is no.
		// S: procured Jun 2023, £5m in under a year = exactly £5m a year:
		//    "£5m and above" -> needs a CRP, crp_published no.
		// Climate (from 1 Apr 2022, a check): P's one commitment, SVM20.4.4,
		// is under 2020 outcome 4; R and S have no commitments; M only
		// mission M1 measures. P, R and S have no returns.
		// Q has a climate commitment (SVM25.4.3, mission M2), returns and a CRP.
		// ics_code: M's trust T1 is in I1; N, P, R and S are T2's, in I2.
		sameRows(t, "flags", queryText(t, db, `select contract_ref, measure_code, flag, detail, ics_code from commitment_flags order by 1, 2 nulls first, 3`), [][]string{
			{"M", "", "no_climate_commitment", "no commitment under the climate theme (2020 outcome 4 / 2025 mission M2); procured on 2027-01-01, when the NHS asks for the theme in every tender: ask whether climate was scored or written into the specification", "I1"},
			{"M", "SVM25.2.1", "uncommitted_returns", "2 return(s) for SVM25.2.1, which the contract did not commit to (2027-05 to 2027-07)", "I1"},
			{"N", "", "no_followthrough", "no return at all 3 months after the contract started", "I2"},
			{"P", "", "no_followthrough", "no return at all 3 months after the contract started", "I2"},
			{"R", "", "no_carbon_reduction_plan", "no Carbon Reduction Plan on record (carbon plan: none); procured on 2023-04-01 at £6000821 a year, at or above the £5000000 a year that needs one", "I2"},
			{"R", "", "no_climate_commitment", "no commitment under the climate theme (2020 outcome 4 / 2025 mission M2); procured on 2023-04-01, when the NHS asks for the theme in every tender: ask whether climate was scored or written into the specification", "I2"},
			{"R", "", "no_followthrough", "no return at all 3 months after the contract started", "I2"},
			{"S", "", "no_carbon_reduction_plan", "no Carbon Reduction Plan on record (carbon plan: none); procured on 2023-06-01 at £5000000 a year, at or above the £5000000 a year that needs one", "I2"},
			{"S", "", "no_climate_commitment", "no commitment under the climate theme (2020 outcome 4 / 2025 mission M2); procured on 2023-06-01, when the NHS asks for the theme in every tender: ask whether climate was scored or written into the specification", "I2"},
			{"S", "", "no_followthrough", "no return at all 3 months after the contract started", "I2"},
		})
	})

	t.Run("completed", func(t *testing.T) {
		// Ended before December 2027: Q (Aug) and S (2023). M ends in
		// December itself, so it is live in the reporting month.
		// Q's final month: SVM25.1.2 red 0.7, SVM25.4.3 amber 0.8, SVM25.3.5
		// green 1.0 -> 1 green of 3 judged = 33.333333%, median 0.8; no
		// proxy, no £.
		// S has no commitments: zeros, and nothing to divide or median.
		sameRows(t, "completed_commitments", queryText(t, db, `select as_of, contract_ref, measure_code, delivery_ratio, rag
			from completed_commitments order by 2, 3`), [][]string{
			{"2027-08-01", "Q", "SVM25.1.2", "0.7", "red"},
			{"2027-08-01", "Q", "SVM25.3.5", "1", "green"},
			{"2027-08-01", "Q", "SVM25.4.3", "0.8", "amber"},
		})
		sameRows(t, "completed_contracts", queryText(t, db, `select contract_ref, commitments, green, amber, red, grey, on_track_pct, median_ratio, social_value_gbp, ics_code
			from completed_contracts order by 1`), [][]string{
			{"Q", "3", "1", "1", "1", "0", "33.333333", "0.8", "", "I1"},
			{"S", "0", "0", "0", "0", "0", "", "", "", "I2"},
		})
	})

	t.Run("rollups", func(t *testing.T) {
		// August 2027, when Q, M and P are live (N starts in October). Each
		// commitment's status in August:
		//   Q SVM25.1.2 10 expected, 7 delivered, 0.7 red (its last month)
		//   Q SVM25.4.3 latest 40 of 50, 0.8 amber
		//   Q SVM25.3.5 2 of 2, 1.0 green
		//   M (12-month term, judged from April: Apr–Aug = 5 months due)
		//     SVM25.1.2 12*5/12 = 5, delivered May–Aug 4 -> 0.8 amber
		//     SVM25.1.1 20*5/12 = 8.333333, 0 -> red
		//     SVM25.1.4 12*5/12 = 5, 0 -> red
		//   P SVM20.4.4 36 over 48 months, Apr–Aug due -> 36*5/48 = 3.75, 0 -> red
		// rollup_measures, level all: one row per measure; sum measures add
		// target, expected and delivered (SVM25.1.2: Q + M = 10 + 12 = 22,
		// 10 + 5 = 15, 7 + 4 = 11 -> 11/15 = 0.733333); the latest measure
		// gives medians instead (one commitment: 40 and 50).
		sameRows(t, "rollup_measures", queryText(t, db, `select measure_code, commitments, green, judged, target, expected_to_date, delivered_to_date,
				delivery_ratio, median_latest_value, median_latest_target
			from rollup_measures where as_of = date '2027-08-01' and level = 'all' order by measure_code`), [][]string{
			{"SVM20.4.4", "1", "0", "1", "36", "3.75", "0", "0", "", ""},
			{"SVM25.1.1", "1", "0", "1", "20", "8.333333", "0", "0", "", ""},
			{"SVM25.1.2", "2", "0", "2", "22", "15", "11", "0.733333", "", ""},
			{"SVM25.1.4", "1", "0", "1", "12", "5", "0", "0", "", ""},
			{"SVM25.3.5", "1", "1", "1", "2", "2", "2", "1", "", ""},
			{"SVM25.4.3", "1", "0", "1", "", "", "", "", "40", "50"},
		})
		// rollup_status, level ics: I1 holds Q and M (6 commitments, 2
		// contracts): green 1 (Q SVM25.3.5), amber 2 (Q SVM25.4.3, M
		// SVM25.1.2), red 3 -> 1/6 = 16.666667% on track; ratios 0, 0, 0.7,
		// 0.8, 0.8, 1.0 -> median (0.7 + 0.8) / 2 = 0.75; contract value
		// 500000 + 1200000 = 1700000, once per contract. £ social value: M's
		// proxy-valued SVM25.1.1 and SVM25.1.4 have delivered nothing by
		// August -> £0, and 0 / 1700000 = 0 per £. I2 holds P: one red
		// commitment, 0%, median 0, £100000, no proxy -> no £.
		sameRows(t, "rollup_status", queryText(t, db, `select key, commitments, contracts, green, amber, red, grey, on_track_pct, median_ratio,
				social_value_gbp, contract_value_gbp, gbp_per_contract_gbp
			from rollup_status where as_of = date '2027-08-01' and level = 'ics' order by key`), [][]string{
			{"I1", "6", "2", "1", "2", "3", "0", "16.666667", "0.75", "0", "1700000", "0"},
			{"I2", "1", "1", "0", "0", "1", "0", "0", "0", "", "100000", ""},
		})
	})

	t.Run("priority_gaps", func(t *testing.T) {
		// Live at December: M (Leeds, I1) SVM25.1.2 amber 0.888889, SVM25.1.1
		// green 1.2, SVM25.1.4 green 1.666667; N (Bradford, I2) SVM25.4.1
		// red 0 and SVM25.1.3 red 0; P (Bradford, I2) SVM20.4.4 red 0.
		// I1 M1 (high): M's three -> 2 green, 1 amber, 66.666667% on track,
		//   median 1.2 -> on track; Leeds is I1's only area.
		// I2 2025 outcome 4 (medium): N SVM25.4.1 only. P's SVM20.4.4 is a
		//   2020 outcome 4 measure on a 2025-model contract: the measure's
		//   model decides its outcome, so it is not 2025 outcome 4. 1 red,
		//   median 0 -> off track (below 0.75).
		// I2 M2 by name (low): SVM25.4.1 (2025 outcome 4) and SVM20.4.4 (2020
		//   outcome 4, crosswalked to M2): 2 red over 2 contracts -> off track.
		// Bradford is I2's only area (N, P, R, S). £: proxies exist for
		// SVM25.1.1 (£100) and SVM25.1.4 (£10) only, so I1 M1 has 18*100 +
		// 15*10 = 1950 and I2 none. I2's trusts spell its name "Bradford ICS"
		// (T2) and "NHS Bradford ICS" (T3): one name per ICS, the first
		// alphabetically.
		// I9 (M3, low) is no ICS in organisations (a typo, say): it still
		// shows, unnamed, with no commitments, so the hub sees it.
		sameRows(t, "priority_gaps", queryText(t, db, `select ics_code, ics_name, level, local_area, target_kind, target_code, target_name, priority_rank,
				commitments, contracts, green, amber, red, grey, on_track_pct, median_ratio, social_value_gbp, gap
			from priority_gaps order by ics_code, priority_rank, level, local_area`), [][]string{
			{"I1", "West Yorkshire ICS", "ics", "", "mission", "M1", "Kickstart economic growth", "1", "3", "1", "2", "1", "0", "0", "66.666667", "1.2", "1950", "on track"},
			{"I1", "West Yorkshire ICS", "local_area", "Leeds", "mission", "M1", "Kickstart economic growth", "1", "3", "1", "2", "1", "0", "0", "66.666667", "1.2", "1950", "on track"},
			{"I2", "Bradford ICS", "ics", "", "outcome", "2025.4", "Sustainable procurement practices", "2", "1", "1", "0", "0", "1", "0", "0", "0", "", "off track"},
			{"I2", "Bradford ICS", "local_area", "Bradford", "outcome", "2025.4", "Sustainable procurement practices", "2", "1", "1", "0", "0", "1", "0", "0", "0", "", "off track"},
			{"I2", "Bradford ICS", "ics", "", "mission", "M2", "Make Britain a clean energy superpower", "3", "2", "2", "0", "0", "2", "0", "0", "0", "", "off track"},
			{"I2", "Bradford ICS", "local_area", "Bradford", "mission", "M2", "Make Britain a clean energy superpower", "3", "2", "2", "0", "0", "2", "0", "0", "0", "", "off track"},
			{"I9", "", "ics", "", "mission", "M3", "Take back our streets", "3", "0", "0", "0", "0", "0", "0", "", "", "", "no commitments"},
		})
	})

	t.Run("highlights", func(t *testing.T) {
		// Ahead of plan at December (ratio >= 1.2): M SVM25.1.1 at exactly
		// 1.2, with the words of its latest current return that has any:
		// December's correction has none (the superseded "provisional" does
		// not count), November has notes only -> notes "Six starters from
		// the Leeds hub", no evidence (October's evidence is older); and M
		// SVM25.1.4 at 1.666667, whose returns say nothing.
		// Most improved: Mill Co, September 0 green of 3 judged (0%) ->
		// December 2 of 3 (66.666667%): +66.666667. Nought plc has no
		// September rows; Quince Ltd ended in August.
		sameRows(t, "highlights", queryText(t, db, `select kind, supplier_name, contract_ref, measure_code, delivery_ratio,
			on_track_pct_before, on_track_pct_now, improvement_pct_points, evidence, notes
			from highlights order by kind, measure_code`), [][]string{
			{"ahead_of_plan", "Mill Co", "M", "SVM25.1.1", "1.2", "", "", "", "", "Six starters from the Leeds hub"},
			{"ahead_of_plan", "Mill Co", "M", "SVM25.1.4", "1.666667", "", "", "", "", ""},
			{"most_improved", "Mill Co", "", "", "", "0", "66.666667", "66.666667", "", ""},
		})
	})
}

// A median exactly at a threshold is at it, not below: with green and amber
// both at 1.2, I1's M1 priority (median 1.2, see TestEdges_HandWorked) is
// neither off track nor behind.
func TestEdges_PriorityGapAtThresholds(t *testing.T) {
	t.Parallel()
	db := openInboxAndLater(t, "../testdata/scenarios/edges", time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC),
		map[string]any{"svhub_monitoring_start": "2027-04", "svhub_rag_green_min": "1.2", "svhub_rag_amber_min": "1.2"}, 2)
	sameRows(t, "priority_gaps", queryText(t, db, `select level, median_ratio, gap from priority_gaps
		where ics_code = 'I1' order by level`), [][]string{
		{"ics", "1.2", "on track"},
		{"local_area", "1.2", "on track"},
	})
}

// Settings written in the settings table (no flag, variable or file) reach
// the views, and so do rules written in the rules table: monitoring from
// July 2027, and a Carbon Reduction Plan needed from £20,000 a year.
//   - M's April no longer ends inside monitoring (it ends before July), and
//     May–Dec have returns: M misses nothing. Q's Apr–Jun quarter ended in
//     June, before July: not expected; Jul–Aug still has no return. N as in
//     TestEdges_HandWorked (October and November).
//   - CRP: P (£25,000 a year) needs one now; R and S (£5m a year and more)
//     as before.
func TestEdges_SettingsFromTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openInboxAndLater(t, "../testdata/scenarios/edges", time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), map[string]any{}, 2)
	if _, err := db.Exec(`update settings set value = '2027-07' where key = 'monitoring_start';
		update tx_rules set value = '20000' where rule = 'crp' and parameter = 'min_gbp_per_year'`); err != nil {
		t.Fatal(err)
	}
	if err := transform.Refresh(ctx, db); err != nil {
		t.Fatal(err)
	}
	sameRows(t, "report_settings", queryText(t, db, `select monitoring_start, monitoring_start_source from report_settings`),
		[][]string{{"2027-07-01", "setting monitoring_start"}})
	sameRows(t, "missing_returns", queryText(t, db, `select contract_ref, period from missing_returns
		where contract_ref in ('M', 'N', 'Q') order by 1, 2`), [][]string{
		{"N", "2027-10-01"}, {"N", "2027-11-01"}, {"Q", "2027-07-01"},
	})
	sameRows(t, "crp flags", queryText(t, db, `select contract_ref from commitment_flags where flag = 'no_carbon_reduction_plan' order by 1`),
		[][]string{{"P"}, {"R"}, {"S"}})
}
