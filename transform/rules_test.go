package transform_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
	"github.com/nhs-hubs/svhub/transform"
)

// The rules scenario (testdata/scenarios/rules) puts one contract on each
// edge of the dated NHS rules (sql/seed/rules.csv, from domain.md), judged
// by its procurement date (procured_on, else start_date). Terms of a year or
// less make the value a year the contract's value. Today is 15 June 2026.
//
// Weighting minimum 10% and the climate theme, from 1 April 2022:
//
//	W1  procured 31 Mar 2022 (started June), 5%, no climate -> nothing
//	W2  1 Apr 2022 (no procured_on: start_date), 5%, no climate -> low_sv_weighting, no_climate_commitment
//	W3  1 Apr 2022, exactly 10%, a climate commitment -> nothing
//	W4  1 Apr 2022, 9.9%, no climate -> low_sv_weighting, no_climate_commitment
//	W5  Nov 2025, 2025 model, only a mission-1 commitment -> no_climate_commitment
//	W6  Jun 2021, 5%, £3m a year, no CRP, no climate -> nothing (no rule yet)
//
// CRP at £5m a year and above, from 1 April 2023 (no NZC tier yet):
//
//	C1  procured 31 Mar 2023, £6m, crp_published no -> nothing
//	C2  1 Apr 2023, exactly £5m, crp_published no -> no_carbon_reduction_plan
//	C3  Jun 2023, £4,999,999, crp_published no -> nothing
//	C4  Jun 2023, £5m, crp_published yes (only that column) -> nothing
//	C5  Jun 2023, a framework, £1m, none -> nothing (frameworks from 2024)
//	C6  1 Apr 2023, £7m, nothing on record -> no_carbon_reduction_plan
//
// From 1 April 2024: CRP at £5m and above and for every framework; NZC (or
// CRP) from £10k a year, only at or above the public-contracts threshold
// (£139,688 in 2024-25, £135,018 from 1 Jan 2026, on the whole value):
//
//	D1  procured 31 Mar 2024, £2m, none -> nothing
//	D2  1 Apr 2024, £2m, none -> no_net_zero_commitment
//	D3  £2m, nzc (2025 model) -> nothing
//	D4  £2m, crp -> nothing
//	D5  exactly £5m, nzc -> no_carbon_reduction_plan (an NZC does not serve)
//	D6  framework, £1m, nzc -> no_carbon_reduction_plan
//	D7  framework, £1m, crp -> nothing
//	D8  exactly £10,000, whole value below the threshold -> nothing
//	D9  £200,000 over 4 years (about £50,034 a year), whole value above the threshold -> no_net_zero_commitment
//	D10 £180,000 over 20 years (about £9,001 a year) -> nothing
//	D11 whole value exactly £139,688 -> no_net_zero_commitment
//	D12 £139,687 -> nothing
//	D13 £2m, crp_published yes only -> nothing
//	D14 £2m, crp_published no only -> no_net_zero_commitment
//	D15 £2m, crp_published yes and carbon_plan nzc -> nothing
//	D16 £6m, crp_published yes but carbon_plan none (carbon_plan wins) -> no_carbon_reduction_plan
//	D17 framework, £5,000 (below the NZC minimum) -> no_carbon_reduction_plan
//
// From 1 April 2026 the NZC no longer waits for the threshold:
//
//	E1  procured 31 Mar 2026, £10,000, none -> nothing
//	E2  1 Apr 2026, exactly £10,000 -> no_net_zero_commitment
//	E3  1 Apr 2026, £9,999 -> nothing
//	E4  31 Dec 2025, £137,000 (below £139,688) -> nothing
//	E5  1 Jan 2026, £137,000 (at or above the new £135,018) -> no_net_zero_commitment
func openRules(t *testing.T) *store.DB {
	t.Helper()
	return openInboxAndLater(t, "../testdata/scenarios/rules", time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), map[string]any{}, 0)
}

const ruleFlags = `select contract_ref, flag from commitment_flags
	where flag in ('low_sv_weighting', 'no_climate_commitment', 'no_carbon_reduction_plan', 'no_net_zero_commitment')
	order by 1, 2`

func TestRules_FlagsByTheRulesInForce(t *testing.T) {
	t.Parallel()
	db := openRules(t)
	sameRows(t, "rule-based flags", queryText(t, db, ruleFlags), [][]string{
		{"C2", "no_carbon_reduction_plan"},
		{"C6", "no_carbon_reduction_plan"},
		{"D11", "no_net_zero_commitment"},
		{"D14", "no_net_zero_commitment"},
		{"D16", "no_carbon_reduction_plan"},
		{"D17", "no_carbon_reduction_plan"},
		{"D2", "no_net_zero_commitment"},
		{"D5", "no_carbon_reduction_plan"},
		{"D6", "no_carbon_reduction_plan"},
		{"D9", "no_net_zero_commitment"},
		{"E2", "no_net_zero_commitment"},
		{"E5", "no_net_zero_commitment"},
		{"W2", "low_sv_weighting"},
		{"W2", "no_climate_commitment"},
		{"W4", "low_sv_weighting"},
		{"W4", "no_climate_commitment"},
		{"W5", "no_climate_commitment"},
	})

	t.Run("details name the figures and the rule applied", func(t *testing.T) {
		crp := "NHS England, Carbon reduction plan and net zero commitment requirements for the procurement of NHS goods, services and works (v2, October 2023)"
		sameRows(t, "details", queryText(t, db, `select contract_ref, flag, severity, category, detail, rule, rule_source from commitment_flags
			where (contract_ref, flag) in (('C2', 'no_carbon_reduction_plan'), ('C6', 'no_carbon_reduction_plan'), ('D17', 'no_carbon_reduction_plan'),
				('D11', 'no_net_zero_commitment'), ('E2', 'no_net_zero_commitment'), ('W4', 'low_sv_weighting'), ('W2', 'no_climate_commitment'))
			order by 1, 2`), [][]string{
			{"C2", "no_carbon_reduction_plan", "1", "compliance",
				"no Carbon Reduction Plan on record (carbon plan: none); procured on 2023-04-01 at £5000000 a year, at or above the £5000000 a year that needs one",
				"crp.min_gbp_per_year = 5000000, in force from 2023-04-01",
				crp + "; PPN 06/21 (PPN 006), Requirements by contract value"},
			{"C6", "no_carbon_reduction_plan", "1", "compliance",
				"no Carbon Reduction Plan on record (carbon plan: not given); procured on 2023-04-01 at £7000000 a year, at or above the £5000000 a year that needs one",
				"crp.min_gbp_per_year = 5000000, in force from 2023-04-01",
				crp + "; PPN 06/21 (PPN 006), Requirements by contract value"},
			{"D11", "no_net_zero_commitment", "1", "compliance",
				"no Net Zero Commitment or Carbon Reduction Plan on record (carbon plan: none); procured on 2024-06-01 at £139688 a year, at or above the £10000 a year that needs one, with a whole value of £139688, at or above the public-contracts threshold of £139688",
				"nzc.min_gbp_per_year = 10000, in force from 2024-04-01; nzc.above_threshold_only = yes, in force from 2024-04-01 to 2026-03-31; public_contracts_threshold.gbp = 139688, in force from 2024-01-01 to 2025-12-31",
				crp + ", Requirements by contract value; PPN 11/23, Thresholds from 1 January 2024, Supplies and services, central government authorities (including NHS trusts)"},
			{"D17", "no_carbon_reduction_plan", "1", "compliance",
				"no Carbon Reduction Plan on record (carbon plan: none); a framework agreement procured on 2024-06-01, and every new NHS framework needs one",
				"crp.frameworks = yes, in force from 2024-04-01",
				crp + ", Frameworks"},
			{"E2", "no_net_zero_commitment", "1", "compliance",
				"no Net Zero Commitment or Carbon Reduction Plan on record (carbon plan: none); procured on 2026-04-01 at £10000 a year, at or above the £10000 a year that needs one",
				"nzc.min_gbp_per_year = 10000, in force from 2024-04-01",
				crp + ", Requirements by contract value"},
			{"W2", "no_climate_commitment", "2", "check",
				"no commitment under the climate theme (2020 outcome 4 / 2025 mission M2); procured on 2022-04-01, when the NHS asks for the theme in every tender: ask whether climate was scored or written into the specification",
				"climate_theme.required = yes, in force from 2022-04-01",
				"NHS England, Applying net zero and social value in the procurement of NHS goods and services (2022), Fighting climate change theme"},
			{"W4", "low_sv_weighting", "1", "compliance",
				"social value is 9.9% of the evaluation weight; the NHS minimum for a procurement started on 2022-04-01 is 10.0%",
				"sv_weighting.min_pct = 10, in force from 2022-04-01",
				"NHS England, Applying net zero and social value in the procurement of NHS goods and services (2022), Minimum weighting"},
		})
	})

	t.Run("no follow-through by start date", func(t *testing.T) {
		// No contract has a return; today 15 Jun 2026, so a contract is
		// flagged once its start month + 3 months is on or before today:
		// all but E1 (May 2026) and E2, E3 (April 2026: July 2026).
		sameRows(t, "not flagged", queryText(t, db, `select contract_ref from stg_contracts
			where contract_ref not in (select contract_ref from commitment_flags where flag = 'no_followthrough') order by 1`),
			[][]string{{"E1"}, {"E2"}, {"E3"}})
	})

	t.Run("severity and category of the rule-based flags", func(t *testing.T) {
		// breaches first (1); the climate theme a check (2), below them
		sameRows(t, "severities", queryText(t, db, `select distinct flag, severity, category from commitment_flags
			where rule is not null order by 1`), [][]string{
			{"low_sv_weighting", "1", "compliance"},
			{"no_carbon_reduction_plan", "1", "compliance"},
			{"no_climate_commitment", "2", "check"},
			{"no_net_zero_commitment", "1", "compliance"},
		})
	})

	t.Run("rule-free flags name no rule", func(t *testing.T) {
		sameRows(t, "rule-free", queryText(t, db, `select count(*) from commitment_flags
			where flag not in ('low_sv_weighting', 'no_climate_commitment', 'no_carbon_reduction_plan', 'no_net_zero_commitment')
			  and (rule is not null or rule_source is not null)`), [][]string{{"0"}})
	})
}

// A hub's rules.csv, loaded with `taxonomy load`, changes the flags with no
// change to the code: the CRP from £2m a year (not £5m) and from 1 January
// 2021 (not April 2023), and the NZC's wait for the threshold ended on 31
// May 2024 (not 31 March 2026).
//   - CRP now: W6 (£3m, June 2021: judged by the CRP rule although no
//     weighting, climate or threshold rule was in force then), C1 (£6m, 31
//     Mar 2023), C3 (£4,999,999 in 2023), D1 (£2m, 31 Mar 2024), D2, D3 (an
//     NZC no longer serves), D14, D15; as before C2, C6, D5, D6, D16, D17.
//     Still nothing: C4, C5 (£1m), D4, D7, D13 (a CRP on record).
//   - NZC now also below the threshold from 1 June 2024: D8 (£10,000), D12
//     (£139,687), E1 (31 Mar 2026, £10,000), E4 (£137,000 on 31 Dec 2025);
//     as before D9, D11, E2, E5. D2 and D14 now need a CRP instead.
func TestRules_ChangedFromAFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openRules(t)
	b, err := sqlfiles.FS.ReadFile("seed/rules.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for old, new := range map[string]string{
		"crp,min_gbp_per_year,5000000,2023-04-01,":            "crp,min_gbp_per_year,2000000,2021-01-01,",
		"nzc,above_threshold_only,yes,2024-04-01,2026-03-31,": "nzc,above_threshold_only,yes,2024-04-01,2024-05-31,",
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("the seed rules.csv has no %q", old)
		}
		text = strings.Replace(text, old, new, 1)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rules.csv"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	tc, err := transform.LoadTaxonomyDir(ctx, db, dir)
	if err != nil {
		t.Fatal(err)
	}
	if tc.Rules != 9 || len(tc.FromDir) != 1 {
		t.Fatalf("loaded %d rules from %v, want 9 from rules.csv", tc.Rules, tc.FromDir)
	}
	if err := transform.Refresh(ctx, db); err != nil {
		t.Fatal(err)
	}
	sameRows(t, "carbon flags", queryText(t, db, `select contract_ref, flag from commitment_flags
		where flag in ('no_carbon_reduction_plan', 'no_net_zero_commitment') order by 2, 1`), [][]string{
		{"C1", "no_carbon_reduction_plan"},
		{"C2", "no_carbon_reduction_plan"},
		{"C3", "no_carbon_reduction_plan"},
		{"C6", "no_carbon_reduction_plan"},
		{"D1", "no_carbon_reduction_plan"},
		{"D14", "no_carbon_reduction_plan"},
		{"D15", "no_carbon_reduction_plan"},
		{"D16", "no_carbon_reduction_plan"},
		{"D17", "no_carbon_reduction_plan"},
		{"D2", "no_carbon_reduction_plan"},
		{"D3", "no_carbon_reduction_plan"},
		{"D5", "no_carbon_reduction_plan"},
		{"D6", "no_carbon_reduction_plan"},
		{"W6", "no_carbon_reduction_plan"},
		{"D11", "no_net_zero_commitment"},
		{"D12", "no_net_zero_commitment"},
		{"D8", "no_net_zero_commitment"},
		{"D9", "no_net_zero_commitment"},
		{"E1", "no_net_zero_commitment"},
		{"E2", "no_net_zero_commitment"},
		{"E4", "no_net_zero_commitment"},
		{"E5", "no_net_zero_commitment"},
	})
}

// Two rows of one rule in force on the same day are refused, naming the
// rule, and the rules in the database stay as they were.
func TestRules_OverlapRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openRules(t)
	b, err := sqlfiles.FS.ReadFile("seed/rules.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b) + "crp,min_gbp_per_year,1000000,2025-01-01,,hub,,\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rules.csv"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = transform.LoadTaxonomyDir(ctx, db, dir)
	if err == nil || !strings.Contains(err.Error(), "crp.min_gbp_per_year (2023-04-01 and 2025-01-01)") {
		t.Fatalf("got %v, want the overlap of crp.min_gbp_per_year named", err)
	}
	sameRows(t, "rules kept", queryText(t, db, `select value from rules where rule = 'crp' and parameter = 'min_gbp_per_year'`), [][]string{{"5000000"}})
}

// With no public-contracts threshold on record (a hub's rules.csv without
// those rows), svhub cannot tell whether a contract is above it, so while
// the NZC waits for the threshold (April 2024 to March 2026) it flags no
// missing NZC: D2, D9, D11, D14 and E5 are not flagged. E2 (1 April 2026,
// after the wait) still is; the CRP flags are as before.
func TestRules_NoThresholdNoNZCFlag(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openRules(t)
	b, err := sqlfiles.FS.ReadFile("seed/rules.csv")
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasPrefix(l, "public_contracts_threshold,") {
			keep = append(keep, l)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rules.csv"), []byte(strings.Join(keep, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if tc, err := transform.LoadTaxonomyDir(ctx, db, dir); err != nil || tc.Rules != 6 {
		t.Fatalf("load: %v, %d rules (want 6)", err, tc.Rules)
	}
	if err := transform.Refresh(ctx, db); err != nil {
		t.Fatal(err)
	}
	sameRows(t, "carbon flags", queryText(t, db, `select contract_ref, flag from commitment_flags
		where flag in ('no_carbon_reduction_plan', 'no_net_zero_commitment') order by 2, 1`), [][]string{
		{"C2", "no_carbon_reduction_plan"},
		{"C6", "no_carbon_reduction_plan"},
		{"D16", "no_carbon_reduction_plan"},
		{"D17", "no_carbon_reduction_plan"},
		{"D5", "no_carbon_reduction_plan"},
		{"D6", "no_carbon_reduction_plan"},
		{"E2", "no_net_zero_commitment"},
	})
}

// Every flag's severity and category, on the frequencies scenario (which
// raises all but the weighting, CRP and climate ones): serious (1) for
// what makes a commitment unmeasurable or unfollowed and for the NHS rules,
// weak (2) for a commitment that is only vague, data quality (3) for
// returns nobody committed to.
func TestFlags_SeverityAndCategory(t *testing.T) {
	t.Parallel()
	db := openScenario2(t, nil)
	sameRows(t, "severities", queryText(t, db, `select distinct flag, severity, category from commitment_flags order by 1`), [][]string{
		{"generic_plan", "2", "commitment quality"},
		{"no_delivery_plan", "2", "commitment quality"},
		{"no_followthrough", "1", "delivery"},
		{"no_net_zero_commitment", "1", "compliance"},
		{"no_target", "1", "commitment quality"},
		{"uncommitted_returns", "3", "data quality"},
		{"unknown_measure", "1", "commitment quality"},
		{"zero_target", "2", "commitment quality"},
	})
}
