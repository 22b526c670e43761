package main

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nhs-hubs/svhub/ingest"
)

// topReasons bounds how many kinds of rejection are listed per file; the
// rest are counted (all are in the rejections view and the feedback
// workbook).
const topReasons = 6

// writeSummary prints what ingest did (or validate would do) to each file,
// for a person: rows read, accepted, rejected; the main reasons with their
// first rows and what to do; files and sheets not read and why; then the
// corrections and register changes.
func writeSummary(w io.Writer, res *ingest.Result, dry bool) {
	verb := "loaded"
	if dry {
		verb = "accepted"
	}
	byFile := map[string][]ingest.Rejection{}
	for _, r := range res.Rejections {
		byFile[r.File] = append(byFile[r.File], r)
	}
	read := 0
	for _, f := range res.Files {
		read += f.Read
		fmt.Fprintln(w, fileLine(f, verb))
		if f.Skipped {
			continue
		}
		if f.Problem != "" && f.Hint != "" {
			fmt.Fprintf(w, "    what to do: %s\n", f.Hint)
		}
		writeSheets(w, f, verb)
		for _, n := range f.Notes {
			fmt.Fprintf(w, "    note: %s\n", n)
		}
		writeReasons(w, byFile[f.Path])
	}
	writeSupersessions(w, res.Supersessions)
	writeChanges(w, res.Changes, dry)
	refused := res.FileProblems + res.RefusedSheets
	fmt.Fprintf(w, "\n%s, %s read: %d %s, %d rejected", plural(len(res.Files), "file"), plural(read, "row"), res.Loaded, verb, res.Rejected)
	if refused > 0 {
		fmt.Fprintf(w, "; %s not read", plural(refused, "file or sheet", "files or sheets"))
	}
	if n := res.Conflicts(); n > 0 {
		fmt.Fprintf(w, "; %s, check", plural(n, "conflict"))
	}
	fmt.Fprintln(w)
}

// fileLine is a file's first line: what became of it.
func fileLine(f *ingest.FileResult, verb string) string {
	name := displayPath(f.Path)
	switch {
	case f.Skipped:
		return fmt.Sprintf("%s: skipped: %s", name, f.SkipReason)
	case f.Problem != "" && f.Read == 0:
		return fmt.Sprintf("%s: NOT READ: %s", name, f.Problem)
	case f.Problem != "":
		// Refused part-way (a limit, a damaged sheet): files load whole or
		// not at all.
		return fmt.Sprintf("%s: NOT LOADED: %s (%s read before it)", name, f.Problem, plural(f.Read, "row"))
	case f.StrictFailed:
		return fmt.Sprintf("%s: NOT LOADED (--strict): %s read, %d rejected", name, plural(f.Read, "row"), f.Rejected)
	}
	return fmt.Sprintf("%s: %s read, %d %s, %d rejected", name, plural(f.Read, "row"), f.Loaded, verb, f.Rejected)
}

// writeSheets gives a line per sheet of a workbook with several, or with
// a wide layout (one column per measure).
func writeSheets(w io.Writer, f *ingest.FileResult, verb string) {
	for _, sh := range f.Sheets {
		if sh.Sheet == "" && sh.Wide {
			fmt.Fprintf(w, "    layout: wide, one column per measure (header row %d)\n", sh.HeaderRow)
			continue
		}
		if len(f.Sheets) > 1 || sh.Wide {
			layout := ""
			if sh.Wide {
				layout = ", wide: one column per measure"
			}
			fmt.Fprintf(w, "    sheet %q: %s (header row %d%s): %s read, %d %s, %d rejected\n", sh.Sheet, sh.Kind, sh.HeaderRow, layout, plural(sh.Read, "row"), sh.Loaded, verb, sh.Rejected)
		}
	}
}

// writeSupersessions lists the conflicts between two files of this run,
// then the corrections of earlier values.
func writeSupersessions(w io.Writer, ss []ingest.Supersession) {
	var corrections, conflicts []ingest.Supersession
	for _, s := range ss {
		if s.Conflict {
			conflicts = append(conflicts, s)
		} else {
			corrections = append(corrections, s)
		}
	}
	if len(conflicts) > 0 {
		fmt.Fprintf(w, "\nConflicts: %s given different values by two files of this run; svhub cannot tell which is the correction, "+
			"so the file modified later is used. Conflict, check each and send the right value as a new file:\n", plural(len(conflicts), "return"))
		for _, s := range conflicts {
			fmt.Fprintf(w, "  %s\n", conflictLine(s))
		}
	}
	if len(corrections) > 0 {
		fmt.Fprintf(w, "\nCorrections: %s replaced an earlier value (query the supersessions view):\n", plural(len(corrections), "return"))
		for _, s := range corrections {
			fmt.Fprintf(w, "  %s %s %s: %s → %s (%s → %s)\n", s.ContractRef, s.Period, s.MeasureCode, num(s.OldValue), num(s.NewValue), displayPath(s.OldFile), displayPath(s.NewFile))
		}
	}
}

// writeChanges lists the register changes the load made (or would make).
func writeChanges(w io.Writer, changes []ingest.Change, dry bool) {
	if len(changes) == 0 {
		return
	}
	head := "Register changes (applied):"
	if dry {
		head = "Register changes (would be applied):"
	}
	fmt.Fprintf(w, "\n%s\n", head)
	for _, c := range changes {
		fmt.Fprintf(w, "  %s %s: %q → %q (%s row %d)\n", c.ContractRef, c.Field, c.Old, c.New, displayPath(c.File), c.Row)
	}
}

// conflictLine names both files of a conflict with their values and
// modification times, and the value used.
func conflictLine(s ingest.Supersession) string {
	const at = "2006-01-02 15:04:05"
	return fmt.Sprintf("%s %s %s: conflict, check: %s in %s (modified %s), %s in %s (modified %s); using %s",
		s.ContractRef, s.Period, s.MeasureCode, num(s.OldValue), displayPath(s.OldFile), s.OldModTime.Format(at),
		num(s.NewValue), displayPath(s.NewFile), s.NewModTime.Format(at), num(s.NewValue))
}

// displayPath keeps summaries short: the folder and the file name.
func displayPath(p string) string {
	dir := filepath.Base(filepath.Dir(p))
	if dir == "." || dir == "/" {
		return filepath.Base(p)
	}
	return filepath.Join(dir, filepath.Base(p))
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var quoted = regexp.MustCompile(`"[^"]*"`)

type reasonGroup struct {
	first ingest.Rejection
	rows  []int
	count int
}

// writeReasons groups a file's row rejections by column and reason (the
// quoted values aside), most frequent first, each with its first rows; a
// sheet refused whole gets its own line.
func writeReasons(w io.Writer, rs []ingest.Rejection) {
	groups := map[string]*reasonGroup{}
	var order []*reasonGroup
	for _, r := range rs {
		switch r.Whole {
		case "file":
			continue // printed as the file's own line
		case "sheet":
			writeSheetRefused(w, r)
			continue
		}
		k := r.Column + "\x00" + quoted.ReplaceAllString(r.Reason, `"…"`)
		g, ok := groups[k]
		if !ok {
			g = &reasonGroup{first: r}
			groups[k] = g
			order = append(order, g)
		}
		g.count++
		if len(g.rows) == 0 || g.rows[len(g.rows)-1] != r.Row {
			g.rows = append(g.rows, r.Row)
		}
	}
	slices.SortStableFunc(order, func(a, b *reasonGroup) int { return cmp.Compare(b.count, a.count) })
	for i, g := range order {
		if i == topReasons {
			rest := 0
			for _, g := range order[i:] {
				rest += g.count
			}
			fmt.Fprintf(w, "    … and %s of other kinds (all are in the rejections view, and in --feedback)\n", plural(rest, "problem"))
			break
		}
		g.write(w)
	}
}

func writeSheetRefused(w io.Writer, r ingest.Rejection) {
	what := "NOT READ"
	if r.Sheet != "" {
		what = fmt.Sprintf("sheet %q NOT READ", r.Sheet)
	}
	fmt.Fprintf(w, "    %s: %s\n", what, r.Reason)
	if r.Hint != "" {
		fmt.Fprintf(w, "        what to do: %s\n", r.Hint)
	}
}

// write prints one kind of rejection: where (its first rows), the column
// and cell, the reason and what to do.
func (g *reasonGroup) write(w io.Writer) {
	r := g.first
	where := "row " + rowList(g.rows)
	if len(g.rows) > 1 {
		where = "rows " + rowList(g.rows)
	}
	if r.Sheet != "" {
		where = fmt.Sprintf("sheet %q %s", r.Sheet, where)
	}
	col := ""
	if r.Column != "" {
		col = r.Column
		if r.Cell != "" {
			col += " (" + r.Cell + ")"
		}
		col += ": "
	}
	fmt.Fprintf(w, "    %s: %s%s\n", where, col, r.Reason)
	if r.Hint != "" {
		fmt.Fprintf(w, "        what to do: %s\n", r.Hint)
	}
}

func rowList(rows []int) string {
	const show = 5
	var parts []string
	for i, r := range rows {
		if i == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(rows)-show))
			break
		}
		parts = append(parts, strconv.Itoa(r))
	}
	return strings.Join(parts, ", ")
}

// The JSON findings: stable field names for machines.
type jsonFindings struct {
	Files         []jsonFile            `json:"files"`
	Changes       []ingest.Change       `json:"register_changes"`
	Supersessions []ingest.Supersession `json:"supersessions"`
	Totals        map[string]int        `json:"totals"`
}

type jsonFile struct {
	Path       string          `json:"path"`
	SHA256     string          `json:"sha256,omitempty"`
	Skipped    string          `json:"skipped,omitempty"`
	Problem    string          `json:"problem,omitempty"`
	Hint       string          `json:"hint,omitempty"`
	Notes      []string        `json:"notes"`
	RowsRead   int             `json:"rows_read"`
	Accepted   int             `json:"accepted"`
	Rejected   int             `json:"rejected"`
	Sheets     []jsonSheet     `json:"sheets"`
	Rejections []jsonRejection `json:"rejections"`
}

type jsonSheet struct {
	Sheet     string `json:"sheet"`
	Kind      string `json:"kind"`
	Wide      bool   `json:"wide"`
	HeaderRow int    `json:"header_row"`
	RowsRead  int    `json:"rows_read"`
	Accepted  int    `json:"accepted"`
	Rejected  int    `json:"rejected"`
}

type jsonRejection struct {
	Whole  string `json:"whole,omitempty"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
	Cell   string `json:"cell,omitempty"`
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"`
	Hint   string `json:"hint,omitempty"`
}

func writeFindingsJSON(w io.Writer, res *ingest.Result) error {
	out := jsonFindings{Changes: res.Changes, Supersessions: res.Supersessions, Totals: map[string]int{
		"files": len(res.Files), "accepted": res.Loaded, "rejected": res.Rejected,
		"files_or_sheets_not_read": res.FileProblems + res.RefusedSheets, "conflicts": res.Conflicts(), "problems": res.Problems(),
	}}
	if out.Changes == nil {
		out.Changes = []ingest.Change{}
	}
	if out.Supersessions == nil {
		out.Supersessions = []ingest.Supersession{}
	}
	byFile := map[string][]ingest.Rejection{}
	for _, r := range res.Rejections {
		byFile[r.File] = append(byFile[r.File], r)
	}
	for _, f := range res.Files {
		jf := jsonFile{Path: f.Path, SHA256: f.SHA256, Skipped: f.SkipReason, Problem: f.Problem, Hint: f.Hint, Notes: f.Notes,
			RowsRead: f.Read, Accepted: f.Loaded, Rejected: f.Rejected, Sheets: []jsonSheet{}, Rejections: []jsonRejection{}}
		if jf.Notes == nil {
			jf.Notes = []string{}
		}
		for _, s := range f.Sheets {
			jf.Sheets = append(jf.Sheets, jsonSheet{Sheet: s.Sheet, Kind: string(s.Kind), Wide: s.Wide, HeaderRow: s.HeaderRow, RowsRead: s.Read, Accepted: s.Loaded, Rejected: s.Rejected})
		}
		for _, r := range byFile[f.Path] {
			jf.Rejections = append(jf.Rejections, jsonRejection{Whole: r.Whole, Sheet: r.Sheet, Row: r.Row, Column: r.Column, Cell: r.Cell, Value: r.Value, Reason: r.Reason, Hint: r.Hint})
		}
		out.Files = append(out.Files, jf)
	}
	return writeJSON(w, out)
}
