package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/store"
)

// svhub rules lists the dated rules with their sources, from the database
// or, without one, the embedded ones; svhub config lists them after the
// settings; a rules.csv loaded with taxonomy load replaces them.
func TestRules_ListedWithSourcesAndReplaceable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.duckdb")

	code, out, errs := svhub(t, "--db", db, "rules", "--format", "json")
	if code != 0 {
		t.Fatalf("rules without a database: exit %d %s", code, errs)
	}
	var rs []struct {
		Rule, Parameter, Value, Source, Section string
		EffectiveFrom                           string  `json:"effective_from"`
		EffectiveTo                             *string `json:"effective_to"`
	}
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// sql/seed/rules.csv has 9 rows; the CRP's value rule began on 1 April
	// 2023 and is still in force.
	if len(rs) != 9 || !strings.Contains(errs, "no database") {
		t.Fatalf("%d rules (want 9), status %q", len(rs), errs)
	}
	var crp string
	for _, r := range rs {
		if r.Rule == "crp" && r.Parameter == "min_gbp_per_year" {
			crp = r.Value + " " + r.EffectiveFrom
			if r.EffectiveTo != nil || !strings.Contains(r.Source, "Carbon reduction plan and net zero commitment requirements") {
				t.Errorf("crp rule: to %v, source %q", r.EffectiveTo, r.Source)
			}
		}
	}
	if crp != "5000000 2023-04-01" {
		t.Errorf("crp rule: %q", crp)
	}

	tax := filepath.Join(dir, "tax")
	os.MkdirAll(tax, 0o755)
	os.WriteFile(filepath.Join(tax, "rules.csv"), []byte("rule,parameter,value,effective_from,effective_to,source\n"+
		"crp,min_gbp_per_year,4000000,2023-04-01,,Hub board decision 12/2026\n"), 0o644)
	if code, _, errs := svhub(t, "--db", db, "taxonomy", "load", tax); code != 0 || !strings.Contains(errs, "1 rules; from") {
		t.Fatalf("taxonomy load: exit %d %s", code, errs)
	}
	code, out, errs = svhub(t, "--db", db, "rules")
	if code != 0 || !strings.Contains(out, "crp.min_gbp_per_year  4000000  2023-04-01  (in force)") || !strings.Contains(out, "source: Hub board decision 12/2026") {
		t.Errorf("rules after load: exit %d\n%s%s", code, out, errs)
	}
	_, out, _ = svhub(t, "--db", db, "config")
	if !strings.Contains(out, "NHS and PPN rules the flags apply") || !strings.Contains(out, "Hub board decision 12/2026") {
		t.Errorf("config does not list the rules:\n%s", out)
	}

	t.Run("a rules file without a required column is refused", func(t *testing.T) {
		os.WriteFile(filepath.Join(tax, "rules.csv"), []byte("rule,parameter,value,effective_from,source\ncrp,min_gbp_per_year,1,2023-04-01,x\n"), 0o644)
		code, _, errs := svhub(t, "--db", db, "taxonomy", "load", tax)
		if code == 0 || !strings.Contains(errs, `no "effective_to" column`) {
			t.Errorf("exit %d %s", code, errs)
		}
	})
}

// The board pack's About sheet lists the rules with their sources.
func TestBoardPack_AboutListsTheRules(t *testing.T) {
	t.Parallel()
	needECharts(t)
	db := scenarioDB(t)
	pack := filepath.Join(t.TempDir(), "pack.xlsx")
	if code, _, errs := svhub(t, "--db", db, "--today", "2028-03-30", "-q", "report", "excel", "--out", pack); code != 0 {
		t.Fatalf("report: exit %d %s", code, errs)
	}
	f, err := excelize.OpenFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, r := range rows {
		text = append(text, strings.Join(r, "|"))
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"NHS and PPN rules the flags apply",
		"nzc.above_threshold_only|yes|1 Apr 2024|31 Mar 2026|",
		"PPN 023, 2026 Threshold Amounts",
		"sv_weighting.min_pct|10|1 Apr 2022||",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("About sheet lacks %q:\n%s", want, all)
		}
	}
}

// svhub taxonomy prints the tree with each name's wording status, from
// svhub's own taxonomy when there is no database.
func TestTaxonomy_PrintsTheTree(t *testing.T) {
	code, out, errs := svhub(t, "--db", filepath.Join(t.TempDir(), "none.duckdb"), "taxonomy")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	for _, want := range []string{
		"2020 model\n  Theme: COVID-19 recovery\n    Outcome 1: Help local communities to manage and recover from the impact of COVID-19\n" +
			"      MAC 1.1 Employment, re-training and return-to-work opportunities, including for people facing barriers and in deprived areas [svhub wording]\n",
		"      1c Fair pay practices [verified]\n        SVM25.1.3 Share of the contract workforce paid at least the Real Living Wage (pct, latest) [svhub wording]\n",
		"SVM20.8.1 Volunteering hours in local communities (hours, sum) [svhub wording] -> M3 by the crosswalk, low confidence\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("taxonomy lacks\n%s\n---\n%s", want, out)
		}
	}
}

// A database an older svhub left (schema 3) upgrades on init: the rules
// load, the settings that became rules go, the taxonomy reloads with its
// award criteria, and a contract recorded with only crp_published yes has
// a CRP on record.
func TestRules_MigrationFrom3(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "v3.duckdb")
	d, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.MigrateTo(context.Background(), 3); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`insert into organisations values ('T1', 'Trust One', 'I1', null, 'R1', null, 'o.csv', 'x', '', 2, null)`,
		`insert into contracts values ('K1', 'Kite Ltd', null, 'T1', null, null, 6000000, date '2024-06-01', date '2024-12-31', 10, '2020', true, null, 'c.csv', 'x', '', 2, null)`,
		`update settings set value = '1' where key = 'crp_threshold_gbp'`,
	} {
		if _, err := d.Exec(q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	d.Close()
	if code, _, errs := svhub(t, "--db", path, "init"); code != 0 {
		t.Fatalf("init: exit %d %s", code, errs)
	}
	code, out, errs := svhub(t, "--db", path, "-q", "query", "--format", "csv", `select
		(select count(*) from rules) as rules,
		(select count(*) from settings where key in ('crp_threshold_gbp', 'crp_all_from', 'sv_weighting_min_pct')) as old_settings,
		(select count(*) from award_criteria) as criteria,
		(select count(*) from measures) as measures,
		(select carbon_plan || ' ' || procured_on from stg_contracts where contract_ref = 'K1') as k1,
		(select count(*) from commitment_flags where flag in ('no_carbon_reduction_plan', 'no_net_zero_commitment')) as carbon_flags`)
	if want := "rules,old_settings,criteria,measures,k1,carbon_flags\n9,0,22,53,crp 2024-06-01,0\n"; code != 0 || out != want {
		t.Errorf("after init: exit %d\n%s%s\nwant\n%s", code, out, errs, want)
	}
}

// taxonomy load changes the flags at once: the stored marts are rebuilt
// with the new rules (C3, £4,999,999 a year from June 2023, needs a CRP
// once the threshold is £4m), without another ingest.
func TestRules_TaxonomyLoadRebuildsTheFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.duckdb")
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-06-15", "-q", "ingest", "../../testdata/scenarios/rules/inbox"); code != 0 {
		t.Fatalf("ingest: exit %d %s", code, errs)
	}
	q := "select count(*) from commitment_flags where contract_ref = 'C3' and flag = 'no_carbon_reduction_plan'"
	if _, out, _ := svhub(t, "--db", db, "--today", "2026-06-15", "-q", "query", "--format", "csv", q); strings.TrimSpace(out) != "count_star()\n0" {
		t.Fatalf("before: %q", out)
	}
	b, err := os.ReadFile("../../sql/seed/rules.csv")
	if err != nil {
		t.Fatal(err)
	}
	tax := filepath.Join(dir, "tax")
	os.MkdirAll(tax, 0o755)
	os.WriteFile(filepath.Join(tax, "rules.csv"), []byte(strings.Replace(string(b), "crp,min_gbp_per_year,5000000,", "crp,min_gbp_per_year,4000000,", 1)), 0o644)
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-06-15", "-q", "taxonomy", "load", tax); code != 0 {
		t.Fatalf("taxonomy load: exit %d %s", code, errs)
	}
	if _, out, _ := svhub(t, "--db", db, "--today", "2026-06-15", "-q", "query", "--format", "csv", q); strings.TrimSpace(out) != "count_star()\n1" {
		t.Errorf("after loading the rules: %q, want C3 flagged", out)
	}
}
