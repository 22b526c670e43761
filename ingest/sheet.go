package ingest

// This file holds one pass over one sheet: each row counted, checked for a
// duplicate key, rejected or batched to load, and the file refused when
// the sheet cannot be read to the end.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
)

// firstGiven is where a file first gave a key: a row of a sheet.
type firstGiven struct {
	row   int
	sheet string
}

// sheetRead is one sheet being read by a pass: the file and sheet, the
// provenance its records carry, the keys its file gave so far and how many
// rows it has taken.
type sheetRead struct {
	p           *pass
	s           *source
	sh          *sheet
	prov        *provenance
	seen        map[dupKey]firstGiven
	maxRejected int
	n           int // rows taken (progress is told in thousands)
}

// sheet validates (and loads) the data rows of one recognised sheet. A
// returns sheet's rows come from fd, read ahead (see readAhead); fd is nil
// for the register's sheets.
func (p *pass) sheet(ctx context.Context, s *source, sh *sheet, fd *feed) error {
	// Accepted records go to the database in batches as the sheet is read,
	// so memory does not grow with the sheet. A file refused later is
	// rolled back with the whole load (see Run). Returns are appended, so
	// their batches run on across sheets and files (see pass.flush): an
	// appender per small sheet cost more than its rows.
	sr := &sheetRead{p: p, s: s, sh: sh, prov: newProvenance(s.f.Path, s.f.SHA256, sh.name, p.loadSeq[s]), seen: p.seen[s],
		maxRejected: p.o.Limits.WithDefaults().MaxRejectedRows}
	var err error
	if fd != nil {
		// Returns change nothing later rows are checked against, so
		// reading and parsing run ahead in a goroutine (see readAhead)
		// while this one checks keys, records rejections and appends, in
		// row order.
		err = fd.take(ctx, sr.row)
	} else {
		// A register row can be what the next row refers to (accept), so
		// each row is parsed only once the one before is taken.
		err = s.f.Rows(ctx, sh.name, func(r tabular.Row) error {
			if r.Number <= sh.row {
				return nil
			}
			return sr.row(prepare(s, sh, p.refs, r))
		})
	}
	if p.o.Progress != nil {
		p.o.Progress(sr.n % 1000)
	}
	if err != nil {
		return p.stopped(ctx, s, sh.name, err, sr.maxRejected)
	}
	return sr.flush()
}

// stopped handles a sheet whose reading stopped on err: a failure of the
// database or a cancellation ends the run; anything else refuses the file
// as a whole (the other files still load).
func (p *pass) stopped(ctx context.Context, s *source, sheet string, err error, maxRejected int) error {
	var (
		le  *tabular.LimitError
		lde *loadError
	)
	switch {
	case errors.As(err, &lde):
		return lde.err // the database failed, not the file
	case ctx.Err() != nil:
		return fmt.Errorf("ingest %s: %w", s.f.Path, err)
	case errors.Is(err, errTooManyRejected):
		// 200 MB of garbage under a valid header would otherwise take
		// minutes and write millions of rejections.
		p.refuse(s, sheet, fmt.Sprintf("file refused: this does not look like a returns file. %d rows were rejected (limit max_rejected_rows), "+
			"so the rest of the file was not read and none of its rows were loaded; the first %d problems are listed", maxRejected, maxRejected),
			"fix the file (often a wrong column or a shifted header) and send it again")
	case errors.As(err, &le):
		// Over a resource limit part-way: the file is refused as a whole.
		p.refuse(s, sheet, le.Error(), "")
	default:
		// The file stopped being readable part-way (a damaged workbook, a
		// truncated sheet): a problem with this file, not with the run.
		p.refuse(s, sheet, fmt.Sprintf("the file could not be read to the end (%v); none of its rows were loaded", err),
			"open it in Excel and save it again, then send it again")
	}
	return nil
}

// flush hands the records held to the loader once a batch is full; a
// returns batch runs on into the next sheet.
func (sr *sheetRead) flush() error {
	if sr.sh.header.Kind == schema.Returns && len(sr.p.batch) < loadBatch {
		return nil
	}
	return sr.p.flush(sr.sh.header.Kind)
}

// row takes one data row, in row order: counted, refused with its
// problems (or only its bad cells, for a wide row), or kept to load.
func (sr *sheetRead) row(it prepared) error {
	r, pr := it.r, it.pr
	sr.count()
	if r.Problem != "" {
		return sr.reject(r, []validate.Problem{{Value: r.Text, Reason: r.Problem, Hint: r.Hint}})
	}
	if pr.blank && len(it.cellPre) == 0 {
		// A wide row with no measure filled in (a template's pre-filled
		// contract and month): nothing to load, nothing to refuse.
		sr.uncount()
		return nil
	}
	// What markCells found explains a cell better than "the cell is
	// empty".
	problems, cellProblems := withMarked(it.rowPre, pr.problems), withMarked(it.cellPre, pr.cellProblems)
	if len(problems) == 0 {
		var dups, cellDups []validate.Problem
		pr.recs, dups, cellDups = sr.firstOfKey(r, pr.recs)
		problems, cellProblems = append(problems, dups...), append(cellProblems, cellDups...)
	}
	if len(problems) > 0 {
		return sr.reject(r, append(problems, cellProblems...))
	}
	if len(cellProblems) > 0 {
		// A wide row's bad cells are refused; its other measures load
		// (the row counts as rejected and, if any loads, as loaded).
		if err := sr.reject(r, cellProblems); err != nil {
			return err
		}
	}
	if len(pr.recs) == 0 {
		return nil
	}
	return sr.keep(r, pr.recs)
}

// count counts a row read, and tells progress every thousand.
func (sr *sheetRead) count() {
	sr.n++
	sr.sh.res.Read++
	sr.s.res.Read++
	if sr.p.o.Progress != nil && sr.n%1000 == 0 {
		sr.p.o.Progress(1000)
	}
}

// uncount takes back a row that turned out to hold nothing.
func (sr *sheetRead) uncount() {
	sr.n--
	sr.sh.res.Read--
	sr.s.res.Read--
}

// firstOfKey keeps the records whose key the file has not given before
// (one key per file, across its sheets) and turns each other into a
// duplicate problem: of the row, or of one measure cell of a wide row.
// recs is filtered in place.
func (sr *sheetRead) firstOfKey(r tabular.Row, recs []record) (kept []record, dups, cellDups []validate.Problem) {
	kept = recs[:0]
	for _, rec := range recs {
		first, dup := sr.seen[rec.key]
		if !dup {
			sr.seen[rec.key] = firstGiven{row: r.Number, sheet: sr.sh.name}
			kept = append(kept, rec)
			continue
		}
		where := fmt.Sprintf("row %d", first.row)
		if sr.s.f.Format == "xlsx" {
			where = fmt.Sprintf("row %d of sheet %q", first.row, first.sheet)
		}
		dp := validate.Problem{Reason: fmt.Sprintf("duplicate: %s already gives %s", where, rec.key),
			Hint: "keep one row per key in a file; send a correction as a new file"}
		if rec.column == "" {
			dups = append(dups, dp)
			continue
		}
		// One measure of a wide row: only that cell is refused.
		dp.Column, dp.Cell, dp.Value = rec.column, rec.cell, rec.value
		cellDups = append(cellDups, dp)
	}
	return kept, dups, cellDups
}

// reject records a row's problems, with the contract and supplier it gave
// so that it can be traced; past the file's limit of rejected rows it
// stops the read instead.
func (sr *sheetRead) reject(r tabular.Row, problems []validate.Problem) error {
	p, s, sh := sr.p, sr.s, sr.sh
	if p.rejectedRows[s] >= sr.maxRejected {
		return errTooManyRejected
	}
	ref, _ := sh.header.Col(r.Cells, "contract_ref")
	supplier, _ := sh.header.Col(r.Cells, "supplier_name")
	ref, supplier = clip(strings.TrimSpace(ref)), clip(strings.TrimSpace(supplier))
	if sh.header.Kind == schema.HubLog {
		// the hub's own row: not a supplier's rejected row
		ref, supplier = "", ""
	}
	for _, pr := range problems {
		p.reject(s, Rejection{Sheet: sh.name, Row: r.Number, Column: pr.Column, Cell: pr.Cell, Value: pr.Value, Reason: pr.Reason, Hint: pr.Hint,
			ContractRef: ref, Supplier: supplier})
	}
	sh.res.Rejected++
	s.res.Rejected++
	p.rejectedRows[s]++
	return nil
}

// keep accepts a row's records: visible to the rows after them (a
// register row), noted for a dry run's conflicts (a return), and batched
// to load.
func (sr *sheetRead) keep(r tabular.Row, recs []record) error {
	p, s, sh := sr.p, sr.s, sr.sh
	for _, rec := range recs {
		noteSupplier(s, rec)
		if c, ok := accept(p.refs, rec); ok {
			for i := range c {
				c[i].File, c[i].Sheet, c[i].Row = s.f.Path, sh.name, r.Number
			}
			p.changes = append(p.changes, c...)
		}
		if p.o.DryRun && sh.header.Kind == schema.Returns {
			p.noteReturn(s, r.Number, rec)
		}
		if p.w != nil {
			rec.extra = extraJSON(sh.header, r.Cells)
			rec.prov = sr.prov
			p.batch = append(p.batch, rec)
		}
	}
	if len(p.batch) >= loadBatch {
		if err := sr.flush(); err != nil {
			return err
		}
	}
	sh.res.Loaded++
	s.res.Loaded++
	return nil
}
