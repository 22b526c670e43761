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
	res := &Result{}
	byFile := map[[2]string]*FileResult{} // path and SHA-256
	rows, err := db.QueryContext(ctx, sqlfiles.RecordedFiles)
	if err != nil {
		return nil, fmt.Errorf("read the files loaded: %w", err)
	}
	for rows.Next() {
		f := &FileResult{}
		if err := rows.Scan(&f.Path, &f.SHA256, &f.Loaded, &f.Rejected, &f.Read); err != nil {
			rows.Close()
			return nil, err
		}
		res.Files = append(res.Files, f)
		byFile[[2]string{f.Path, f.SHA256}] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, sqlfiles.RecordedRejections)
	if err != nil {
		return nil, fmt.Errorf("read the rejections: %w", err)
	}
	defer rows.Close()
	var refused []*FileResult
	noRecord := map[*FileResult]bool{}
	rejectedRows := map[*FileResult]map[[2]any]bool{}
	for rows.Next() {
		var r Rejection
		if err := rows.Scan(&r.File, &r.SHA256, &r.Sheet, &r.Row, &r.Column, &r.Cell, &r.Value, &r.Reason, &r.Hint, &r.ContractRef, &r.Supplier); err != nil {
			return nil, err
		}
		if r.Hint != "" {
			r.Reason = strings.TrimSuffix(r.Reason, "; "+r.Hint)
		}
		f := byFile[[2]string{r.File, r.SHA256}]
		if f == nil {
			f = &FileResult{Path: r.File, SHA256: r.SHA256}
			byFile[[2]string{r.File, r.SHA256}] = f
			refused = append(refused, f)
			noRecord[f] = true
		}
		if r.Row == 0 && f.Problem == "" && (noRecord[f] || f.Read == 0) {
			r.Whole = "file"
			f.Problem, f.Hint = r.Reason, r.Hint
		}
		res.Rejections = append(res.Rejections, r)
		if rejectedRows[f] == nil {
			rejectedRows[f] = map[[2]any]bool{}
		}
		if r.Row > 0 {
			rejectedRows[f][[2]any{r.Sheet, r.Row}] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, f := range refused {
		if f.Problem == "" {
			// Rows rejected and no ingest record: it failed --strict.
			f.StrictFailed = true
			f.Rejected = len(rejectedRows[f])
		}
		res.Files = append(res.Files, f)
	}
	for _, f := range res.Files {
		res.Loaded += f.Loaded
		res.Rejected += f.Rejected
		if f.Problem != "" {
			res.FileProblems++
		}
	}
	return res, nil
}

var _ queryer = (*sql.DB)(nil)
