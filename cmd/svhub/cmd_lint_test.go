package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// scenarioDB returns the path of a copy, in a folder of its own, of a
// database holding the hand-worked frequencies scenario (monitoring from
// April 2027 through svhub.toml beside the database, copied with it). The
// scenario is ingested once per test binary (two ingests cost more than
// most tests that read it); TestMain removes the original's folder.
func scenarioDB(t *testing.T) string {
	t.Helper()
	sharedScenario.once.Do(func() {
		dir, err := os.MkdirTemp("", "svhub-scenario-test-")
		if err != nil {
			sharedScenario.err = err
			return
		}
		sharedScenario.dir = dir
		if err := os.WriteFile(filepath.Join(dir, "svhub.toml"), []byte("monitoring_start = \"2027-04\"\n"), 0o644); err != nil {
			sharedScenario.err = err
			return
		}
		db := preparedDB(t, filepath.Join(dir, "s.duckdb"))
		for _, sub := range []string{"inbox", "later"} {
			if code, _, errs := svhub(t, "--db", db, "--today", "2028-03-30", "-q", "ingest", "../../testdata/scenarios/frequencies/"+sub); code != 0 {
				sharedScenario.err = fmt.Errorf("ingest %s: exit %d %s", sub, code, errs)
				return
			}
		}
	})
	if sharedScenario.err != nil {
		t.Fatal(sharedScenario.err)
	}
	dir := t.TempDir()
	for _, name := range []string{"svhub.toml", "s.duckdb"} {
		if err := copyFile(filepath.Join(sharedScenario.dir, name), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "s.duckdb")
}

// sharedScenario is the folder scenarioDB copies.
var sharedScenario struct {
	once sync.Once
	dir  string
	err  error
}

func TestLint_ExplainsEachFlagWorstFirst(t *testing.T) {
	t.Parallel()
	db := scenarioDB(t)
	code, out, errs := svhub(t, "--db", db, "--today", "2028-03-30", "lint")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	// E has five serious findings, C one (a data-quality note: its weighting
	// and climate theme predate the rules); A, B and D none.
	e, c := strings.Index(out, "E  Epsilon Group"), strings.Index(out, "C  Gamma Services")
	if e < 0 || c < 0 || e > c || strings.Contains(out, "Alpha Ltd") {
		t.Errorf("want E then C, and no A:\n%s", out)
	}
	for _, want := range []string{"no_followthrough", "Why: ", "Ask: ", "no_net_zero_commitment", "Net Zero Commitment",
		"Rule: nzc.min_gbp_per_year = 10000, in force from 2024-04-01 (NHS England, Carbon reduction plan and net zero commitment requirements", "uncommitted_returns on SVM20.7.1"} {
		if !strings.Contains(out, want) {
			t.Errorf("lint output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "8 finding(s) on 2 contract(s)") {
		t.Errorf("summary: %s", errs)
	}

	t.Run("strict exits 1 on a flagged contract, 0 on a good one", func(t *testing.T) {
		if code, _, _ := svhub(t, "--db", db, "--today", "2028-03-30", "-q", "lint", "--strict", "--contract", "c"); code != 1 {
			t.Errorf("flagged contract: exit %d, want 1", code)
		}
		code, out, _ := svhub(t, "--db", db, "--today", "2028-03-30", "-q", "lint", "--strict", "--contract", "A")
		if code != 0 || out != "" {
			t.Errorf("good contract: exit %d, output %q", code, out)
		}
	})
	t.Run("unknown contract is a usage error", func(t *testing.T) {
		if code, _, errs := svhub(t, "--db", db, "-q", "lint", "--contract", "ZZZ"); code != 2 || !strings.Contains(errs, "no such contract") {
			t.Errorf("exit %d %s", code, errs)
		}
	})
	t.Run("json", func(t *testing.T) {
		_, out, _ := svhub(t, "--db", db, "--today", "2028-03-30", "-q", "lint", "--format", "json", "--contract", "E")
		var cs []struct {
			Ref      string `json:"contract_ref"`
			Findings []struct {
				Flag     string `json:"flag"`
				Severity int    `json:"severity"`
				Ask      string `json:"ask_supplier"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &cs); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if len(cs) != 1 || len(cs[0].Findings) != 7 || cs[0].Findings[0].Severity != 1 || cs[0].Findings[0].Ask == "" {
			t.Errorf("got %+v", cs)
		}
	})
}

func TestConfig_ShowsValuesAndSources(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.duckdb")
	if err := os.WriteFile(filepath.Join(dir, "svhub.toml"), []byte("rag_green_min = 0.9\nreturn_grace_days = 45\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SVHUB_RETURN_GRACE_DAYS", "20")
	code, out, errs := svhub(t, "--db", db, "--set", "rag_amber_min=0.7", "config", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	var rows []struct {
		Key, Source string
		Value       any
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Key] = r.Source
	}
	want := map[string]string{"rag_green_min": "file", "return_grace_days": "env", "rag_amber_min": "flag", "monitoring_start": "default"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s from %q, want %q", k, got[k], v)
		}
	}
	if code, _, errs := svhub(t, "--db", db, "--set", "rag_green_min=lots", "config"); code != 2 || !strings.Contains(errs, "expected a number") {
		t.Errorf("bad value: exit %d %s", code, errs)
	}
}

// Configured thresholds reach the views through a read-only open too.
func TestConfig_ReachesTheViews(t *testing.T) {
	t.Parallel()
	db := scenarioDB(t)
	q := "select rag from commitment_status_latest where contract_ref = 'A' and measure_code = 'SVM25.1.2'"
	if _, out, _ := svhub(t, "--db", db, "-q", "query", "--format", "csv", q); strings.TrimSpace(out) != "rag\ngreen" {
		t.Errorf("default thresholds: %q", out)
	}
	if _, out, _ := svhub(t, "--db", db, "-q", "--set", "rag_green_min=1.1", "query", "--format", "csv", q); strings.TrimSpace(out) != "rag\namber" {
		t.Errorf("green at 1.1: %q", out)
	}
}

func TestTaxonomyLoad_HubMeasuresAndChecks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := preparedDB(t, filepath.Join(dir, "t.duckdb"))
	tax := filepath.Join(dir, "tax")
	os.MkdirAll(tax, 0o755)
	hub := "measure_code,model,outcome_code,measure_name,unit,aggregation\nNT1,2025,1,Local people employed (TOMs),FTE,sum\n"
	if err := os.WriteFile(filepath.Join(tax, "hub_measures.csv"), []byte(hub), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := svhub(t, "--db", db, "taxonomy", "load", tax)
	if code != 0 || !strings.Contains(errs, "54 measures") || !strings.Contains(errs, "hub_measures.csv") {
		t.Fatalf("exit %d %s", code, errs)
	}
	_, out, _ := svhub(t, "--db", db, "-q", "query", "--format", "csv", "select mission from measures where measure_code = 'NT1'")
	if strings.TrimSpace(out) != "mission\nM1" {
		t.Errorf("NT1 mission: %q", out)
	}
	// a measure under an outcome that does not exist is refused, and the
	// taxonomy in the database is left as it was
	bad := "measure_code,model,outcome_code,measure_name,unit,aggregation\nNT9,2025,99,Nowhere,count,sum\n"
	os.WriteFile(filepath.Join(tax, "hub_measures.csv"), []byte(bad), 0o644)
	if code, _, errs := svhub(t, "--db", db, "-q", "taxonomy", "load", tax); code == 0 || !strings.Contains(errs, "NT9") {
		t.Errorf("bad outcome accepted: exit %d %s", code, errs)
	}
	if _, out, _ := svhub(t, "--db", db, "-q", "query", "--format", "csv", "select count(*) as n from measures"); strings.TrimSpace(out) != "n\n54" {
		t.Errorf("after a refused load: %q", out)
	}
}
