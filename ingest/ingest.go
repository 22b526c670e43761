// Package ingest loads the contract register and supplier returns from
// .csv and .xlsx files into the database. It classifies every sheet of every
// file by its header row first, then loads organisations, contracts,
// commitments and returns in that order, so each row is checked against the
// references loaded before it. Every rejected row is recorded with its file,
// sheet, row, cell and reason; nothing valid is dropped, nothing invalid is
// loaded. One call is one transaction: interrupted, it leaves no trace.
package ingest

import (
	"log/slog"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
)

// Options control one ingest call.
type Options struct {
	// Strict: a file with any rejection loads nothing (its rejections are
	// still recorded).
	Strict bool
	// Force re-reads files already ingested (same SHA-256).
	Force bool
	// DryRun checks everything and loads nothing, not even rejections.
	DryRun bool
	Logger *slog.Logger
	// Now is the clock for ingest timestamps (injected for reproducibility).
	Now func() time.Time
	// Today is the reference date: returns for months after its month are
	// refused as in the future. Zero: the date Now gives.
	Today time.Time
	// Progress, if set, is told how many data rows were processed.
	Progress func(rows int)
	// Limits bound what one file may cost (zero fields: the defaults).
	Limits tabular.Limits
	// Suppliers: a return naming another supplier than the register's for
	// its contract is refused ("" too) or, with validate.SupplierWarn,
	// loaded with a note (setting ingest.supplier_name_check).
	Suppliers validate.SupplierCheck
	// User names who ran the load (the OS user), kept with each hub log
	// entry for its audit trail.
	User string
}

// Rejection is one problem with one row, or with a whole sheet or file
// (Row 0).
type Rejection struct {
	File, SHA256, Sheet string
	Row                 int
	Column, Cell, Value string
	// ContractRef and Supplier are the row's contract reference and
	// supplier name as given (blank if it had none), so a rejected row can
	// be traced to its supplier.
	ContractRef, Supplier string
	Reason                string
	Hint                  string // what to do about it
	// Whole is "file" or "sheet" when the rejection is of a whole file or
	// sheet rather than of one row.
	Whole string
}

// Message is the reason followed by what to do, as stored.
func (r Rejection) Message() string {
	if r.Hint == "" {
		return r.Reason
	}
	return r.Reason + "; " + r.Hint
}

// SheetResult is what happened to one sheet.
type SheetResult struct {
	Sheet     string
	Kind      schema.Kind // "" when not recognised
	Wide      bool        // a returns sheet with one column per measure
	HeaderRow int
	Read      int // data rows read below the header (not a wide row with no measure filled in)
	// Loaded counts rows with at least one value loaded, Rejected rows
	// with at least one problem: a wide row with one bad cell counts in
	// both (the cell is refused, the row's other measures load).
	Loaded   int
	Rejected int
}

// FileResult is what happened to one file.
type FileResult struct {
	Path, SHA256 string
	ModTime      time.Time // last modification: files load in this order
	Skipped      bool      // not read: see SkipReason
	SkipReason   string    // "already ingested", "same content as returns.csv"
	// Problem is why the file (or every sheet of it) could not be read or
	// holds no data; Hint what to do. Nothing of it loaded.
	Problem, Hint string
	// Notes are what svhub chose not to read, and why (a hidden sheet, an
	// instructions tab): not errors.
	Notes         []string
	StrictFailed  bool
	RefusedSheets int // sheets not read because of their header (duplicate columns)
	Sheets        []*SheetResult
	Read          int // data rows read
	Loaded        int
	Rejected      int
	// Elapsed is the time spent reading, checking and loading this file
	// (a measurement for run logs, not a timestamp).
	Elapsed time.Duration
}

// Change is a register row that changed a contract already known (from the
// database or an earlier file of the run): applied, and reported.
type Change struct {
	ContractRef, Field, Old, New string
	File, Sheet                  string
	Row                          int
}

// Supersession is a return a later load replaced. When both files are new
// in the same run and their values differ it is a Conflict: svhub cannot
// tell a correction from an original saved later (unzipping and mail
// clients keep old modification times), so the later by modification time
// is taken and the analyst is asked to check.
type Supersession struct {
	ContractRef, Period, MeasureCode string
	OldValue, NewValue               float64
	OldFile, NewFile                 string
	Conflict                         bool
	OldModTime, NewModTime           time.Time // the files' modification times (conflicts)
}

// Result sums up an ingest call.
type Result struct {
	Files         []*FileResult
	Rejections    []Rejection
	Changes       []Change
	Supersessions []Supersession // loads only (not DryRun)
	Loaded        int
	Rejected      int
	FileProblems  int // files that could not be read or held no data
	RefusedSheets int // sheets not read because of their header
	// NeedsRebuild says the load changed what the database holds (rows,
	// rejections, files forgotten), so the marts are older than the data:
	// the caller rebuilds them (transform.RebuildMarts) now that the load
	// has committed, in a transaction of their own. Never in the load's:
	// DuckDB holds a transaction's uncommitted rows in memory, and beside
	// millions of them the rebuild runs out of memory. If the caller does
	// not, readers see the marts are stale and build them for their own
	// session (transform.FreshenMarts): slower, never wrong.
	NeedsRebuild bool
	// Touched is what the load changed, for a rebuild of only what it
	// touched. Set when NeedsRebuild is.
	Touched Touched
}

// Touched is what a load changed that the marts are built from
// (touched.go): the contracts whose rows it added, replaced or removed, or
// All when it changed what every contract reads; a caller that rebuilds
// only Contracts must rebuild everything when All is set. It converts to
// transform.Touched, which the marts' incremental merge takes.
type Touched struct {
	All       bool     // anything may have changed: rebuild every mart
	Contracts []string // the contracts whose rows changed (when not All)
	// Since holds, for the contracts of Contracts whose returns alone
	// changed, the earliest month of those returns ("2006-01-02"); the
	// others changed in every month
	Since map[string]string
}

// Problems counts everything that makes validate (or --strict) fail:
// rejected rows, refused sheets and files that could not be read.
func (r *Result) Problems() int {
	return r.Rejected + r.FileProblems + r.RefusedSheets + r.Conflicts()
}

// addUp sums the files' counts into the result's.
func (r *Result) addUp() {
	for _, fr := range r.Files {
		r.Loaded += fr.Loaded
		r.Rejected += fr.Rejected
		if fr.Problem != "" {
			r.FileProblems++
		}
		r.RefusedSheets += fr.RefusedSheets
	}
}

// Conflicts counts the returns two files of this run gave different values.
func (r *Result) Conflicts() int {
	n := 0
	for _, s := range r.Supersessions {
		if s.Conflict {
			n++
		}
	}
	return n
}
