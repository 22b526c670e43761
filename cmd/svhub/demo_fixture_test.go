package main

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The demo is the slowest thing these tests do (a few seconds for the small
// one, much more for the full region), and most tests only read what it
// wrote. Each demo below runs once per test binary, into a folder of its
// own; a test gets a copy (demoCopy), so one that writes beside the outputs
// never changes what the next test reads.
type sharedDemo struct {
	args []string // the demo's flags after --out
	once sync.Once
	dir  string
	err  error
	// stdout is what the demo printed (its summary).
	stdout string
}

var (
	// smallDemo: 24 contracts, 4 months (about 5 s).
	smallDemo = &sharedDemo{args: []string{"--contracts", "24", "--months", "4", "-q"}}
	// fullDemo: the whole demo region (200 contracts, 12 months): the
	// tallest charts and the fullest board pack.
	fullDemo = &sharedDemo{args: []string{"-q"}}
	// demoRoot holds the shared demos' folders; TestMain removes it.
	demoRoot string
)

func TestMain(m *testing.M) {
	// Commands run here leave the default logger alone (only main sets
	// it), so what transform and report log goes to the test binary's
	// stderr at the level a command without -v shows.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	code := m.Run()
	if demoRoot != "" {
		os.RemoveAll(demoRoot)
	}
	for _, dir := range []string{sharedRegister.dir, sharedScenario.dir} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// folder runs the demo the first time it is asked for and returns the
// folder it wrote (shared: never write into it, take a copy).
func (d *sharedDemo) folder(t *testing.T) string {
	t.Helper()
	needECharts(t)
	d.once.Do(func() {
		if demoRoot == "" {
			if demoRoot, d.err = os.MkdirTemp("", "svhub-demo-test-"); d.err != nil {
				return
			}
		}
		if d.dir, d.err = os.MkdirTemp(demoRoot, "demo-"); d.err != nil {
			return
		}
		code, out, errs := svhub(t, append([]string{"demo", "--out", d.dir}, d.args...)...)
		d.stdout = out
		if code != 0 {
			d.err = fmt.Errorf("demo %v: exit %d\nstdout %s\nstderr %s", d.args, code, out, errs)
		}
	})
	if d.err != nil {
		t.Fatal(d.err)
	}
	return d.dir
}

// demoCopy returns a copy of the demo's folder (database, inbox, dashboard,
// board pack) that the test may change as it likes.
func demoCopy(t *testing.T, d *sharedDemo) string {
	t.Helper()
	src := d.folder(t)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if e.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		return copyFile(path, to)
	})
	if err != nil {
		t.Fatalf("copy the demo: %v", err)
	}
	return dst
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// skipShort skips a slow end-to-end test under -short (make test); make
// test-all and CI run it.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow end-to-end test: skipped under -short; make test-all runs it")
	}
}
