package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/safename"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/pipeline"
)

// snapshot is every file under dir: content hash and identity, so a test
// can tell "unchanged" (same bytes, same file, never rewritten) apart from
// "rewritten with the same bytes".
type snapshot map[string]struct {
	sum string
	fi  os.FileInfo
}

func takeSnapshot(t *testing.T, dir string) snapshot {
	t.Helper()
	s := snapshot{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		s[rel] = struct {
			sum string
			fi  os.FileInfo
		}{hex.EncodeToString(h[:]), fi}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// diff lists the files added, removed, changed or rewritten between a and b.
func (a snapshot) diff(b snapshot) []string {
	var out []string
	for p, x := range a {
		y, ok := b[p]
		switch {
		case !ok:
			out = append(out, "removed "+p)
		case x.sum != y.sum:
			out = append(out, "changed "+p)
		case !os.SameFile(x.fi, y.fi) || !x.fi.ModTime().Equal(y.fi.ModTime()):
			out = append(out, "rewritten "+p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			out = append(out, "added "+p)
		}
	}
	sort.Strings(out)
	return out
}

type logLine struct {
	Event   string            `json:"event"`
	Status  string            `json:"status"`
	Rebuild bool              `json:"rebuild"`
	Reason  string            `json:"reason"`
	File    *pipeline.FileLog `json:"file"`
	Path    string            `json:"path"`
	Bytes   int64             `json:"bytes"`
	Step    string            `json:"step"`
	OK      bool              `json:"ok"`
}

// lastLog reads the newest run log under out/logs.
func lastLog(t *testing.T, out string, wantLogs int) []logLine {
	t.Helper()
	logs, _ := filepath.Glob(filepath.Join(out, "logs", "run-*.jsonl"))
	if len(logs) != wantLogs {
		t.Fatalf("%d run logs, want %d: %v", len(logs), wantLogs, logs)
	}
	// run-STAMP.jsonl, then run-STAMP-2.jsonl ... for runs in the same second
	// (every run here: the test clock is fixed).
	seq := func(p string) int {
		n := 1
		fmt.Sscanf(p[strings.LastIndex(p, "Z")+1:], "-%d.jsonl", &n)
		return n
	}
	sort.Slice(logs, func(i, j int) bool { return seq(logs[i]) < seq(logs[j]) })
	f, err := os.Open(logs[len(logs)-1])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []logLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l logLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("run log line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

func endStatus(lines []logLine) string {
	for _, l := range lines {
		if l.Event == "end" {
			return l.Status
		}
	}
	return ""
}

func decision(lines []logLine) logLine {
	for _, l := range lines {
		if l.Event == "decision" {
			return l
		}
	}
	return logLine{}
}

func fileLogs(lines []logLine) []*pipeline.FileLog {
	var out []*pipeline.FileLog
	for _, l := range lines {
		if l.File != nil {
			out = append(out, l.File)
		}
	}
	return out
}

// The monthly batch end to end on a generated inbox: the first run loads and
// writes every output; the second changes nothing, byte for byte; a changed
// setting rebuilds; a correction file supersedes exactly its rows and
// rewrites the reports; a failing step leaves the last good outputs untouched
// and exits 3; --force rebuilds with nothing new.
func TestRun_MonthlyBatchEndToEnd(t *testing.T) {
	skipShort(t)
	needECharts(t)
	dir := t.TempDir()
	region, err := synth.Generate(synth.Options{Seed: 5, Contracts: 20, Months: 4})
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	files, err := synth.WriteInbox(context.Background(), inbox, region)
	if err != nil {
		t.Fatal(err)
	}
	out, db := filepath.Join(dir, "out"), filepath.Join(dir, "svhub.duckdb")
	month := filepath.Join(out, "2026-09")
	runBatch := func(extra ...string) (int, string) {
		args := append([]string{"--db", db, "--today", "2026-10-20", "run", "--inbox", inbox, "--out", out}, extra...)
		code, _, errs := svhub(t, args...)
		return code, errs
	}

	// 1. First run: every file loads, every output is written.
	code, errs := runBatch()
	if code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, errs)
	}
	for _, p := range []string{pipeline.DashboardFile, pipeline.BoardPackFile, "export/manifest.json", "export/returns/year=2026/month=9/data_0.parquet", pipeline.LogFile, pipeline.StateFile, "hub log 2026-09.xlsx"} {
		if st, err := os.Stat(filepath.Join(month, p)); err != nil || st.Size() == 0 {
			t.Errorf("first run did not write %s: %v", p, err)
		}
	}
	// The hub log's chase letters: one per supplier with overdue returns.
	if letters, _ := filepath.Glob(filepath.Join(month, "chase letters", "chase *.txt")); len(letters) == 0 {
		t.Error("first run wrote no chase letters, though the demo has overdue returns")
	}
	lines := lastLog(t, out, 1)
	logged := fileLogs(lines)
	if len(logged) != len(files) {
		t.Fatalf("run log has %d files, the inbox %d", len(logged), len(files))
	}
	var accepted, rejected int
	for _, f := range logged {
		b, _ := os.ReadFile(f.Path)
		h := sha256.Sum256(b)
		if f.SHA256 != hex.EncodeToString(h[:]) || f.Status != "loaded" {
			t.Errorf("run log file %s: sha %s status %s", f.Path, f.SHA256, f.Status)
		}
		accepted += f.RowsAccepted
		rejected += f.RowsRejected
	}
	wantAccepted := len(region.Orgs) + len(region.Contracts) + len(region.Commitments) + len(region.Returns) + synth.PlanningRows(region)
	if accepted != wantAccepted || rejected != len(region.BadReturns) {
		t.Errorf("run log: %d rows accepted, %d rejected; the region has %d good rows and %d planted bad ones", accepted, rejected, wantAccepted, len(region.BadReturns))
	}
	// One feedback workbook per file with rejected rows, to send back.
	var withRejects []string
	for _, f := range logged {
		if f.RowsRejected > 0 {
			withRejects = append(withRejects, filepath.Base(f.Path)+".feedback.xlsx")
		}
	}
	fb, _ := filepath.Glob(filepath.Join(month, pipeline.FeedbackDir, "*.xlsx"))
	if len(withRejects) == 0 || len(fb) != len(withRejects) {
		t.Errorf("feedback workbooks %v; want one for each of %v", fb, withRejects)
	}
	// The board pack is the one `svhub report excel` writes, sheet for sheet.
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-10-20", "report", "excel", "--as-of", "2026-09", "--out", filepath.Join(dir, "pack.xlsx")); code != 0 {
		t.Fatalf("report excel: %s", errs)
	}
	if got, want := sheetNames(t, filepath.Join(month, pipeline.BoardPackFile)), sheetNames(t, filepath.Join(dir, "pack.xlsx")); !slices.Equal(got, want) || !slices.Contains(got, "Exceptions") {
		t.Errorf("run's board pack has sheets %v; report excel's has %v", got, want)
	}
	// One feedback page and one feedback workbook for every supplier with a
	// contract live in the reporting month (September 2026), and no others.
	live := map[string]bool{}
	sep := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range region.Contracts {
		if !c.Start.After(sep.AddDate(0, 1, -1)) && !c.End.Before(sep) {
			live[safename.Name(c.SupplierName)] = true
		}
	}
	for _, kind := range []struct{ glob, prefix, ext string }{{"*.html", "", ".html"}, {"feedback *.xlsx", "feedback ", ".xlsx"}} {
		got, _ := filepath.Glob(filepath.Join(month, pipeline.SuppliersDir, kind.glob))
		names := map[string]bool{}
		for _, p := range got {
			names[strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), kind.prefix), kind.ext)] = true
		}
		if len(live) == 0 || !maps.Equal(names, live) {
			t.Errorf("supplier %s files for %v; want one for each of the %d suppliers with live contracts %v", kind.ext, slices.Sorted(maps.Keys(names)), len(live), slices.Sorted(maps.Keys(live)))
		}
	}
	var outputs int
	for _, l := range lines {
		if l.Event == "output" {
			outputs++
			if st, err := os.Stat(filepath.Join(out, l.Path)); err != nil || st.Size() != l.Bytes {
				t.Errorf("logged output %s (%d bytes) not as written: %v", l.Path, l.Bytes, err)
			}
		}
	}
	if outputs < 5 || endStatus(lines) != "ok" || !decision(lines).Rebuild {
		t.Errorf("first run log: %d outputs, end %q, decision %+v", outputs, endStatus(lines), decision(lines))
	}
	first := takeSnapshot(t, month)

	// 2. Second run: nothing loaded, nothing rewritten, and the summary says so.
	code, errs = runBatch()
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
	if d := first.diff(takeSnapshot(t, month)); len(d) > 0 {
		t.Errorf("second run touched the outputs: %v", d)
	}
	if !strings.Contains(errs, "0 new") || !strings.Contains(errs, "unchanged") {
		t.Errorf("second run's summary should say nothing was new and nothing changed:\n%s", errs)
	}
	lines = lastLog(t, out, 2)
	for _, f := range fileLogs(lines) {
		if f.Status != "skipped" || f.RowsAccepted != 0 {
			t.Errorf("second run loaded %s: %+v", f.Path, f)
		}
	}
	if endStatus(lines) != "up_to_date" || decision(lines).Rebuild {
		t.Errorf("second run log: end %q, decision %+v", endStatus(lines), decision(lines))
	}

	// 3. A changed setting rebuilds.
	setSetting(t, db, "rag_green_min", "0.76")
	if code, errs = runBatch(); code != 0 || !strings.Contains(decision(lastLog(t, out, 3)).Reason, "rag_green_min") {
		t.Errorf("after a setting changed: exit %d, reason %q\n%s", code, decision(lastLog(t, out, 3)).Reason, errs)
	}
	// ... and the outputs use it: every ratio from 0.76 up is now green.
	var between, greenBelow int
	q := fmt.Sprintf(`select count(*) filter (where delivery_ratio >= 0.76 and delivery_ratio < 0.95 and rag <> 'grey'),
		count(*) filter (where rag = 'green' and delivery_ratio < 0.95)
		from read_parquet('%s/export/commitment_status/year=2026/month=9/*.parquet')`, month)
	if err := freshDuckDB(t).QueryRow(q).Scan(&between, &greenBelow); err != nil {
		t.Fatal(err)
	}
	if between == 0 || greenBelow != between {
		t.Errorf("after rag_green_min 0.76: %d judged commitments with ratio in [0.76, 0.95), %d of them green; want all (and some)", between, greenBelow)
	}
	// The rebuild re-read no file, yet keeps the month's feedback workbooks.
	for _, p := range fb {
		rel, _ := filepath.Rel(month, p)
		if now := takeSnapshot(t, month)[rel]; now.sum != first[rel].sum {
			t.Errorf("feedback %s lost or changed by a rebuild that re-read no file", rel)
		}
	}
	beforeFix := takeSnapshot(t, month)

	// 4. One correction file: exactly its rows supersede, the reports are rewritten.
	var fixes []synth.Return
	for _, r := range region.Returns {
		if r.Period.Month() == 8 && len(fixes) < 3 && (len(fixes) == 0 || fixes[len(fixes)-1].ContractRef != r.ContractRef) {
			fixes = append(fixes, r)
		}
	}
	var b strings.Builder
	b.WriteString("contract_ref,period,measure_code,value\n")
	for _, r := range fixes {
		fmt.Fprintf(&b, "%s,%s,%s,%g\n", r.ContractRef, r.Period.Format("2006-01"), r.MeasureCode, r.Value*10+1)
	}
	if err := os.WriteFile(filepath.Join(inbox, "correction-2026-08.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	supersededBefore := countRows(t, db, "select count(*) from returns_clean where superseded")
	code, errs = runBatch()
	if code != 0 {
		t.Fatalf("correction run: exit %d\n%s", code, errs)
	}
	lines = lastLog(t, out, 4)
	var fix *pipeline.FileLog
	for _, f := range fileLogs(lines) {
		if filepath.Base(f.Path) == "correction-2026-08.csv" {
			fix = f
		} else if f.Status != "skipped" {
			t.Errorf("correction run re-read %s", f.Path)
		}
	}
	if fix == nil || fix.Status != "loaded" || fix.RowsAccepted != 3 || fix.Supersessions != 3 {
		t.Errorf("correction file in the run log: %+v; want loaded, 3 rows, 3 supersessions", fix)
	}
	if got := countRows(t, db, "select count(*) from returns_clean where superseded"); got != supersededBefore+3 {
		t.Errorf("superseded returns went from %d to %d; want exactly 3 more", supersededBefore, got)
	}
	for _, r := range fixes {
		q := fmt.Sprintf("select count(*) from returns_clean where not superseded and contract_ref = '%s' and measure_code = '%s' and period = date '%s' and value = %g and source_file like '%%correction-2026-08.csv'",
			r.ContractRef, r.MeasureCode, r.Period.Format("2006-01-02"), r.Value*10+1)
		if countRows(t, db, q) != 1 {
			t.Errorf("the correction for %s %s %s is not the current return", r.ContractRef, r.MeasureCode, r.Period.Format("2006-01"))
		}
	}
	d := beforeFix.diff(takeSnapshot(t, month))
	for _, p := range []string{pipeline.DashboardFile, pipeline.BoardPackFile, "export/returns/year=2026/month=8/data_0.parquet", pipeline.StateFile} {
		if !containsSuffix(d, " "+p) {
			t.Errorf("correction run did not rewrite %s: %v", p, d)
		}
	}
	afterFix := takeSnapshot(t, month)

	// 5. A failing step (a full disk, say) after new data: exit 3, and the
	// last good outputs are exactly as they were, with no temporary folder left.
	os.WriteFile(filepath.Join(inbox, "correction-2026-07.csv"), []byte("contract_ref,period,measure_code,value\n"+
		fmt.Sprintf("%s,2026-07,%s,%g\n", fixes[0].ContractRef, fixes[0].MeasureCode, 5.0)), 0o644)
	runSteps = func(steps []pipeline.Step) []pipeline.Step {
		failing := pipeline.Step{Name: "board pack", Run: func(ctx context.Context, e *pipeline.Env, dir string) error {
			os.WriteFile(filepath.Join(dir, pipeline.BoardPackFile), []byte("half a workbook"), 0o644)
			return errors.New("write board-pack.xlsx: no space left on device")
		}}
		for i, s := range steps {
			if s.Name == "board pack" {
				steps[i] = failing
			}
		}
		return steps
	}
	code, errs = runBatch()
	runSteps = nil
	if code != exitFailure {
		t.Errorf("failing step: exit %d, want %d\n%s", code, exitFailure, errs)
	}
	if d := afterFix.diff(takeSnapshot(t, month)); len(d) > 0 {
		t.Errorf("a failed run changed the outputs: %v", d)
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".2026-09*")); len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
	if lines = lastLog(t, out, 5); endStatus(lines) != "failed" || !strings.Contains(errs, "NOT updated") {
		t.Errorf("failed run: log end %q; summary:\n%s", endStatus(lines), errs)
	}
	// The next run (the disk freed) builds what the failed one could not.
	if code, errs = runBatch(); code != 0 || !decision(lastLog(t, out, 6)).Rebuild {
		t.Errorf("run after the failure: exit %d, decision %+v\n%s", code, decision(lastLog(t, out, 6)), errs)
	}

	// --force rebuilds with nothing new (one cheap step stands in for the
	// reports here: what is tested is the decision).
	runSteps = func([]pipeline.Step) []pipeline.Step {
		return []pipeline.Step{{Name: "marker", Run: func(ctx context.Context, e *pipeline.Env, dir string) error {
			return os.WriteFile(filepath.Join(dir, "marker.txt"), []byte("forced"), 0o644)
		}}}
	}
	code, errs = runBatch("--force")
	runSteps = nil
	if code != 0 || decision(lastLog(t, out, 7)).Reason != "--force" {
		t.Errorf("--force: exit %d, decision %+v\n%s", code, decision(lastLog(t, out, 7)), errs)
	}
	if _, err := os.Stat(filepath.Join(month, "marker.txt")); err != nil {
		t.Errorf("--force did not rebuild the month: %v", err)
	}
}

func containsSuffix(list []string, suffix string) bool {
	for _, s := range list {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}

func countRows(t *testing.T, db, q string) int {
	t.Helper()
	conn, err := sql.Open("duckdb", db+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func setSetting(t *testing.T, db, key, value string) {
	t.Helper()
	conn, err := sql.Open("duckdb", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec("update settings set value = ? where key = ?", value, key); err != nil {
		t.Fatal(err)
	}
}

// --strict: a file with any rejected row loads nothing, and run exits 1.
func TestRun_StrictExits1OnRejections(t *testing.T) {
	t.Parallel()
	needECharts(t)
	dir := t.TempDir()
	region, err := synth.Generate(synth.Options{Seed: 5, Contracts: 12, Months: 2})
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(context.Background(), inbox, region); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, errs := svhub(t, "--db", preparedDB(t, filepath.Join(dir, "s.duckdb")), "--today", "2026-10-20", "run", "--inbox", inbox, "--out", out, "--strict")
	if len(region.BadReturns) == 0 {
		t.Fatal("the region has no planted bad rows: the test would prove nothing")
	}
	if code != exitDataProblem || !strings.Contains(errs, "NOT LOADED (--strict)") {
		t.Errorf("--strict with rejected rows: exit %d, want %d\n%s", code, exitDataProblem, errs)
	}
	var failed int
	for _, f := range fileLogs(lastLog(t, out, 1)) {
		if f.Status == "strict_failed" {
			failed++
			if f.RowsAccepted != 0 {
				t.Errorf("%s failed --strict but reports %d rows accepted", f.Path, f.RowsAccepted)
			}
		}
	}
	if failed == 0 {
		t.Error("no file logged as strict_failed")
	}
}

// A file that cannot be read is not "0 rows loaded": the summary and the run
// log say it was not read and why; the run goes on (exit 0) unless --strict.
func TestRun_UnreadableFileIsNamed(t *testing.T) {
	t.Parallel()
	needECharts(t)
	for _, strict := range []bool{false, true} {
		dir := t.TempDir()
		inbox := filepath.Join(dir, "inbox")
		os.MkdirAll(inbox, 0o755)
		files := map[string]string{
			"organisations.csv": "trust_code,trust_name,ics_code,region_code\nRX1,Trust One,QX1,Y60\n",
			"contracts.csv": "contract_ref,supplier_name,trust_code,title,start_date,end_date,value_gbp,sv_weighting_pct\n" +
				"C1,Acme Ltd,RX1,Cleaning,2026-04-01,2028-03-31,1000000,10\n",
			"commitments.csv":     "contract_ref,measure_code,target,unit,frequency\nC1,SVM25.1.2,120,number,monthly\n",
			"returns-2026-09.csv": "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,10\n",
			"empty-return.csv":    "contract_ref,period,measure_code,value\n",
		}
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(inbox, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out := filepath.Join(dir, "out")
		args := []string{"--db", preparedDB(t, filepath.Join(dir, "s.duckdb")), "--today", "2026-10-20", "run", "--inbox", inbox, "--out", out}
		if strict {
			args = append(args, "--strict")
		}
		code, _, errs := svhub(t, args...)
		want := 0
		if strict {
			want = exitDataProblem
		}
		if code != want || !strings.Contains(errs, "empty-return.csv") || !strings.Contains(errs, "NOT READ: ") || !strings.Contains(errs, "not read  1 file:") {
			t.Errorf("strict=%v: exit %d, want %d; summary:\n%s", strict, code, want, errs)
		}
		var notRead []*pipeline.FileLog
		for _, f := range fileLogs(lastLog(t, out, 1)) {
			if f.Status == "not_read" {
				notRead = append(notRead, f)
			}
		}
		if len(notRead) != 1 || filepath.Base(notRead[0].Path) != "empty-return.csv" || notRead[0].Problem == "" || notRead[0].Hint == "" {
			t.Errorf("strict=%v: not_read files in the run log %+v; want empty-return.csv with its problem and hint", strict, notRead)
		}
	}
}

func sheetNames(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return f.GetSheetList()
}

// One reference date travels the whole run: with --today 2026-06-15 (the
// test clock says 20 October 2026), a return for September 2026 is in the
// future and rejected by the run's ingest, as `svhub ingest` would; May's
// loads. Before, the batch's ingest fell back to the clock and loaded it.
func TestRun_ReferenceDateReachesTheIngest(t *testing.T) {
	t.Parallel()
	needECharts(t)
	dir := t.TempDir()
	inbox := kestrelInbox(t, dir, "contract_ref,period,measure_code,value\nK1,2026-05,SVM25.1.2,1\nK1,2026-09,SVM25.1.2,1\n")
	db := preparedDB(t, filepath.Join(dir, "s.duckdb"))
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-06-15", "-q", "run", "--inbox", inbox, "--out", filepath.Join(dir, "out")); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, errs)
	}
	_, out, _ := svhub(t, "--db", db, "--today", "2026-06-15", "-q", "query", "--format", "csv",
		"select (select string_agg(cast(period as varchar), ';' order by period) from returns_clean) as loaded, "+
			"(select count(*) from rejections where reason like '%future%') as future")
	if got, want := strings.TrimSpace(out), "loaded,future\n2026-05-01,1"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// The run passes the configured supplier-name check to its ingest, as
// `svhub ingest` does: a return naming "Kestrel Trading" for Kestrel Ltd's
// contract is refused by default and loads (with a note) under warn.
func TestRun_SupplierNameCheckSettingReachesTheIngest(t *testing.T) {
	t.Parallel()
	needECharts(t)
	for _, tc := range []struct {
		name     string
		set      []string
		wantRows string // loaded,refused
	}{
		{"default refuses", nil, "loaded,refused\n0,1"},
		{"warn loads", []string{"--set", "ingest.supplier_name_check=warn"}, "loaded,refused\n1,0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			inbox := kestrelInbox(t, dir, "contract_ref,supplier_name,period,measure_code,value\nK1,Kestrel Trading,2026-05,SVM25.1.2,1\n")
			db := preparedDB(t, filepath.Join(dir, "s.duckdb"))
			args := append([]string{"--db", db, "--today", "2026-06-15", "-q"}, tc.set...)
			if code, _, errs := svhub(t, append(args, "run", "--inbox", inbox, "--out", filepath.Join(dir, "out"))...); code != 0 {
				t.Fatalf("run: exit %d\n%s", code, errs)
			}
			_, out, _ := svhub(t, "--db", db, "--today", "2026-06-15", "-q", "query", "--format", "csv",
				"select (select count(*) from returns_clean) as loaded, "+
					"(select count(*) from rejections where column_name = 'supplier_name') as refused")
			if got := strings.TrimSpace(out); got != tc.wantRows {
				t.Errorf("got\n%s\nwant\n%s", got, tc.wantRows)
			}
		})
	}
}

// When the previous month folder could not be removed (Windows: a file in
// it open in Excel) the new outputs are in place: the summary says they
// were rebuilt, and names the leftover, never "NOT updated".
func TestPrintRun_LeftoverIsANoteNotAFailure(t *testing.T) {
	var b strings.Builder
	r := &pipeline.Result{MonthDir: "out/2026-09", AsOf: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Rebuilt: true, Reason: "--force",
		Outputs:  []pipeline.Output{{Path: "2026-09/dashboard.html", Bytes: 2048}},
		Leftover: "the new out/2026-09 is in place, but the previous one could not be removed (Access is denied.): it is left as out/.2026-09.old-svhub42-1 and the next run removes it"}
	printRun(&b, r, &runOptions{inbox: "inbox"}, nil)
	got := b.String()
	for _, want := range []string{"outputs   rebuilt (--force): 1 files, 2 KB in out/2026-09", "note      the new out/2026-09 is in place", "the next run removes it"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "NOT updated") {
		t.Errorf("summary says NOT updated:\n%s", got)
	}
}

// kestrelInbox writes dir/inbox with a one-contract register (Kestrel Ltd's
// K1, twelve apprentices April 2026 to March 2027) and the returns given.
func kestrelInbox(t *testing.T, dir, returns string) string {
	t.Helper()
	inbox := filepath.Join(dir, "inbox")
	files := map[string]string{
		"organisations.csv": "trust_code,trust_name,ics_code,region_code\nT1,Leeds Teaching Hospitals,I1,R1\n",
		"contracts.csv": "contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct\n" +
			"K1,Kestrel Ltd,T1,500000,2026-04-01,2027-03-31,10\n",
		"commitments.csv": "contract_ref,measure_code,target,delivery_plan\nK1,SVM25.1.2,12,Apprentices with the local college\n",
		"returns.csv":     returns,
	}
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(inbox, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return inbox
}

// A hub log the run finds in the inbox is loaded with who ran it, as
// `svhub ingest` records it: the audit trail does not depend on the route.
func TestRun_HubLogInTheInboxKeepsWhoLoadedIt(t *testing.T) {
	t.Parallel()
	needECharts(t)
	dir := t.TempDir()
	inbox := kestrelInbox(t, dir, "contract_ref,period,measure_code,value\nK1,2026-05,SVM25.1.2,1\n")
	if err := os.WriteFile(filepath.Join(inbox, "hub log.csv"), []byte("Item key,Log month,Status,Date checked\nchase|K1|2026-06,2026-09,chased,03/10/2026\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := preparedDB(t, filepath.Join(dir, "s.duckdb"))
	if code, _, errs := svhub(t, "--db", db, "--today", "2026-10-20", "-q", "run", "--inbox", inbox, "--out", filepath.Join(dir, "out")); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, errs)
	}
	_, out, _ := svhub(t, "--db", db, "--today", "2026-10-20", "-q", "query", "--format", "csv",
		"select item_key, coalesce(loaded_by, '') <> '' as who from hub_log")
	if got, want := strings.TrimSpace(out), "item_key,who\nchase|K1|2026-06,true"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
