package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/html"
)

// hubLogRegister is the hand-worked scenario of the hub log round trip.
// Both contracts run April 2026 to March 2027 and commit monthly to
// apprenticeships (SVM25.1.2, a count), target 12 over 12 months.
// C-1 (Acme Ltd) returns 1 every month April to September; C-2 (Beta Ltd)
// returns 1 in April, May and June and then nothing, and has no delivery
// plan (flag no_delivery_plan).
// Month 1: today 20 October 2026, reporting month September (C-1's last
// return). Overdue (period end + 30 days before today): C-2's July (due
// 30 August) and August (due 30 September); September is due 30 October.
// C-2 expected 12 × 6/12 = 6, delivered 3: ratio 0.5, red (off track); C-1
// 6 of 6, green. Evidence to check: C-1's September return.
var hubLogRegister = map[string]string{
	"organisations.csv": "trust_code,trust_name,ics_code,region_code\nRXX,Test Hospitals NHS Trust,QXX,Y63\n",
	"contracts.csv": "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n" +
		"C-1,Acme Ltd,RXX,100000,2026-04-01,2027-03-31,10\n" +
		"C-2,Beta Ltd,RXX,100000,2026-04-01,2027-03-31,10\n",
	"commitments.csv": "contract_ref,measure_code,target,frequency,delivery_plan\n" +
		"C-1,SVM25.1.2,12,monthly,One apprentice a month from the local college\n" +
		"C-2,SVM25.1.2,12,monthly,\n",
	"returns.csv": "contract_ref,period,measure_code,value\n" +
		"C-1,2026-04,SVM25.1.2,1\nC-1,2026-05,SVM25.1.2,1\nC-1,2026-06,SVM25.1.2,1\nC-1,2026-07,SVM25.1.2,1\nC-1,2026-08,SVM25.1.2,1\nC-1,2026-09,SVM25.1.2,1\n" +
		"C-2,2026-04,SVM25.1.2,1\nC-2,2026-05,SVM25.1.2,1\nC-2,2026-06,SVM25.1.2,1\n",
}

// logRows maps each item key of the Hub log sheet to its row, and gives
// the first row after the items.
func logRows(t *testing.T, f *excelize.File) (map[string]int, int) {
	t.Helper()
	rows, err := f.GetRows("Hub log")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 || rows[2][0] != "Item key" {
		t.Fatalf("Hub log sheet: header row 3 is %v", rows[min(2, len(rows)-1)])
	}
	keys := map[string]int{}
	for i := 3; i < len(rows); i++ {
		if len(rows[i]) > 0 && rows[i][0] != "" {
			keys[rows[i][0]] = i + 1
		}
	}
	return keys, len(rows) + 1
}

// fill sets the cells of one row of the Hub log sheet: column letter → value.
func fill(t *testing.T, f *excelize.File, row int, cells map[string]any) {
	t.Helper()
	for col, v := range cells {
		if err := f.SetCellValue("Hub log", col+itoa(row), v); err != nil {
			t.Fatal(err)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func hubLogTemplate(t *testing.T, db, out string) (*excelize.File, string) {
	t.Helper()
	code, stdout, errs := svhub(t, "--db", db, "template", "--hub-log", "--out", out)
	if code != 0 {
		t.Fatalf("template --hub-log exit %d: %s", code, errs)
	}
	path := strings.Split(strings.TrimSpace(stdout), "\n")[0]
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return f, path
}

func TestHubLog_RoundTripOverTwoMonths(t *testing.T) {
	skipShort(t)
	dir := t.TempDir()
	db := preparedDB(t, filepath.Join(dir, "t.duckdb"))
	t.Setenv("SVHUB_TODAY", "2026-10-20")
	var inputs []string
	for name, body := range hubLogRegister {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	if code, _, errs := svhub(t, "--db", db, "init", "-q"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := svhub(t, append([]string{"--db", db, "ingest", "--strict", "-q"}, inputs...)...); code != 0 {
		t.Fatalf("register: %s", errs)
	}

	// Month 1: the log svhub writes.
	f, path := hubLogTemplate(t, db, filepath.Join(dir, "m1"))
	if filepath.Base(path) != "hub log 2026-09.xlsx" {
		t.Errorf("hub log file %q; want hub log 2026-09.xlsx", path)
	}
	keys, after := logRows(t, f)
	const (
		chaseJul = "chase|C-2|2026-07"
		chaseAug = "chase|C-2|2026-08"
		chaseSep = "chase|C-2|2026-09"
		offTrack = "offtrack|C-2|SVM25.1.2"
		flagPlan = "flag|C-2|SVM25.1.2|no_delivery_plan"
		evSep    = "evidence|C-1|2026-09|SVM25.1.2"
		evAug    = "evidence|C-1|2026-08|SVM25.1.2"
	)
	for _, k := range []string{chaseJul, chaseAug, offTrack, flagPlan, evSep} {
		if keys[k] == 0 {
			t.Fatalf("month 1 log has no row for %s; keys %v", k, keys)
		}
	}
	for _, k := range []string{chaseSep, "offtrack|C-1|SVM25.1.2", evAug} {
		if keys[k] != 0 {
			t.Errorf("month 1 log lists %s: September is not overdue yet, C-1 is on track, August is not the reporting month", k)
		}
	}
	// The key column is locked, the inputs are not.
	if st, _ := f.GetCellStyle("Hub log", "A4"); st == 0 {
		t.Error("key cell A4 has no (locked) style")
	}
	if dvs, _ := f.GetDataValidations("Hub log"); len(dvs) != 4 {
		t.Errorf("%d data validations on the Hub log sheet; want status, due date, date checked, evidence status", len(dvs))
	}

	// Loaded untouched, it records nothing and says why.
	if code, _, errs := svhub(t, "--db", db, "ingest", path); code != 0 || !strings.Contains(errs, "no row of the hub log is filled in") {
		t.Errorf("untouched hub log: exit %d\n%s", code, errs)
	}
	// The analyst fills it in, with three bad rows pasted below.
	oct2 := time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)
	fill(t, f, keys[chaseJul], map[string]any{"I": "chased", "J": "JS", "M": oct2})
	fill(t, f, keys[chaseAug], map[string]any{"I": "Chased", "J": "JS", "M": "02/10/2026"})
	fill(t, f, keys[offTrack], map[string]any{"I": "action agreed", "J": "AB", "K": "recovery plan: 2 apprentices a month", "L": "15/10/2026"})
	fill(t, f, keys[flagPlan], map[string]any{"I": "resolved", "O": "delivery plan received 1 October"})
	fill(t, f, keys[evSep], map[string]any{"I": "resolved", "M": "05/10/2026", "N": "seen", "O": "payroll extract seen"})
	fill(t, f, after, map[string]any{"A": "chase|C-9|2026-07", "C": "C-9", "H": "2026-09", "I": "chased", "M": "02/10/2026"})
	fill(t, f, after+1, map[string]any{"A": "offtrack|C-1|SVM25.1.2", "C": "C-1", "D": "Acme Ltd", "H": "2026-09", "I": "done"})
	fill(t, f, after+2, map[string]any{"A": evAug, "C": "C-1", "H": "2026-09", "I": "in progress", "L": "31/13/2026"})
	filled := filepath.Join(dir, "hub log 2026-09 filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if code, _, errs := svhub(t, "--db", db, "ingest", filled); code != 0 {
		t.Fatalf("ingest hub log exit %d: %s", code, errs)
	}
	// Five rows filled in load; the three bad ones are rejected with their
	// sheet, row, column and a hint; the untouched rows record nothing.
	if got := queryCSV(t, db, `select count(*) from hub_log`); got[0][0] != "5" {
		t.Errorf("hub_log holds %s entries; want 5", got[0][0])
	}
	got := queryCSV(t, db, `select sheet, row_number, column_name, reason, coalesce(hint, '') from rejections_raw where source_file like '%filled%' order by row_number`)
	want := [][2]string{{itoa(after), "item_key"}, {itoa(after + 1), "status"}, {itoa(after + 2), "due_date"}}
	if len(got) != 3 {
		t.Fatalf("rejections %v; want 3", got)
	}
	for i, w := range want {
		if got[i][0] != "Hub log" || got[i][1] != w[0] || got[i][2] != w[1] || got[i][4] == "" {
			t.Errorf("rejection %d: %v; want sheet Hub log, row %s, column %s, with a hint", i, got[i], w[0], w[1])
		}
	}
	// They are the hub's own rows: no supplier's rejected rows.
	if got := queryCSV(t, db, `select count(*) from rejected_rows where source_file like '%filled%' and supplier_name is not null`); len(got) != 1 || got[0][0] != "0" {
		t.Errorf("%s hub log rejections are put to a supplier", got[0][0])
	}
	// A correction loaded later supersedes the August chase's date; both
	// entries are kept.
	corr := filepath.Join(dir, "hub log correction.csv")
	if err := os.WriteFile(corr, []byte("Item key,Log month,Status,Date checked\nchase|C-2|2026-08,2026-09,chased,03/10/2026\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := svhub(t, "--db", db, "ingest", "--strict", corr); code != 0 {
		t.Fatalf("ingest correction exit %d: %s", code, errs)
	}
	if got := queryCSV(t, db, `select count(*), count(*) filter (where superseded) from hub_log where item_key = 'chase|C-2|2026-08'`); got[0][0] != "2" || got[0][1] != "1" {
		t.Errorf("August chase entries (all, superseded) = %v; want 2, 1", got[0])
	}
	if got := queryCSV(t, db, `select loaded_by <> '', source_file like '%filled%' from hub_log where item_key = 'chase|C-2|2026-07'`); len(got) != 1 || got[0][0] != "true" || got[0][1] != "true" {
		t.Errorf("July chase audit %v; want who and which file", got)
	}
	// Verified delivery: C-1 claims 6 (one a month April to September);
	// only September's evidence was seen, so 1 is verified (16.7%); C-2
	// claims 3, none verified.
	got = queryCSV(t, db, `select contract_ref, claimed_to_date, verified_to_date, verified_share_pct, returns_verified, verified_rag from verified_delivery order by 1`)
	if len(got) != 2 || strings.Join(got[0], ",") != "C-1,6,1,16.7,1,red" || strings.Join(got[1], ",") != "C-2,3,0,0,0,red" {
		t.Errorf("verified_delivery %v; want C-1 6 claimed, 1 verified (16.7%%, red on 1/6); C-2 3 claimed, 0 verified", got)
	}
	if got := queryCSV(t, db, `select evidence_status, count(*) from evidence_status group by 1 order by 1`); len(got) != 2 || got[0][0] != "not checked" || got[0][1] != "8" || got[1][0] != "seen" || got[1][1] != "1" {
		t.Errorf("evidence_status %v; want 8 not checked, 1 seen", got)
	}

	// Month 2: October's returns (C-1 only); today 20 November. C-2's
	// September is now overdue too (due 30 October).
	t.Setenv("SVHUB_TODAY", "2026-11-20")
	t.Setenv("SVHUB_CHASE_ESCALATE_AFTER", "2")
	oct := filepath.Join(dir, "returns-2026-10.csv")
	if err := os.WriteFile(oct, []byte("contract_ref,period,measure_code,value\nC-1,2026-10,SVM25.1.2,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := svhub(t, "--db", db, "ingest", "--strict", "-q", oct); code != 0 {
		t.Fatalf("October returns: %s", errs)
	}
	// The chase recorded in month 1 shows in month 2's chase list.
	got = queryCSV(t, db, `select strftime(period, '%Y-%m'), times_chased, chased, escalate from chase_status order by period`)
	wantChase := []string{"2026-07,1,\"chased once, last 2 October 2026\",false", "2026-08,1,\"chased once, last 3 October 2026\",false", "2026-09,0,not chased,false"}
	if len(got) != 3 {
		t.Fatalf("chase_status %v; want July, August, September", got)
	}
	for i, w := range wantChase {
		if g := got[i][0] + "," + got[i][1] + ",\"" + got[i][2] + "\"," + got[i][3]; strings.ReplaceAll(g, "\"not chased\"", "not chased") != w {
			t.Errorf("chase %d: %s; want %s", i, g, w)
		}
	}
	f2, _ := hubLogTemplate(t, db, filepath.Join(dir, "m2"))
	// One chase letter per supplier with overdue returns: Beta Ltd's three
	// months, with the chases so far, to send by 20 November + 14 days.
	letters, _ := filepath.Glob(filepath.Join(dir, "m2", "chase letters", "*.txt"))
	if len(letters) != 1 || filepath.Base(letters[0]) != "chase Beta Ltd.txt" {
		t.Fatalf("chase letters %v; want one, for Beta Ltd", letters)
	}
	letter, _ := os.ReadFile(letters[0])
	for _, want := range []string{
		"contract C-2 (Test Hospitals NHS Trust), July 2026: due 30 August 2026, 82 days overdue (chased once, last 2 October 2026)",
		"contract C-2 (Test Hospitals NHS Trust), September 2026: due 30 October 2026, 21 days overdue (not chased)",
		"by 4 December 2026", `"return C-2 Beta Ltd.xlsx"`,
	} {
		if !strings.Contains(string(letter), want) {
			t.Errorf("chase letter lacks %q:\n%s", want, letter)
		}
	}
	keys2, _ := logRows(t, f2)
	// The flag resolved in month 1 does not come back; the evidence seen
	// is not asked for again; the off-track row carries its owner.
	if keys2[flagPlan] != 0 {
		t.Error("month 2 log lists the flag resolved in month 1")
	}
	if keys2[evSep] != 0 {
		t.Error("month 2 log asks again for September's evidence, seen in month 1")
	}
	if keys2[chaseSep] == 0 || keys2[chaseJul] == 0 {
		t.Errorf("month 2 log lacks a chase row; keys %v", keys2)
	}
	if v, _ := f2.GetCellValue("Hub log", "J"+itoa(keys2[offTrack])); v != "AB" {
		t.Errorf("off-track owner carried to month 2: %q; want AB", v)
	}
	if v, _ := f2.GetCellValue("Hub log", "H"+itoa(keys2[offTrack])); v != "2026-10" {
		t.Errorf("month 2 log month %q; want 2026-10", v)
	}
	if got := queryCSV(t, db, `select count(*) from commitment_flags where contract_ref = 'C-2' and flag = 'no_delivery_plan'`); got[0][0] != "1" {
		t.Errorf("commitment_flags keeps the rule's finding: %v", got)
	}
	if got := queryCSV(t, db, `select count(*) from commitment_flags_open where contract_ref = 'C-2' and flag = 'no_delivery_plan'`); got[0][0] != "0" {
		t.Errorf("commitment_flags_open still has the resolved flag: %v", got)
	}
	// svhub lint no longer raises it either (C-1 still has findings).
	if _, out, _ := svhub(t, "--db", db, "lint"); !strings.Contains(out, "C-1") || strings.Contains(out, "no_delivery_plan") || strings.Contains(strings.ToLower(out), "no delivery plan") {
		t.Errorf("lint after the flag was resolved:\n%s", out)
	}
	// The action agreed for C-2, due 15 October, is past due on 20 November.
	got = queryCSV(t, db, `select item_key, status, past_due from actions order by item_key`)
	if len(got) != 3 || strings.Join(got[0], ",") != "evidence|C-1|2026-09|SVM25.1.2,resolved,false" ||
		strings.Join(got[1], ",") != "flag|C-2|SVM25.1.2|no_delivery_plan,resolved,false" || strings.Join(got[2], ",") != "offtrack|C-2|SVM25.1.2,action agreed,true" {
		t.Errorf("actions %v", got)
	}

	// Month 2's log: July chased again on 3 November; with escalation after
	// 2 chases, July is to be escalated.
	f2.Close()
	m2 := filepath.Join(dir, "hub log 2026-10 filled.csv")
	if err := os.WriteFile(m2, []byte("Item key,Log month,Status,Date checked\nchase|C-2|2026-07,2026-10,chased,03/11/2026\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := svhub(t, "--db", db, "ingest", "--strict", m2); code != 0 {
		t.Fatalf("ingest month 2 log: %s", errs)
	}
	got = queryCSV(t, db, `select times_chased, chased, escalate from chase_status where period = '2026-07-01'`)
	if len(got) != 1 || strings.Join(got[0], ",") != "2,\"chased 2 times, last 3 November 2026\",true" && strings.Join(got[0], ",") != "2,chased 2 times, last 3 November 2026,true" {
		t.Errorf("July chase after month 2: %v; want chased 2 times, last 3 November 2026, escalate", got)
	}

	// Month 2's board pack: the chase list shows the chases and the
	// escalation, the Actions sheet the verified share, the action past
	// due and the resolved items; the resolved flag is not in the flags.
	pack := filepath.Join(dir, "board-pack.xlsx")
	if code, _, errs := svhub(t, "--db", db, "report", "excel", "--out", pack); code != 0 {
		t.Fatalf("board pack: %s", errs)
	}
	bp, err := excelize.OpenFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	defer bp.Close()
	sheet := func(name string) []string {
		rows, err := bp.GetRows(name)
		if err != nil {
			t.Fatalf("sheet %s: %v", name, err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, " | "))
		}
		return out
	}
	has := func(rows []string, want string) bool {
		for _, r := range rows {
			if r == want {
				return true
			}
		}
		return false
	}
	exc := sheet("Exceptions")
	if want := "C-2 | Beta Ltd | Jul 2026, Aug 2026, Sep 2026 | 3 | 82 | chased 2 times, last 3 November 2026; escalate | Test Hospitals NHS Trust"; !has(exc, want) {
		t.Errorf("chase list lacks %q (82 days: July due 30 August, to 20 November)\n%s", want, strings.Join(exc, "\n"))
	}
	for _, r := range exc {
		if strings.HasPrefix(r, "No delivery plan |") {
			t.Errorf("Exceptions still raises the flag resolved in month 1: %q", r)
		}
	}
	act := sheet("Actions")
	// Claimed: C-1 7 of 7 expected by October (green), C-2 3 of 7 (red):
	// 50% on track. Verified: C-1 1 of 7 (only September's evidence seen,
	// red), C-2 0: 0%. Returns: 7 + 3 claimed, 1 verified: 10%.
	for _, want := range []string{
		"On track, claimed | On track, verified | Returns claimed | Returns verified | Share verified",
		"50% | 0% | 10 | 1 | 10%",
		"Past due | Off-track commitment | C-2 | Beta Ltd | SVM25.1.2 | recovery plan: 2 apprentices a month | AB | 15 Oct 2026 | action agreed",
		"Evidence check | C-1 | Acme Ltd | SVM25.1.2 | payroll extract seen |  | Sep 2026",
		"Quality flag | C-2 | Beta Ltd | SVM25.1.2 no_delivery_plan | delivery plan received 1 October |  | Sep 2026",
	} {
		if !has(act, want) {
			t.Errorf("Actions sheet lacks %q\n%s", want, strings.Join(act, "\n"))
		}
	}
	// Beta Ltd's feedback workbook says when it was asked.
	fbDir := filepath.Join(dir, "feedback")
	if code, _, errs := svhub(t, "--db", db, "report", "excel", "--per-supplier", fbDir); code != 0 {
		t.Fatalf("feedback workbooks: %s", errs)
	}
	if fb, _ := filepath.Glob(filepath.Join(fbDir, "*Beta*.xlsx")); len(fb) != 1 {
		t.Errorf("feedback workbooks for Beta Ltd: %v", fb)
	} else {
		w, err := excelize.OpenFile(fb[0])
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := w.GetRows("Missing returns")
		w.Close()
		found := false
		for _, r := range rows {
			found = found || strings.Join(r, " | ") == "C-2 | Jul 2026 | 30 Aug 2026 | 82 | chased 2 times, last 3 November 2026"
		}
		if !found {
			t.Errorf("Beta Ltd's Missing returns sheet lacks July's chases: %q", rows)
		}
	}
	// The dashboard's chase list shows the same.
	if html.HasECharts() {
		page := filepath.Join(dir, "dashboard.html")
		if code, _, errs := svhub(t, "--db", db, "report", "html", "--out", page); code != 0 {
			t.Fatalf("dashboard: %s", errs)
		}
		b, _ := os.ReadFile(page)
		if !strings.Contains(string(b), "chased 2 times, last 3 November 2026; escalate") {
			t.Error("dashboard chase list lacks C-2's chases (chased 2 times, last 3 November 2026; escalate)")
		}
		for _, want := range []string{"Delivery claimed and verified", "On track, as claimed", "On track, verified"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
	}
}
