package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"maps"
	"slices"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// touchedFiles gathers what a load touched, for the incremental merge of
// the marts (Result.Touched): the contracts of every file whose rows the
// load removes (asked before they go) or adds (asked once they are in).
// Every such file passes through writer.forget, before its earlier rows
// are removed and before its new rows load.
type touchedFiles struct {
	shas      []string        // every file forgotten: asked again after the load
	all       bool            // a file holds rows every contract reads
	contracts map[string]bool // contracts whose rows the files hold or held
	// since is, for contracts whose returns alone the files hold or held,
	// the earliest month of them ("2006-01-02"); a contract of contracts
	// not here changed in every month
	since map[string]string
	every map[string]bool // contracts with rows other than returns
}

// note adds what the files' rows in the database now touch
// (sql/ingest/touched_contracts.sql, touches_all.sql).
func (t *touchedFiles) note(ctx context.Context, w *writer, shas []string) error {
	if len(shas) == 0 {
		return nil
	}
	if t.contracts == nil {
		t.contracts, t.since, t.every = map[string]bool{}, map[string]string{}, map[string]bool{}
	}
	var all bool
	if err := w.conn.QueryRowContext(ctx, sqlText("touches_all"), shas).Scan(&all); err != nil {
		return fmt.Errorf("ingest: read what the files touch: %w", err)
	}
	t.all = t.all || all
	rows, err := w.conn.QueryContext(ctx, sqlText("touched_contracts"), shas)
	if err != nil {
		return fmt.Errorf("ingest: read the contracts the files touch: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		var since sql.NullString
		if err := rows.Scan(&ref, &since); err != nil {
			return err
		}
		t.add(ref, since)
	}
	return rows.Err()
}

// add notes one touched contract and the earliest month its returns
// changed (not valid: every month).
func (t *touchedFiles) add(ref string, since sql.NullString) {
	t.contracts[ref] = true
	switch {
	case t.every[ref]:
	case !since.Valid:
		t.every[ref] = true
		delete(t.since, ref)
	case t.since[ref] == "" || since.String < t.since[ref]:
		t.since[ref] = since.String
	}
}

// forgetting notes what the files' earlier rows touch, before they go.
func (t *touchedFiles) forgetting(ctx context.Context, w *writer, shas []string) error {
	t.shas = append(t.shas, shas...)
	return t.note(ctx, w, shas)
}

// result is what the load touched, once its rows are in.
func (t *touchedFiles) result(ctx context.Context, w *writer) (Touched, error) {
	if err := t.note(ctx, w, slices.Compact(slices.Sorted(slices.Values(t.shas)))); err != nil {
		return Touched{}, err
	}
	return Touched{All: t.all, Contracts: slices.Sorted(maps.Keys(t.contracts)), Since: t.since}, nil
}

// sqlText is sql/ingest/NAME.sql, read through sqlfiles.FS (so a test
// binary built with the sqldir tag reads a changed file). The set is fixed
// at build time: a missing file is a bug.
func sqlText(name string) string {
	b, err := fs.ReadFile(sqlfiles.FS, "ingest/"+name+".sql")
	if err != nil {
		panic("ingest: " + err.Error())
	}
	return string(b)
}
