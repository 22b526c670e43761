package pipeline_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/browsertest"
	"github.com/nhs-hubs/svhub/pipeline"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/nhs-hubs/svhub/report/hublog"
	"github.com/nhs-hubs/svhub/report/suppliers"
)

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

// Issue 20: a run for a financial year or a range of months went into
// the reporting month's folder, overwriting the month's outputs or
// skipped as "nothing new" because of them. The folder names the period.
func TestFolder_NamesThePeriod(t *testing.T) {
	sep := month(2026, 9)
	for _, c := range []struct {
		name     string
		from, to time.Time
		want     string
	}{
		{"no period", time.Time{}, time.Time{}, "2026-09"},
		{"--period fy2025", month(2025, 4), month(2026, 3), "2026-09_fy2025"},
		{"--from/--to a whole year", month(2024, 4), month(2025, 3), "2026-09_fy2024"},
		{"--from/--to part of a year", month(2025, 6), month(2026, 3), "2026-09_2025-06_2026-03"},
		{"April to a December", month(2025, 4), month(2025, 12), "2026-09_2025-04_2025-12"},
		// --to alone: from the April of its financial year (2025-04).
		{"--to 2026-03 alone", time.Time{}, month(2026, 3), "2026-09_fy2025"},
		{"--to 2026-01 alone", time.Time{}, month(2026, 1), "2026-09_2025-04_2026-01"},
	} {
		if got := pipeline.Folder(sep, c.from, c.to); got != c.want {
			t.Errorf("%s: folder %q; want %q", c.name, got, c.want)
		}
	}
}

// A run for fy2025 writes its own folder beside the month's, leaves the
// month's as it was, records the period in inputs.json, and is "nothing
// new" only against its own earlier outputs.
func TestRun_PeriodGoesToItsOwnFolder(t *testing.T) {
	dir := t.TempDir()
	today := time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)
	db := openPrepared(t, dir, today)
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	writeOneContract(t, inbox, time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC))
	out := filepath.Join(dir, "out")
	o := pipeline.Options{Inbox: inbox, AsOf: month(2026, 9), Out: out, Database: pipeline.Database{Today: today}, Now: func() time.Time { return today },
		Steps: []pipeline.Step{{Name: "report", Run: func(_ context.Context, e *pipeline.Env, dir string) error {
			return os.WriteFile(filepath.Join(dir, "report.txt"), []byte("from "+e.Opts.From.Format("2006-01")), 0o644)
		}}}}
	fy := o
	fy.From, fy.To = month(2025, 4), month(2026, 3)
	run := func(step string, o pipeline.Options, wantDir string, wantRebuilt bool) {
		t.Helper()
		res, err := pipeline.Run(ctx, db, o)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if res.MonthDir != filepath.ToSlash(filepath.Join(out, wantDir)) || res.Rebuilt != wantRebuilt {
			t.Errorf("%s: %s, rebuilt %v (%s); want %s, rebuilt %v", step, res.MonthDir, res.Rebuilt, res.Reason, wantDir, wantRebuilt)
		}
	}
	run("the month", o, "2026-09", true)
	run("fy2025 after the month", fy, "2026-09_fy2025", true)
	run("fy2025 again", fy, "2026-09_fy2025", false)
	run("the month again", o, "2026-09", false)
	for folder, want := range map[string]string{"2026-09": "from 0001-01", "2026-09_fy2025": "from 2025-04"} {
		if b, err := os.ReadFile(filepath.Join(out, folder, "report.txt")); err != nil || string(b) != want {
			t.Errorf("%s/report.txt: %q (%v); want %q", folder, b, err, want)
		}
	}
	var st pipeline.State
	b, _ := os.ReadFile(filepath.Join(out, "2026-09_fy2025", pipeline.StateFile))
	if err := json.Unmarshal(b, &st); err != nil || st.Period != "fy2025" || st.AsOf != "2026-09" {
		t.Errorf("fy2025's %s: period %q, as_of %q (%v); want fy2025, 2026-09", pipeline.StateFile, st.Period, st.AsOf, err)
	}
	if len(st.Outputs) == 0 || st.Outputs[0].Path != "2026-09_fy2025/report.txt" {
		t.Errorf("fy2025's outputs %+v; want 2026-09_fy2025/report.txt first", st.Outputs)
	}
}

// Issue 24: the national batch wrote a page and a workbook for each of
// England's 13,938 suppliers. By default a database over several regions
// (the national batch) writes none, one region's (a regional hub) writes
// every supplier's; --suppliers names the ones to write, and a name not
// in scope is an error, not an empty folder. The hub log's chase letters
// are per-supplier output too (10,381 letters at England).
func TestRun_SuppliersByScopeOrAsked(t *testing.T) {
	browsertest.NeedAsset(t, html.HasECharts(), "pipeline: the supplier pages test", "the chart library is not built: make report/html/assets/echarts.common.min.js")
	dir := t.TempDir()
	today := time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)
	db := openPrepared(t, dir, today)
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	writeOneContract(t, inbox, base)
	write(t, inbox, "returns-2026-09.csv", "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,6\n", base.Add(time.Hour))
	out := filepath.Join(dir, "out")
	var steps []pipeline.Step
	for _, s := range pipeline.DefaultSteps() {
		if s.Name == "supplier pages" || s.Name == "supplier workbooks" || s.Name == "hub log" {
			steps = append(steps, s)
		}
	}
	if len(steps) != 3 {
		t.Fatalf("the default steps have no supplier pages, workbooks and hub log: %+v", steps)
	}
	o := pipeline.Options{Inbox: inbox, AsOf: month(2026, 9), Out: out, Database: pipeline.Database{Today: today}, Now: func() time.Time { return today }, Steps: steps}
	hubLogs := func() []string {
		got, _ := filepath.Glob(filepath.Join(out, "2026-09", "hub log *.xlsx"))
		for i := range got {
			got[i] = filepath.Base(got[i])
		}
		return got
	}
	written := func() []string {
		got, _ := filepath.Glob(filepath.Join(out, "2026-09", pipeline.SuppliersDir, "*"))
		letters, _ := filepath.Glob(filepath.Join(out, "2026-09", hublog.LettersDir, "*"))
		got = append(got, letters...)
		for i := range got {
			got[i] = filepath.Base(got[i])
		}
		return got
	}
	run := func(step string, c suppliers.Choice, wantChoice string, want []string) {
		t.Helper()
		o.Suppliers = c
		res, err := pipeline.Run(ctx, db, o)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if res.Suppliers != wantChoice || !slices.Equal(written(), want) {
			t.Errorf("%s: suppliers %q (%s), wrote %v; want %q, %v", step, res.Suppliers, res.SuppliersWhy, written(), wantChoice, want)
		}
	}
	// One region (Y60): a regional hub, every supplier.
	run("one region", suppliers.Choice{}, "all", []string{"Acme Ltd.html", "feedback Acme Ltd.xlsx"})
	// A second supplier in a second region (Y61): the national batch.
	write(t, inbox, "organisations-2.csv", "trust_code,trust_name,ics_code,region_code\nRY2,Trust Two,QY2,Y61\n", base.Add(2*time.Hour))
	write(t, inbox, "contracts-2.csv", "contract_ref,supplier_name,trust_code,title,start_date,end_date,value_gbp,sv_weighting_pct\nC2,Bravo plc,RY2,Catering,2026-04-01,2028-03-31,500000,10\n", base.Add(3*time.Hour))
	write(t, inbox, "commitments-2.csv", "contract_ref,measure_code,target,unit,frequency\nC2,SVM25.1.2,60,number,monthly\n", base.Add(4*time.Hour))
	if got := hubLogs(); !slices.Equal(got, []string{"hub log 2026-09.xlsx"}) {
		t.Errorf("one region: hub logs %q; want one", got)
	}
	run("two regions", suppliers.Choice{}, "none", nil)
	// The national batch: one hub log per region with open items (Acme's
	// September return's evidence to check in Y60, Bravo's overdue returns
	// in Y61), each with its own region's items only.
	if got := hubLogs(); !slices.Equal(got, []string{"hub log 2026-09 Y60.xlsx", "hub log 2026-09 Y61.xlsx"}) {
		t.Errorf("two regions: hub logs %q; want one per region", got)
	}
	for file, ref := range map[string]string{"hub log 2026-09 Y60.xlsx": "C1", "hub log 2026-09 Y61.xlsx": "C2"} {
		f, err := excelize.OpenFile(filepath.Join(out, "2026-09", file))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(hublog.SheetLog)
		f.Close()
		for _, r := range rows[hublog.HeaderRow:] {
			if r[2] != ref {
				t.Errorf("%s lists %q of contract %s; want only %s's items", file, r[0], r[2], ref)
			}
		}
		if len(rows) <= hublog.HeaderRow {
			t.Errorf("%s lists no item", file)
		}
	}
	run("--suppliers Bravo plc", suppliers.Choice{Mode: suppliers.Named, Names: []string{"Bravo plc"}}, "named: Bravo plc", []string{"Bravo plc.html", "feedback Bravo plc.xlsx", "chase Bravo plc.txt"})
	// Its letter names the contract's trust (Trust Two, not the other
	// region's Trust One).
	if b, err := os.ReadFile(filepath.Join(out, "2026-09", hublog.LettersDir, "chase Bravo plc.txt")); err != nil || !strings.Contains(string(b), "contract C2 (Trust Two)") || strings.Contains(string(b), "Trust One") {
		t.Errorf("Bravo plc's chase letter (%v):\n%s\nwant its months of contract C2 (Trust Two)", err, b)
	}
	// Only Bravo plc has overdue returns (its contract began in April):
	// a run for Acme Ltd writes no chase letter.
	run("--suppliers Acme Ltd", suppliers.Choice{Mode: suppliers.Named, Names: []string{"Acme Ltd"}}, "named: Acme Ltd", []string{"Acme Ltd.html", "feedback Acme Ltd.xlsx"})
	run("--suppliers all", suppliers.Choice{Mode: suppliers.All}, "all", []string{"Acme Ltd.html", "Bravo plc.html", "feedback Acme Ltd.xlsx", "feedback Bravo plc.xlsx", "chase Bravo plc.txt"})
	o.Suppliers = suppliers.Choice{Mode: suppliers.Named, Names: []string{"Bravo Plc"}}
	if _, err := pipeline.Run(ctx, db, o); !errors.Is(err, dashboard.ErrBadParams) {
		t.Errorf("--suppliers \"Bravo Plc\" (no such supplier): %v; want a bad-parameters error", err)
	}
	if got := written(); len(got) != 5 {
		t.Errorf("after the failed run: %v; want the 5 files of the run before left as they were", got)
	}
}
