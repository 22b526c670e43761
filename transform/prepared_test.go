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

// sharedDB returns a database of the test's own holding what load puts into
// a prepared database opened with o (o.Path is ignored). Several tests read
// the same scenario: load runs once per test binary for each key (the
// scenario and everything o and load depend on), and each test gets a copy
// of the result, so one that writes never changes what the next reads.
func sharedDB(t *testing.T, key string, o store.Options, load func(t *testing.T, db *store.DB)) *store.DB {
	t.Helper()
	shared.Lock()
	if shared.byKey == nil {
		shared.byKey = map[string]*sharedFile{}
	}
	f := shared.byKey[key]
	if f == nil {
		f = &sharedFile{}
		shared.byKey[key] = f
	}
	shared.Unlock()
	f.once.Do(func() {
		ctx := context.Background()
		o := o
		o.Path = preparedPath(t, "shared.duckdb")
		db, err := store.Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := transform.Prepare(ctx, db); err != nil {
			t.Fatal(err)
		}
		load(t, db)
		// after a checkpoint the file alone holds the whole database
		if _, err := db.ExecContext(ctx, "checkpoint"); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		f.file = b
	})
	if f.file == nil {
		t.Fatalf("the shared database %q could not be made: see the first test that asked for it", key)
	}
	o.Path = filepath.Join(t.TempDir(), "shared.duckdb")
	if err := os.WriteFile(o.Path, f.file, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type sharedFile struct {
	once sync.Once
	file []byte
}

var shared struct {
	sync.Mutex
	byKey map[string]*sharedFile
}
