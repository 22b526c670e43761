package transform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/nhs-hubs/svhub/internal/store"
)

// RebuildMarts rebuilds the marts in a transaction of their own, after the
// data they are built from has committed. The ingest does this rather than
// building them in its own transaction: DuckDB holds a transaction's
// uncommitted rows in memory, so building the marts beside half a million
// new rows needed several times the memory of building them after. If the
// rebuild fails or the process dies first, the data stands and the marts
// are stale; marts_data (below) tells every reader, which then builds the
// marts for its own session (FreshenMarts), so a report is never wrong,
// only slower, until the next write rebuilds them.
//
// memory_limit is a target, not a wall: when DuckDB runs out of memory
// under it (some joins cannot spill), the rebuild is tried once more with
// DuckDB's own limit (80% of RAM), and a warning names the setting.
func RebuildMarts(ctx context.Context, db *store.DB) error {
	return retryOutOfMemory(ctx, db, func() error {
		return db.Write(ctx, func(w *store.Writer) error { return Materialise(ctx, w) })
	})
}

// retryOutOfMemory runs build (a writing transaction of the marts) and,
// when DuckDB runs out of memory under memory_limit, once more with
// DuckDB's own limit, warning that the setting was too low.
func retryOutOfMemory(ctx context.Context, db *store.DB, build func() error) error {
	err := build()
	if !IsOutOfMemory(err) {
		return err
	}
	restore, lerr := db.LiftMemoryLimit(ctx)
	if lerr != nil {
		return errors.Join(err, lerr)
	}
	defer restore()
	slog.Warn("rebuilding the report tables needed more memory than memory_limit allows; built them again with DuckDB's own limit (80% of RAM): raise memory_limit to skip the first try",
		"error", firstLine(err))
	if err := build(); err != nil {
		return err
	}
	// Written out while the limit is still lifted: the rebuilt tables'
	// blocks not yet checkpointed stay in memory, and under the limit put
	// back the next query could not even read them.
	if _, err := db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpoint the rebuilt marts: %w", err)
	}
	return nil
}

// IsOutOfMemory says whether err is DuckDB running out of memory under its limit.
func IsOutOfMemory(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Out of Memory Error")
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// dataFingerprint identifies the loaded data: every load adds or replaces
// an ingest_files row with a new load_seq, so the count and the highest
// sequence change with every load (and with --force).
func dataFingerprint(ctx context.Context, q Execer) (string, error) {
	var fp string
	err := q.QueryRowContext(ctx, `select count(*) || ':' || coalesce(max(load_seq), 0) from ingest_files`).Scan(&fp)
	if err != nil {
		return "", fmt.Errorf("read ingest_files: %w", err)
	}
	return fp, nil
}
