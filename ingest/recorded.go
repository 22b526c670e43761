package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Recorded is what the database holds of every ingest so far, as a Result:
// each file loaded (ingest_files) and each file whose rows or whole were
// refused (rejections_raw), with their rejections. Outputs that list
// rejected rows are written from it rather than from one run's Result, so a
// run killed after its load committed is rebuilt whole by the next run,
// which loads nothing new. A file in rejections_raw with no ingest record
// was refused whole (its Problem is the reason) or failed --strict.
func Recorded(ctx context.Context, db queryer) (*Result, error) {
	files, err := recordedFiles(ctx, db)
	if err != nil {
		return nil, err
	}
	rejections, err := recordedRejections(ctx, db)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	byFile := map[[2]string]*recordedFile{} // path and SHA-256
	for _, f := range files {
		byFile[[2]string{f.Path, f.SHA256}] = &recordedFile{FileResult: f}
		res.Files = append(res.Files, f)
	}
	var refused []*recordedFile
	for _, r := range rejections {
		k := [2]string{r.File, r.SHA256}
		f := byFile[k]
		if f == nil {
			f = &recordedFile{FileResult: &FileResult{Path: r.File, SHA256: r.SHA256}, noRecord: true, rejectedRows: map[[2]any]bool{}}
			byFile[k] = f
			refused = append(refused, f)
		}
		f.take(&r)
		res.Rejections = append(res.Rejections, r)
	}
	for _, f := range refused {
		if f.Problem == "" {
			// Rows rejected and no ingest record: it failed --strict.
			f.StrictFailed = true
			f.Rejected = len(f.rejectedRows)
		}
		res.Files = append(res.Files, f.FileResult)
	}
	res.addUp()
	return res, nil
}

// recordedFile is a file of Recorded as its rejections are read.
type recordedFile struct {
	*FileResult
	noRecord     bool            // not in ingest_files: refused whole, or failed --strict
	rejectedRows map[[2]any]bool // sheet and row of each rejected row (files with no record)
}

// take counts one of the file's rejections. The first with no row, of a
// file with no record or no row read, is why the file was refused whole.
func (f *recordedFile) take(r *Rejection) {
	if r.Row == 0 && f.Problem == "" && (f.noRecord || f.Read == 0) {
		r.Whole = "file"
		f.Problem, f.Hint = r.Reason, r.Hint
	}
	if r.Row > 0 && f.rejectedRows != nil {
		f.rejectedRows[[2]any{r.Sheet, r.Row}] = true
	}
}

// recordedFiles reads every file loaded, in load order.
func recordedFiles(ctx context.Context, db queryer) ([]*FileResult, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.RecordedFiles)
	if err != nil {
		return nil, fmt.Errorf("read the files loaded: %w", err)
	}
	defer rows.Close()
	var out []*FileResult
	for rows.Next() {
		f := &FileResult{}
		if err := rows.Scan(&f.Path, &f.SHA256, &f.Loaded, &f.Rejected, &f.Read); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// recordedRejections reads every rejection recorded, its reason without
// the hint stored after it.
func recordedRejections(ctx context.Context, db queryer) ([]Rejection, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.RecordedRejections)
	if err != nil {
		return nil, fmt.Errorf("read the rejections: %w", err)
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		if err := rows.Scan(&r.File, &r.SHA256, &r.Sheet, &r.Row, &r.Column, &r.Cell, &r.Value, &r.Reason, &r.Hint, &r.ContractRef, &r.Supplier); err != nil {
			return nil, err
		}
		if r.Hint != "" {
			r.Reason = strings.TrimSuffix(r.Reason, "; "+r.Hint)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

var _ queryer = (*sql.DB)(nil)
