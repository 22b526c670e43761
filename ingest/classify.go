package ingest

// This file holds a file's classification: each sheet's header row found
// and recognised, before any row is read.

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
)

// asFileProblem turns an error that refuses a whole file (an unreadable
// format, a resource limit) into its reason and hint.
func asFileProblem(err error) (*tabular.FileError, bool) {
	if fe, ok := tabular.AsFileError(err); ok {
		return fe, true
	}
	var le *tabular.LimitError
	if errors.As(err, &le) {
		return &tabular.FileError{Path: le.Path, Reason: le.Error(), Err: err}, true
	}
	return nil, false
}

// source is one input file with its recognised sheets.
type source struct {
	f               *tabular.File
	res             *FileResult
	sheets          []*sheet
	hasSheetProblem bool // a sheet refused as a whole (duplicate headers)
}

type sheet struct {
	name   string
	header *schema.Header
	row    int // header row number
	res    *SheetResult

	measures, pctIdx []int // worked out once per sheet: see measureIndexes, scalePercentCells
}

// measureIndexes lists a wide sheet's measure columns in order.
func (sh *sheet) measureIndexes() []int {
	if sh.measures == nil {
		sh.measures = slices.Sorted(maps.Keys(sh.header.Measures))
		if sh.measures == nil {
			sh.measures = []int{}
		}
	}
	return sh.measures
}

// headerSearchRows bounds how far down a sheet svhub looks for its header
// row (title and note rows above it are skipped).
const headerSearchRows = 50

// classify finds each sheet's header row. Hidden sheets and sheets with no
// known header are not read and are listed as notes, the same under every
// mode; a file with no readable sheet at all is a file problem, and so is
// one with no data row under its header.
func (s *source) classify(ctx context.Context, isMeasure func(string) bool, log func(msg string, args ...any)) ([]Rejection, error) {
	var (
		rej          []Rejection
		unrecognised []string
	)
	s.res.Notes = append(s.res.Notes, s.f.Notes()...) // mixed line endings
	for _, name := range s.f.Sheets() {
		if s.f.Hidden(name) {
			s.res.Notes = append(s.res.Notes, fmt.Sprintf("sheet %q is hidden: not read", name))
			log("hidden sheet skipped", "file", s.f.Path, "sheet", name)
			continue
		}
		sh, nonBlank, err := s.findHeader(ctx, name, isMeasure)
		if err != nil {
			fe, ok := asFileProblem(err)
			if !ok {
				return nil, fmt.Errorf("ingest %s: %w", s.f.Path, err)
			}
			s.res.Problem, s.res.Hint = fe.Reason, fe.Hint
			return append(rej, Rejection{File: s.f.Path, SHA256: s.f.SHA256, Sheet: name, Reason: fe.Reason, Hint: fe.Hint, Whole: "file"}), nil
		}
		switch {
		case nonBlank == 0:
			// an empty sheet holds nothing to lose
		case sh.header == nil && s.f.InfoSheet(name):
			// a return template's instructions, commitments or lists
		case sh.header == nil:
			unrecognised = append(unrecognised, name)
			log("sheet has no known header; skipped", "file", s.f.Path, "sheet", name)
		default:
			rej = append(rej, s.recognised(ctx, sh, log)...)
		}
	}
	s.judge(unrecognised)
	if s.res.Problem != "" {
		rej = append(rej, Rejection{File: s.f.Path, SHA256: s.f.SHA256, Reason: s.res.Problem, Hint: s.res.Hint, Whole: "file"})
	}
	return rej, nil
}

// findHeader looks for a sheet's header row in its first headerSearchRows
// rows that are not blank; sh.header is nil when none is one svhub knows.
func (s *source) findHeader(ctx context.Context, name string, isMeasure func(string) bool) (sh *sheet, nonBlank int, err error) {
	sh = &sheet{name: name, res: &SheetResult{Sheet: name}}
	err = s.f.Rows(ctx, name, func(r tabular.Row) error {
		nonBlank++
		if r.Problem == "" {
			if h, ok := schema.Classify(r.Cells, isMeasure); ok {
				sh.header, sh.row = h, r.Number
				return tabular.ErrStop
			}
		}
		if nonBlank >= headerSearchRows {
			return tabular.ErrStop
		}
		return nil
	})
	return sh, nonBlank, err
}

// recognised lists a sheet with a known header in the file's result and,
// unless its header is refused (two columns meaning the same), among the
// sheets to read; a refused header is a rejection of the sheet.
func (s *source) recognised(ctx context.Context, sh *sheet, log func(msg string, args ...any)) []Rejection {
	sh.header.DecimalComma, sh.header.Delimiter = s.f.DecimalComma(), s.f.Delimiter
	if sh.header.DecimalComma && sh.header.Problem == "" {
		s.showDecimals(ctx, sh) // each column's own decimal mark
	}
	sh.res.Kind, sh.res.HeaderRow, sh.res.Wide = sh.header.Kind, sh.row, sh.header.Wide
	s.res.Sheets = append(s.res.Sheets, sh.res)
	if sh.header.Problem != "" {
		s.hasSheetProblem = true
		s.res.RefusedSheets++
		log("sheet refused", "file", s.f.Path, "sheet", sh.name, "reason", sh.header.Problem)
		return []Rejection{{File: s.f.Path, SHA256: s.f.SHA256, Sheet: sh.name, Row: sh.row, Reason: sh.header.Problem,
			Hint: "delete or rename one of the columns; this sheet was not read", Whole: "sheet"}}
	}
	log("sheet recognised", "file", s.f.Path, "sheet", sh.name, "kind", sh.header.Kind, "header_row", sh.row, "wide", sh.header.Wide)
	s.sheets = append(s.sheets, sh)
	return nil
}

// judge decides, once every sheet is classified, whether the file holds
// data svhub knows: none is a problem of the file; otherwise the sheets
// with no known table are notes.
func (s *source) judge(unrecognised []string) {
	switch {
	case len(s.res.Sheets) == 0 && len(unrecognised) == 0:
		s.res.Problem, s.res.Hint = "0 rows: the file holds no data", "send the file again with its data"
	case len(s.res.Sheets) == 0:
		where := "in its first " + fmt.Sprint(headerSearchRows) + " rows"
		if s.f.Format != "csv" {
			where = "in any sheet (" + quoteList(unrecognised) + ")"
		}
		s.res.Problem = "no table svhub knows: no row " + where + " is a header with the columns of a return or a register"
		s.res.Hint = "a return needs the columns contract_ref, period, measure_code and value (or one column per measure code); the README (What svhub reads) lists the register tables and the other names each column may go by"
	default:
		for _, name := range unrecognised {
			s.res.Notes = append(s.res.Notes, fmt.Sprintf("sheet %q has no table svhub knows (instructions or notes?): not read", name))
		}
	}
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
