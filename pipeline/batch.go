// Package pipeline owns the month's route: it sits above ingest, transform
// and report and is the one way the commands reach them. It holds the run's
// reference date (created once by the command, passed down, never re-read
// from a clock), its settings, its database and its outputs.
//
// Run is the hub's month in one call: ingest the files in the inbox that
// were not seen before, then (only when something that feeds them changed)
// rebuild the month's outputs (dashboard, board pack, per-supplier
// feedback, export) into OUT/YYYY-MM/, writing them all into a temporary
// folder first and swapping it in only when every step succeeded. Each run
// leaves a JSON-lines run log. The single commands (ingest, report, demo)
// call the same functions of this package as the steps of Run.
package pipeline

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
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/rusage"
	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/report/suppliers"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
	"github.com/nhs-hubs/svhub/transform"
)

// Options control one batch run.
type Options struct {
	Inbox  string
	Out    string
	AsOf   time.Time // first of the reporting month; zero: the latest month with returns
	Strict bool      // a file with any rejected row loads nothing
	Force  bool      // rebuild the outputs even when nothing changed
	// Database is what db was opened with: the reference date (overdue
	// returns depend on it, so it is part of what outputs depend on) and
	// the configuration, whose settings go into the export and whose
	// limits and supplier-name check the ingest applies.
	Database Database
	Version  string // svhub version, recorded in the log and the state
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
	// Suppliers picks the suppliers that get a page, a workbook and a
	// chase letter of their own; Unset: the default for the database's scope (see
	// supplierChoice). Run sets it to the choice it made.
	Suppliers suppliers.Choice
}

// Env is what a step gets: the database after ingest, the month, and the
// month's report (built once, drawn by every renderer).
type Env struct {
	DB   *store.DB
	AsOf time.Time
	// Now is the "generated" stamp of the month's outputs: the reference
	// date the run judged them on, not the wall clock, so two runs on the
	// same inputs write the same bytes (the run log keeps the wall clock).
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
	SvhubVersion  string `json:"svhub_version"`
	SchemaVersion int    `json:"schema_version"`
	ViewsHash     string `json:"views_hash"`
	AsOf          string `json:"as_of"`
	// Period is the period the financial-year view totals ("" for the
	// reporting month's year to date): part of the folder's name too.
	Period        string `json:"period,omitempty"`
	ReferenceDate string `json:"reference_date"`
	// Suppliers is the per-supplier output the run wrote (all, none or
	// the suppliers named) and why.
	Suppliers    string            `json:"suppliers"`
	SuppliersWhy string            `json:"suppliers_why,omitempty"`
	Files        []string          `json:"files"` // SHA-256 of every loaded file, in load order
	Settings     map[string]string `json:"settings"`
	Outputs      []Output          `json:"outputs"`
}

// Output is one file the run wrote, relative to OUT. Its size and
// modification time are what the next run checks (see needsBuild); the
// SHA-256 is for people and tools comparing outputs.
type Output struct {
	Path     string `json:"path"`
	Bytes    int64  `json:"bytes"`
	SHA256   string `json:"sha256"`
	Modified string `json:"modified,omitempty"` // RFC 3339, UTC, to the nanosecond
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
	// Suppliers is the per-supplier output chosen, and why (the default
	// for the database's scope, or --suppliers).
	Suppliers, SuppliersWhy string
	Outputs                 []Output
	LogPath                 string
	Elapsed                 time.Duration
	// Leftover says the outputs were rebuilt but the previous month folder
	// could not be removed (atomicfile.LeftoverError); empty otherwise.
	Leftover string
}

// Run runs the batch on db (opened for writing, views prepared): it
// ingests what is new, decides whether the month's outputs need building,
// and builds them.
func Run(ctx context.Context, db *store.DB, o Options) (res *Result, err error) {
	if o.Database.Today.IsZero() {
		// Overdue returns, the "future" check and the outputs' stamp all
		// judge by it: the command decides it, once.
		return &Result{}, errors.New("run: no reference date")
	}
	o.defaults()
	start, began := o.Now(), time.Now()
	res = &Result{}
	// What earlier runs left (a month folder Windows would not remove while
	// a file in it was open, a run killed mid-build) goes first.
	atomicfile.CleanLeftovers(o.Out)
	lg := &runLog{}
	lg.add(map[string]any{"event": "start", "time": start.UTC().Format(time.RFC3339), "svhub_version": o.Version,
		"inbox": shownpath.Slash(o.Inbox), "out": shownpath.Slash(o.Out), "db": shownpath.Slash(db.Path), "as_of": monthOrEmpty(o.AsOf), "reference_date": o.Database.Today.Format("2006-01-02"),
		"strict": o.Strict, "force": o.Force})
	defer func() {
		res.Elapsed = time.Since(began)
		lg.end(res, err)
		p, lerr := lg.save(o.Out, start)
		res.LogPath = shownpath.Slash(p)
		if err == nil && lerr != nil {
			err = lerr
		}
	}()

	ir, err := ingestInbox(ctx, db, &o, res, lg)
	if err != nil {
		return res, err
	}
	// Marts are tables built at load time: when this run loaded nothing but
	// the reference date or a setting changed, rebuild them for this session.
	if _, err := transform.FreshenMarts(ctx, db); err != nil {
		return res, fmt.Errorf("refresh marts: %w", err)
	}
	state, err := decide(ctx, db, &o, res, lg)
	if err != nil || !res.Rebuilt {
		return res, err
	}
	env := &Env{DB: db, AsOf: res.AsOf, Now: o.Database.Today, Ingest: ir, Opts: &o}
	return res, build(ctx, env, state, res, lg)
}

func (o *Options) defaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Steps == nil {
		o.Steps = DefaultSteps()
	}
}

// ingestInbox is the run's first step: load what is new in the inbox, and
// log and count each file, the conflicts between new files, and the files
// loaded before that have left the inbox.
func ingestInbox(ctx context.Context, db *store.DB, o *Options, res *Result, lg *runLog) (*ingest.Result, error) {
	t := startClock()
	// The run's one reference date: without it the ingest would judge
	// "in the future" by the clock, and the reports by --today.
	ir, err := Ingest(ctx, db, o.Database, []string{o.Inbox}, ingest.Options{Strict: o.Strict, Logger: o.Logger, Now: o.Now, User: o.User})
	if err != nil {
		lg.step("ingest", t, err)
		return nil, fmt.Errorf("ingest %s: %w", o.Inbox, err)
	}
	sup, err := supersessions(ctx, db, ir)
	if err != nil {
		return nil, err
	}
	conflicts := map[string]int{}
	for _, s := range ir.Supersessions {
		if s.Conflict {
			res.Conflicts = append(res.Conflicts, s)
			conflicts[s.NewFile]++
			lg.conflict(s)
		}
	}
	for _, f := range ir.Files {
		fl := FileLog{Path: f.Path, SHA256: f.SHA256, Status: "loaded", RowsAccepted: f.Loaded, RowsRejected: f.Rejected,
			Supersessions: sup[f.SHA256] - conflicts[f.Path], Conflicts: conflicts[f.Path], Millis: f.Elapsed.Milliseconds()}
		res.count(f, &fl)
		lg.add(map[string]any{"event": "file", "file": fl})
	}
	lg.step("ingest", t, nil)
	if res.Gone, err = goneFiles(ctx, db, o.Inbox, ir); err != nil {
		return nil, err
	}
	for _, g := range res.Gone {
		lg.add(map[string]any{"event": "left_inbox", "file": g})
	}
	return ir, nil
}

// count adds one inbox file to the run's totals, with its status.
func (res *Result) count(f *ingest.FileResult, fl *FileLog) {
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
	res.Files = append(res.Files, *fl)
	res.Loaded += f.Loaded
	res.Rejected += f.Rejected
	res.Supersessions += fl.Supersessions
}

// decide is the run's second step: the reporting month, what its outputs
// would be built from now, and whether that differs from what they were
// built from (res.Rebuilt, res.Reason).
func decide(ctx context.Context, db *store.DB, o *Options, res *Result, lg *runLog) (*State, error) {
	asOf := o.AsOf
	if asOf.IsZero() {
		if err := db.QueryRowContext(ctx, `select reporting_month from int_reporting_month`).Scan(&asOf); err != nil {
			return nil, fmt.Errorf("read the reporting month: %w", err)
		}
	}
	res.AsOf = asOf
	res.MonthDir = shownpath.Slash(filepath.Join(o.Out, Folder(asOf, o.From, o.To))) // shown and logged; Windows opens it as well
	var err error
	if o.Suppliers, res.SuppliersWhy, err = supplierChoice(ctx, db, o.Suppliers); err != nil {
		return nil, err
	}
	res.Suppliers = o.Suppliers.String()
	lg.add(map[string]any{"event": "suppliers", "choice": res.Suppliers, "why": res.SuppliersWhy})
	state, err := currentState(ctx, db, o, asOf)
	if err != nil {
		return nil, err
	}
	state.Period = periodName(o.From, o.To)
	state.Suppliers, state.SuppliersWhy = res.Suppliers, res.SuppliersWhy
	res.Rebuilt, res.Reason = needsBuild(res.MonthDir, o.Out, state, o.Force)
	lg.add(map[string]any{"event": "decision", "rebuild": res.Rebuilt, "reason": res.Reason, "month_dir": res.MonthDir})
	return state, nil
}

// Folder names a run's outputs inside OUT: the reporting month, with the
// period the financial-year view totals when one was asked for
// (2026-09_fy2025, 2026-09_2025-06_2026-03), so a run for a period
// neither overwrites the month's own outputs nor is skipped as "nothing
// new" because of them.
func Folder(asOf, from, to time.Time) string {
	name := asOf.Format("2006-01")
	if p := periodName(from, to); p != "" {
		name += "_" + p
	}
	return name
}

// periodName names a period given by --period or --from/--to: fyYYYY for
// a whole financial year, else its first and last months (the first is
// the financial year's April when only --to was given); "" for none.
func periodName(from, to time.Time) string {
	if from.IsZero() && to.IsZero() {
		return ""
	}
	if from.IsZero() {
		from, _ = dashboard.FinancialYear(dashboard.FinancialYearOf(to))
	}
	if from.Month() == time.April && to.Equal(from.AddDate(0, 11, 0)) {
		return fmt.Sprintf("fy%d", from.Year())
	}
	return from.Format("2006-01") + "_" + to.Format("2006-01")
}

// supplierChoice is the run's per-supplier output, and why: what
// --suppliers said, or the default for the hub's scope. A database whose
// contracts lie in one region is a regional hub's, which sends each of its
// suppliers a page and a workbook: all. One over several regions is the
// national batch, which writes none unless asked (at England 13,938
// suppliers: 27,876 files, most of the run's time and outputs).
func supplierChoice(ctx context.Context, db *store.DB, c suppliers.Choice) (suppliers.Choice, string, error) {
	if c.Mode != suppliers.Unset {
		return c, "--suppliers", nil
	}
	rows, err := db.QueryContext(ctx, sqlfiles.ExportRegions)
	if err != nil {
		return c, "", fmt.Errorf("read the database's regions: %w", err)
	}
	defer rows.Close()
	regions := 0
	for rows.Next() {
		regions++
	}
	if err := rows.Err(); err != nil {
		return c, "", fmt.Errorf("read the database's regions: %w", err)
	}
	if regions > 1 {
		return suppliers.Choice{Mode: suppliers.None}, fmt.Sprintf("the default for a national database (%d regions); --suppliers all or names to write them", regions), nil
	}
	return suppliers.Choice{Mode: suppliers.All}, "the default for a regional hub's database", nil
}

// build is the run's last step: every output into a temporary folder,
// swapped in at the end, with the run log so far and the state that lets
// the next run leave them alone.
func build(ctx context.Context, env *Env, state *State, res *Result, lg *runLog) error {
	monthName := filepath.Base(res.MonthDir)
	restore, err := outputMemory(ctx, env)
	if err != nil {
		return err
	}
	defer restore()
	err = atomicfile.ReplaceDir(res.MonthDir, func(tmp string) error {
		for _, s := range env.Opts.Steps {
			outs, err := runStep(ctx, s, env, tmp, monthName, lg)
			if err != nil {
				return fmt.Errorf("%s: %w (the outputs in %s were left as they were)", s.Name, err, res.MonthDir)
			}
			state.Outputs = append(state.Outputs, outs...)
		}
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
		return err
	}
	res.Outputs = state.Outputs
	return nil
}

// outputMemory lowers DuckDB's memory limit to output_memory_limit while
// the outputs are written, until restore: each step's Go memory (a
// workbook, the month's report) and DuckDB's use past its limit share the
// process with the buffer pool, which fills to the limit it is given.
func outputMemory(ctx context.Context, env *Env) (restore func(), err error) {
	return env.Opts.Database.limitMemory(ctx, env.DB, "output_memory_limit")
}

// runStep runs one step into tmp and describes (and logs) the files it
// added.
func runStep(ctx context.Context, s Step, env *Env, tmp, monthName string, lg *runLog) ([]Output, error) {
	t := startClock()
	before, _ := listFiles(tmp)
	err := s.Run(ctx, env, tmp)
	lg.step(s.Name, t, err)
	if err != nil {
		return nil, err
	}
	after, err := listFiles(tmp)
	if err != nil {
		return nil, err
	}
	var outs []Output
	for _, f := range after {
		if slices.Contains(before, f) {
			continue
		}
		out, err := describe(tmp, f, monthName)
		if err != nil {
			return nil, err
		}
		outs = append(outs, out)
		lg.add(map[string]any{"event": "output", "step": s.Name, "path": out.Path, "bytes": out.Bytes, "sha256": out.SHA256})
	}
	return outs, nil
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
	var shas []string
	for _, f := range ir.Files {
		if !f.Skipped && !f.StrictFailed && f.Loaded > 0 {
			shas = append(shas, f.SHA256)
		}
	}
	if len(shas) == 0 {
		return out, nil
	}
	rows, err := db.QueryContext(ctx, sqlfiles.RunSupersessions, shas)
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
	rows, err := db.QueryContext(ctx, sqlfiles.LoadedFiles)
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
		ReferenceDate: o.Database.Today.Format("2006-01-02"), Settings: map[string]string{}}
	var err error
	if s.ViewsHash, err = db.Meta(ctx, "views_hash"); err != nil {
		return nil, fmt.Errorf("read views hash: %w", err)
	}
	rows, err := db.QueryContext(ctx, sqlfiles.InputFingerprint)
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
// the existing ones were built from (issue 24: the inputs' and settings'
// fingerprints), and checks the outputs are still as written by their size
// and modification time, never by reading them: at England they are
// gigabytes, and a run with nothing new must cost next to nothing.
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
	if why := changes(&was, now); len(why) > 0 {
		return true, strings.Join(why, "; ")
	}
	for _, o := range was.Outputs {
		if !unchanged(out, o) {
			return true, "output " + o.Path + " is missing or was changed since it was written"
		}
	}
	now.Outputs = was.Outputs
	return false, "nothing new: no new files, settings unchanged"
}

// changes lists what differs between the state the outputs were built
// from and the state now, one reason each.
func changes(was, now *State) []string {
	var why []string
	if n := len(newFiles(was.Files, now.Files)); n > 0 {
		why = append(why, fmt.Sprintf("%d new input file(s)", n))
	} else if !slices.Equal(was.Files, now.Files) {
		why = append(why, "the set of loaded files changed")
	}
	if changed := changedSettings(was.Settings, now.Settings); len(changed) > 0 {
		why = append(why, "setting(s) changed: "+strings.Join(changed, ", "))
	}
	if was.Period != now.Period {
		why = append(why, "period "+orNone(was.Period)+" → "+orNone(now.Period))
	}
	if was.Suppliers != now.Suppliers {
		why = append(why, "per-supplier output "+orNone(was.Suppliers)+" → "+now.Suppliers)
	}
	if was.ReferenceDate != now.ReferenceDate {
		why = append(why, "reference date "+was.ReferenceDate+" → "+now.ReferenceDate)
	}
	if was.SvhubVersion != now.SvhubVersion || was.SchemaVersion != now.SchemaVersion || was.ViewsHash != now.ViewsHash {
		why = append(why, "svhub version or models changed")
	}
	return why
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// changedSettings names the settings set, unset or given another value,
// sorted.
func changedSettings(was, now map[string]string) []string {
	var changed []string
	for k, v := range now {
		if w, ok := was[k]; !ok || w != v {
			changed = append(changed, k)
		}
	}
	for k := range was {
		if _, ok := now[k]; !ok {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	return changed
}

// unchanged says whether the output o under out is still the file the run
// wrote: there, of the size and modification time recorded (an older
// inputs.json without times: of the size).
func unchanged(out string, o Output) bool {
	st, err := os.Stat(filepath.Join(out, filepath.FromSlash(o.Path)))
	if err != nil || !st.Mode().IsRegular() || st.Size() != o.Bytes {
		return false
	}
	return o.Modified == "" || o.Modified == modified(st)
}

func modified(st fs.FileInfo) string {
	return st.ModTime().UTC().Format(time.RFC3339Nano)
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

// describe sizes, hashes and dates base/rel, as the run writes it; the
// path recorded is prefix/rel.
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
	st, err := f.Stat()
	if err != nil {
		return Output{}, fmt.Errorf("read %s: %w", rel, err)
	}
	return Output{Path: filepath.ToSlash(filepath.Join(prefix, rel)), Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil)), Modified: modified(st)}, nil
}

// runLog collects the run's JSON lines.
type runLog struct {
	lines [][]byte
	// peak is the highest step peak so far: once a step resets the
	// high-water mark, the system's own maximum (getrusage, and so
	// /usr/bin/time) is that of the steps since.
	peak int64
}

func (l *runLog) add(v map[string]any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]any{"event": "log_error", "error": err.Error()})
	}
	l.lines = append(l.lines, b)
}

// conflict logs two new files that gave one return different values.
func (l *runLog) conflict(s ingest.Supersession) {
	l.add(map[string]any{"event": "conflict", "contract_ref": s.ContractRef, "period": s.Period, "measure_code": s.MeasureCode,
		"used":  map[string]any{"file": s.NewFile, "value": s.NewValue, "modified": s.NewModTime.UTC().Format(time.RFC3339)},
		"other": map[string]any{"file": s.OldFile, "value": s.OldValue, "modified": s.OldModTime.UTC().Format(time.RFC3339)}})
}

// end logs how the run ended.
func (l *runLog) end(res *Result, err error) {
	end := map[string]any{"event": "end", "status": "ok", "ms": res.Elapsed.Milliseconds()}
	switch {
	case err != nil:
		end["status"] = "failed"
		end["error"] = err.Error()
	case !res.Rebuilt:
		end["status"] = "up_to_date"
	}
	l.add(end)
}

// clock is when a step started, by the wall and by the process's CPU, and
// whether the process's memory high-water mark was reset at its start.
type clock struct {
	wall  time.Time
	cpu   time.Duration
	reset bool
}

// startClock starts a step. It first hands the Go heap the steps before
// left behind back to the system (the month's report, a workbook's cells),
// so that it does not sit under DuckDB's buffer pool through the steps
// after; then it starts a new memory high-water mark, so the step's own
// peak is measured, not the run's so far.
func startClock() clock {
	debug.FreeOSMemory()
	cpu, _ := rusage.Usage()
	return clock{time.Now(), cpu, rusage.ResetPeak()}
}

// step logs one step: its wall and CPU time, the process's peak memory so
// far (peak_rss_mb) and, where the system lets it be measured, the step's
// own peak (step_peak_rss_mb).
func (l *runLog) step(name string, t clock, err error) {
	cpu, peak := rusage.Usage()
	sp := rusage.StepPeak()
	l.peak = max(l.peak, peak, sp)
	e := map[string]any{"event": "step", "step": name, "ms": time.Since(t.wall).Milliseconds(), "cpu_ms": (cpu - t.cpu).Milliseconds(), "peak_rss_mb": l.peak >> 20, "ok": err == nil}
	if t.reset && sp > 0 {
		e["step_peak_rss_mb"] = sp >> 20
	}
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
