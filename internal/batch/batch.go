// Package batch runs the hub's month in one call: ingest the files in the
// inbox that were not seen before, then (only when something that feeds them
// changed) rebuild the month's outputs (dashboard, board pack, per-supplier
// feedback, export) into OUT/YYYY-MM/, writing them all into a temporary
// folder first and swapping it in only when every step succeeded. Each run
// leaves a JSON-lines run log. The steps call the same library functions as
// the single commands; this package only orchestrates.
package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/transform"
)

// Options control one batch run.
type Options struct {
	Inbox  string
	Out    string
	AsOf   time.Time // first of the reporting month; zero: the latest month with returns
	Strict bool      // a file with any rejected row loads nothing
	Force  bool      // rebuild the outputs even when nothing changed
	// Today is the reference date the database connection was opened with
	// (overdue returns depend on it, so it is part of what outputs depend on).
	Today   time.Time
	Version string // svhub version, recorded in the log and the state
	// Settings are the configured settings the views read (see
	// export.Options.Settings), carried into the export.
	Settings map[string]string
	// Limits and Suppliers are the ingest's configured file limits and
	// supplier-name check, as `svhub ingest` passes them (zero: defaults).
	Limits    tabular.Limits
	Suppliers validate.SupplierCheck
	// User names who ran the batch (the OS user), kept with each hub log
	// entry its ingest loads, as `svhub ingest` keeps it.
	User   string
	Now    func() time.Time
	Logger *slog.Logger
	// Steps write the month's outputs, in order; nil means DefaultSteps.
	Steps []Step
	// From and To are the period the financial-year view totals (zero:
	// the reporting month's financial year, to date).
	From, To time.Time
	// Commentary is the analyst's text for the board pack's Summary.
	Commentary string
}

// Env is what a step gets: the database after ingest, the month, and the
// month's report (built once, drawn by every renderer).
type Env struct {
	DB     *store.DB
	AsOf   time.Time
	Now    time.Time
	Report *spec.Report
	Ingest *ingest.Result
	Opts   *Options
}

// Step writes some of the month's outputs into dir (the temporary month
// folder) and must write nothing outside it.
type Step struct {
	Name string
	Run  func(ctx context.Context, env *Env, dir string) error
}

// StateFile records what the month's outputs were built from, so the next
// run can tell whether anything changed.
const StateFile = "inputs.json"

// LogFile is the copy of the building run's log kept with the outputs.
const LogFile = "run-log.jsonl"

// State is what the outputs of a month depend on, and what they are.
type State struct {
	SvhubVersion  string            `json:"svhub_version"`
	SchemaVersion int               `json:"schema_version"`
	ViewsHash     string            `json:"views_hash"`
	AsOf          string            `json:"as_of"`
	ReferenceDate string            `json:"reference_date"`
	Files         []string          `json:"files"` // SHA-256 of every loaded file, in load order
	Settings      map[string]string `json:"settings"`
	Outputs       []Output          `json:"outputs"`
}

// Output is one file the run wrote, relative to OUT.
type Output struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// GoneFile is a loaded file that has left the inbox.
type GoneFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows_loaded"`
}

// FileLog is one inbox file in the run log.
type FileLog struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Status string `json:"status"` // loaded, skipped (seen before), strict_failed, not_read
	// Problem is why a file was not read at all (not_read), Hint what to do.
	Problem       string `json:"problem,omitempty"`
	Hint          string `json:"hint,omitempty"`
	RowsAccepted  int    `json:"rows_accepted"`
	RowsRejected  int    `json:"rows_rejected"`
	Supersessions int    `json:"supersessions"`
	// Conflicts counts the returns of this file that another new file of
	// the run gave a different value (see ingest.Supersession).
	Conflicts int   `json:"conflicts,omitempty"`
	Millis    int64 `json:"ms"`
}

// Result sums up a run for the summary.
type Result struct {
	MonthDir      string
	AsOf          time.Time
	Files         []FileLog
	New, Skipped  int
	Loaded        int
	Rejected      int
	NotRead       int // new files that could not be read or held no data
	Supersessions int
	// Conflicts are the returns two new files of this run gave different
	// values: the later by modification time is used, and someone must
	// check which is right.
	Conflicts []ingest.Supersession
	// Gone are files loaded from the inbox before that are no longer in
	// it: their rows still count until someone withdraws them.
	Gone    []GoneFile
	Rebuilt bool
	Reason  string // why the outputs were (or were not) rebuilt
	Outputs []Output
	LogPath string
	Elapsed time.Duration
	// Leftover says the outputs were rebuilt but the previous month folder
	// could not be removed (atomicfile.LeftoverError); empty otherwise.
	Leftover string
}

// Run runs the batch on db (opened for writing, views prepared).
func Run(ctx context.Context, db *store.DB, o Options) (res *Result, err error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Steps == nil {
		o.Steps = DefaultSteps()
	}
	start, began := o.Now(), time.Now()
	res = &Result{}
	// What earlier runs left (a month folder Windows would not remove while
	// a file in it was open, a run killed mid-build) goes first.
	atomicfile.CleanLeftovers(o.Out)
	lg := &runLog{}
	lg.add(map[string]any{"event": "start", "time": start.UTC().Format(time.RFC3339), "svhub_version": o.Version,
		"inbox": shownpath.Slash(o.Inbox), "out": shownpath.Slash(o.Out), "db": shownpath.Slash(db.Path), "as_of": monthOrEmpty(o.AsOf), "reference_date": o.Today.Format("2006-01-02"),
		"strict": o.Strict, "force": o.Force})
	defer func() {
		res.Elapsed = time.Since(began)
		end := map[string]any{"event": "end", "status": "ok", "ms": res.Elapsed.Milliseconds()}
		switch {
		case err != nil:
			end["status"] = "failed"
			end["error"] = err.Error()
		case !res.Rebuilt:
			end["status"] = "up_to_date"
		}
		lg.add(end)
		p, lerr := lg.save(o.Out, start)
		res.LogPath = shownpath.Slash(p)
		if err == nil && lerr != nil {
			err = lerr
		}
	}()

	// 1. Ingest what is new.
	t := time.Now()
	// The run's one reference date: without it the ingest would judge
	// "in the future" by the clock, and the reports by --today.
	ir, err := ingest.Run(ctx, db, []string{o.Inbox}, ingest.Options{Strict: o.Strict, Logger: o.Logger, Now: o.Now, Today: o.Today,
		Limits: o.Limits, Suppliers: o.Suppliers, User: o.User})
	if err == nil && ir.NeedsRebuild {
		// The load has committed: the marts follow in a transaction of
		// their own.
		began := time.Now()
		err = transform.UpdateMarts(ctx, db, transform.Touched(ir.Touched))
		o.Logger.Info("marts rebuilt", "elapsed", time.Since(began).Round(time.Millisecond))
		if err != nil {
			err = fmt.Errorf("ingest: the files are loaded, but rebuilding the report tables failed (%w); "+
				"reports build them as they run, more slowly, until the next load rebuilds them", err)
		}
	}
	if err != nil {
		lg.step("ingest", t, err)
		return res, fmt.Errorf("ingest %s: %w", o.Inbox, err)
	}
	sup, err := supersessions(ctx, db, ir)
	if err != nil {
		return res, err
	}
	conflicts := map[string]int{}
	for _, s := range ir.Supersessions {
		if s.Conflict {
			res.Conflicts = append(res.Conflicts, s)
			conflicts[s.NewFile]++
			lg.add(map[string]any{"event": "conflict", "contract_ref": s.ContractRef, "period": s.Period, "measure_code": s.MeasureCode,
				"used":  map[string]any{"file": s.NewFile, "value": s.NewValue, "modified": s.NewModTime.UTC().Format(time.RFC3339)},
				"other": map[string]any{"file": s.OldFile, "value": s.OldValue, "modified": s.OldModTime.UTC().Format(time.RFC3339)}})
		}
	}
	for _, f := range ir.Files {
		fl := FileLog{Path: f.Path, SHA256: f.SHA256, Status: "loaded", RowsAccepted: f.Loaded, RowsRejected: f.Rejected,
			Supersessions: sup[f.SHA256] - conflicts[f.Path], Conflicts: conflicts[f.Path], Millis: f.Elapsed.Milliseconds()}
		switch {
		case f.Skipped:
			fl.Status = "skipped"
			res.Skipped++
		case f.StrictFailed:
			fl.Status = "strict_failed"
			res.New++
		case f.Problem != "":
			fl.Status, fl.Problem, fl.Hint = "not_read", f.Problem, f.Hint
			res.New++
			res.NotRead++
		default:
			res.New++
		}
		res.Files = append(res.Files, fl)
		res.Loaded += f.Loaded
		res.Rejected += f.Rejected
		res.Supersessions += fl.Supersessions
		lg.add(map[string]any{"event": "file", "file": fl})
	}
	lg.step("ingest", t, nil)
	if res.Gone, err = goneFiles(ctx, db, o.Inbox, ir); err != nil {
		return res, err
	}
	for _, g := range res.Gone {
		lg.add(map[string]any{"event": "left_inbox", "file": g})
	}

	// Marts are tables built at load time: when this run loaded nothing but
	// the reference date or a setting changed, rebuild them for this session.
	if _, err := transform.FreshenMarts(ctx, db); err != nil {
		return res, fmt.Errorf("refresh marts: %w", err)
	}

	// 2. Decide whether the month's outputs need building.
	asOf := o.AsOf
	if asOf.IsZero() {
		if err := db.QueryRowContext(ctx, `select reporting_month from int_reporting_month`).Scan(&asOf); err != nil {
			return res, fmt.Errorf("read the reporting month: %w", err)
		}
	}
	res.AsOf = asOf
	monthName := asOf.Format("2006-01")
	res.MonthDir = shownpath.Slash(filepath.Join(o.Out, monthName)) // shown and logged; Windows opens it as well
	state, err := currentState(ctx, db, &o, asOf)
	if err != nil {
		return res, err
	}
	rebuild, reason := needsBuild(res.MonthDir, o.Out, state, o.Force)
	res.Rebuilt, res.Reason = rebuild, reason
	lg.add(map[string]any{"event": "decision", "rebuild": rebuild, "reason": reason, "month_dir": res.MonthDir})
	if !rebuild {
		return res, nil
	}

	// 3. Build every output into a temporary folder; swap it in at the end.
	env := &Env{DB: db, AsOf: asOf, Now: generatedAt(o), Ingest: ir, Opts: &o}
	err = atomicfile.ReplaceDir(res.MonthDir, func(tmp string) error {
		for _, s := range o.Steps {
			t := time.Now()
			before, _ := listFiles(tmp)
			err := s.Run(ctx, env, tmp)
			lg.step(s.Name, t, err)
			if err != nil {
				return fmt.Errorf("%s: %w (the outputs in %s were left as they were)", s.Name, err, res.MonthDir)
			}
			after, err := listFiles(tmp)
			if err != nil {
				return err
			}
			for _, f := range after {
				if slices.Contains(before, f) {
					continue
				}
				out, err := describe(tmp, f, monthName)
				if err != nil {
					return err
				}
				state.Outputs = append(state.Outputs, out)
				lg.add(map[string]any{"event": "output", "step": s.Name, "path": out.Path, "bytes": out.Bytes, "sha256": out.SHA256})
			}
		}
		// The log so far goes with the outputs, then the state that lets the
		// next run leave them alone.
		if err := atomicfile.Write(filepath.Join(tmp, LogFile), lg.writeTo); err != nil {
			return err
		}
		out, err := describe(tmp, LogFile, monthName)
		if err != nil {
			return err
		}
		state.Outputs = append(state.Outputs, out)
		return atomicfile.Write(filepath.Join(tmp, StateFile), func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(state)
		})
	})
	var leftover *atomicfile.LeftoverError
	if errors.As(err, &leftover) {
		// The new outputs are in place; only the previous folder lingers
		// (Windows: a file in it was open). Say so; the next run removes it.
		res.Leftover = leftover.Error()
		lg.add(map[string]any{"event": "leftover", "path": shownpath.Slash(leftover.Old), "error": leftover.Err.Error()})
		err = nil
	}
	if err != nil {
		return res, err
	}
	res.Outputs = state.Outputs
	return res, nil
}

func monthOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01")
}

// supersessions counts, per file loaded in this run, the earlier returns its
// rows replaced (each superseded row's direct successor is the next load of
// the same contract, period and measure).
func supersessions(ctx context.Context, db *store.DB, ir *ingest.Result) (map[string]int, error) {
	out := map[string]int{}
	var shas []any
	var marks []string
	for _, f := range ir.Files {
		if !f.Skipped && !f.StrictFailed && f.Loaded > 0 {
			shas = append(shas, f.SHA256)
			marks = append(marks, "?")
		}
	}
	if len(shas) == 0 {
		return out, nil
	}
	rows, err := db.QueryContext(ctx, `with chain as (
			select superseded, lag(file_sha256) over (
				partition by contract_ref, period, measure_code
				order by load_seq desc, row_number desc) as replaced_by
			from returns_clean)
		select replaced_by, count(*) from chain
		where superseded and replaced_by in (`+strings.Join(marks, ", ")+`)
		group by replaced_by`, shas...)
	if err != nil {
		return nil, fmt.Errorf("count supersessions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sha string
		var n int
		if err := rows.Scan(&sha, &n); err != nil {
			return nil, err
		}
		out[sha] = n
	}
	return out, rows.Err()
}

// goneFiles lists the files loaded from the inbox before (their path is
// under it) whose content is no longer there, under any name: their rows
// still count, and nothing else would say so.
func goneFiles(ctx context.Context, db *store.DB, inbox string, ir *ingest.Result) ([]GoneFile, error) {
	here := map[string]bool{}
	for _, f := range ir.Files {
		if f.SHA256 != "" {
			here[f.SHA256] = true
		}
	}
	absInbox, err := filepath.Abs(inbox)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `select source_file, file_sha256, rows_loaded from ingest_files where not strict_failed order by load_seq`)
	if err != nil {
		return nil, fmt.Errorf("read ingest history: %w", err)
	}
	defer rows.Close()
	var out []GoneFile
	for rows.Next() {
		var g GoneFile
		if err := rows.Scan(&g.Path, &g.SHA256, &g.Rows); err != nil {
			return nil, err
		}
		abs, err := filepath.Abs(g.Path)
		if err != nil || here[g.SHA256] {
			continue
		}
		if rel, err := filepath.Rel(absInbox, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			out = append(out, g)
		}
	}
	return out, rows.Err()
}

// currentState reads what the outputs would be built from now.
func currentState(ctx context.Context, db *store.DB, o *Options, asOf time.Time) (*State, error) {
	s := &State{SvhubVersion: o.Version, SchemaVersion: store.LatestVersion(), AsOf: asOf.Format("2006-01"),
		ReferenceDate: o.Today.Format("2006-01-02"), Settings: map[string]string{}}
	var err error
	if s.ViewsHash, err = db.Meta(ctx, "views_hash"); err != nil {
		return nil, fmt.Errorf("read views hash: %w", err)
	}
	rows, err := db.QueryContext(ctx, `select file_sha256 from ingest_files order by load_seq, file_sha256`)
	if err != nil {
		return nil, fmt.Errorf("read ingest history: %w", err)
	}
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			rows.Close()
			return nil, err
		}
		s.Files = append(s.Files, sha)
	}
	rows.Close()
	// The settings in force, wherever they came from (settings table,
	// configuration): int_settings is what the models read.
	rows, err = db.QueryContext(ctx, `select * from int_settings`)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		for i, n := range names {
			if n == "today" {
				continue // the reference date, compared on its own
			}
			switch v := vals[i].(type) {
			case nil:
				s.Settings[n] = ""
			case time.Time:
				s.Settings[n] = v.Format("2006-01-02")
			default:
				s.Settings[n] = fmt.Sprint(v)
			}
		}
	}
	return s, rows.Err()
}

// needsBuild compares what the outputs would be built from now with what
// the existing ones were built from, and checks they are still as written.
func needsBuild(monthDir, out string, now *State, force bool) (bool, string) {
	if force {
		return true, "--force"
	}
	b, err := os.ReadFile(filepath.Join(monthDir, StateFile))
	if err != nil {
		return true, "no earlier outputs for this month"
	}
	var was State
	if err := json.Unmarshal(b, &was); err != nil {
		return true, "the earlier outputs' " + StateFile + " is unreadable"
	}
	var why []string
	if n := len(newFiles(was.Files, now.Files)); n > 0 {
		why = append(why, fmt.Sprintf("%d new input file(s)", n))
	} else if !slices.Equal(was.Files, now.Files) {
		why = append(why, "the set of loaded files changed")
	}
	var changed []string
	for k, v := range now.Settings {
		if was.Settings[k] != v {
			changed = append(changed, k)
		}
	}
	for k := range was.Settings {
		if _, ok := now.Settings[k]; !ok {
			changed = append(changed, k)
		}
	}
	if len(changed) > 0 {
		sort.Strings(changed)
		why = append(why, "setting(s) changed: "+strings.Join(changed, ", "))
	}
	if was.ReferenceDate != now.ReferenceDate {
		why = append(why, "reference date "+was.ReferenceDate+" → "+now.ReferenceDate)
	}
	if was.SvhubVersion != now.SvhubVersion || was.SchemaVersion != now.SchemaVersion || was.ViewsHash != now.ViewsHash {
		why = append(why, "svhub version or models changed")
	}
	if len(why) > 0 {
		return true, strings.Join(why, "; ")
	}
	for _, o := range was.Outputs {
		got, err := describe(out, o.Path, "")
		if err != nil || got.SHA256 != o.SHA256 {
			return true, "output " + o.Path + " is missing or was changed since it was written"
		}
	}
	now.Outputs = was.Outputs
	return false, "nothing new: no new files, settings unchanged"
}

func newFiles(was, now []string) []string {
	var out []string
	for _, s := range now {
		if !slices.Contains(was, s) {
			out = append(out, s)
		}
	}
	return out
}

// listFiles lists the regular files under dir, relative to it.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out, err
}

// describe sizes and hashes base/rel; the path recorded is prefix/rel.
func describe(base, rel, prefix string) (Output, error) {
	f, err := os.Open(filepath.Join(base, rel))
	if err != nil {
		return Output{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Output{}, fmt.Errorf("read %s: %w", rel, err)
	}
	return Output{Path: filepath.ToSlash(filepath.Join(prefix, rel)), Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// runLog collects the run's JSON lines.
type runLog struct{ lines [][]byte }

func (l *runLog) add(v map[string]any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]any{"event": "log_error", "error": err.Error()})
	}
	l.lines = append(l.lines, b)
}

func (l *runLog) step(name string, t time.Time, err error) {
	e := map[string]any{"event": "step", "step": name, "ms": time.Since(t).Milliseconds(), "ok": err == nil}
	if err != nil {
		e["error"] = err.Error()
	}
	l.add(e)
}

func (l *runLog) writeTo(w io.Writer) error {
	for _, b := range l.lines {
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// save writes the whole log to OUT/logs/run-<start>.jsonl.
func (l *runLog) save(out string, start time.Time) (string, error) {
	dir := filepath.Join(out, "logs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write run log: %w", err)
	}
	// Two runs in the same second (or under a fixed test clock) get -2, -3...
	stamp := "run-" + start.UTC().Format("20060102T150405Z")
	p := filepath.Join(dir, stamp+".jsonl")
	for i := 2; ; i++ {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			break
		}
		p = filepath.Join(dir, fmt.Sprintf("%s-%d.jsonl", stamp, i))
	}
	if err := atomicfile.Write(p, l.writeTo); err != nil {
		return p, fmt.Errorf("write run log: %w", err)
	}
	return p, nil
}

// generatedAt is the "generated" stamp of the month's outputs: the
// reference date the run judged them on, not the wall clock, so two runs on
// the same inputs write the same bytes (the run log keeps the wall clock).
func generatedAt(o Options) time.Time {
	if !o.Today.IsZero() {
		return o.Today
	}
	return o.Now()
}
