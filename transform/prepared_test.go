package transform_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// preparedPath returns the path, in a folder of the test's own, of a copy of
// a database transform.Prepare has prepared from nothing (migrations, the
// taxonomy, every view and the empty marts). Preparing a new database costs
// ~0.8 CPU-s, mostly building the empty marts; a test that starts from the
// copy still calls Prepare, which then only recreates the views. The
// template is made once per test binary and kept in memory, so there is no
// file to clean up. Tests of Prepare itself (lifecycle_test.go) start from a
// new file.
func preparedPath(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	writePrepared(t, path)
	return path
}

// writePrepared writes the prepared template at path (a new file).
func writePrepared(t *testing.T, path string) {
	t.Helper()
	prepared.once.Do(makePrepared)
	if prepared.err != nil {
		t.Fatal(prepared.err)
	}
	if err := os.WriteFile(path, prepared.file, 0o644); err != nil {
		t.Fatal(err)
	}
}

var prepared struct {
	once sync.Once
	file []byte
	err  error
}

func makePrepared() {
	dir, err := os.MkdirTemp("", "svhub-transform-prepared-")
	if err != nil {
		prepared.err = err
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "prepared.duckdb")
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		prepared.err = err
		return
	}
	err = transform.Prepare(ctx, db)
	if err = errors.Join(err, db.Close()); err != nil {
		prepared.err = fmt.Errorf("prepare the template database: %w", err)
		return
	}
	// Close checkpoints: the file alone is the whole database.
	if _, err := os.Stat(path + ".wal"); err == nil {
		prepared.err = fmt.Errorf("the template database left a write-ahead log after closing")
		return
	}
	prepared.file, prepared.err = os.ReadFile(path)
}
