package atomicfile

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func write(path, text string) error {
	return Write(path, func(w io.Writer) error { _, err := io.WriteString(w, text); return err })
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// deadPID returns the PID of a process that has exited: this test binary
// run again with no test to run (there is no "true" on Windows).
func deadPID(t *testing.T) int {
	t.Helper()
	c := exec.Command(os.Args[0], "-test.run=^$")
	if err := c.Run(); err != nil {
		t.Skip("cannot start a process:", err)
	}
	pid := c.Process.Pid
	if running(pid) {
		t.Skip("the PID was reused at once")
	}
	return pid
}

func TestWrite_FailureKeepsPreviousOutputAndNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "d.html")
	write(p, "good")
	err := Write(p, func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "good" {
		t.Errorf("previous output became %q", b)
	}
	if n := names(t, dir); len(n) != 1 {
		t.Errorf("left %v; want only d.html", n)
	}
}

func TestWrite_MissingFolderNamed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-such-folder")
	err := write(filepath.Join(dir, "d.html"), "x")
	if err == nil || !strings.Contains(err.Error(), "the folder "+dir+" does not exist") || strings.Contains(err.Error(), ".tmp") || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v; want the missing folder named, no temp file", err)
	}
}

func TestWrite_RemovesStaleTempsOfDeadRuns(t *testing.T) {
	dir := t.TempDir()
	dead := deadPID(t)
	stale := ".d.html.svhub" + strconv.Itoa(dead) + "-123.tmp"
	live := ".d.html.svhub" + strconv.Itoa(startSleeper(t).Process.Pid) + "-456.tmp"
	legacyOld := ".d.html.987654.tmp"
	legacyNew := ".d.html.111111.tmp"
	other := ".other.html.svhub" + strconv.Itoa(dead) + "-1.tmp"
	notOurs := ".d.html.notes.tmp"
	for _, n := range []string{stale, live, legacyOld, legacyNew, other, notOurs} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	two := time.Now().Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(dir, legacyOld), two, two)
	if err := write(filepath.Join(dir, "d.html"), "x"); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(names(t, dir), " ")
	for _, gone := range []string{stale, legacyOld} {
		if strings.Contains(got, gone) {
			t.Errorf("%s should have been removed: %s", gone, got)
		}
	}
	for _, kept := range []string{live, legacyNew, other, notOurs, "d.html"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%s should have been kept: %s", kept, got)
		}
	}
}

func TestReplaceDir_RemovesStalePartialFolders(t *testing.T) {
	parent := t.TempDir()
	dead := deadPID(t)
	stale := filepath.Join(parent, ".out.partial-svhub"+strconv.Itoa(dead)+"-42")
	os.MkdirAll(filepath.Join(stale, "x"), 0o755)
	if err := ReplaceDir(filepath.Join(parent, "out"), func(tmp string) error {
		return os.WriteFile(filepath.Join(tmp, "a.html"), []byte("a"), 0o644)
	}); err != nil {
		t.Fatal(err)
	}
	if got := names(t, parent); len(got) != 1 || got[0] != "out" {
		t.Errorf("parent holds %v; want only out", got)
	}
}
