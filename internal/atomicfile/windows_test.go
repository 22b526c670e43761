package atomicfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// running is the liveness check behind every stale-file clean-up: true for
// this process and a live child, false once the child has exited. (On
// Windows this checks running_windows.go; Process.Signal(0), used on Unix,
// always fails there, so every live svhub would look dead. make test-windows
// runs it under Wine.)
func TestRunning(t *testing.T) {
	if !running(os.Getpid()) {
		t.Error("running(self) = false")
	}
	c := startSleeper(t)
	if !running(c.Process.Pid) {
		t.Errorf("running(%d) = false for a live child", c.Process.Pid)
	}
	c.Process.Kill()
	c.Wait()
	if running(c.Process.Pid) {
		t.Errorf("running(%d) = true for a child that was killed and waited for", c.Process.Pid)
	}
	if pid := deadPID(t); running(pid) {
		t.Errorf("running(%d) = true for a process that has exited", pid)
	}
}

// TestHelperSleep is not a test: startSleeper runs it as a live process.
func TestHelperSleep(t *testing.T) {
	if os.Getenv("SVHUB_SLEEP_HELPER") == "" {
		t.Skip("helper process only")
	}
	time.Sleep(time.Minute)
}

// startSleeper starts this test binary as a process that stays alive for a
// minute (killed when the test ends): a live PID on every platform.
func startSleeper(t *testing.T) *exec.Cmd {
	t.Helper()
	c := exec.Command(os.Args[0], "-test.run=^TestHelperSleep$")
	c.Env = append(os.Environ(), "SVHUB_SLEEP_HELPER=1")
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	return c
}

// What Windows returns when MoveFileEx meets a file Excel holds open, and
// that it is recognised only where those numbers are Windows' own.
func TestHeldOpen(t *testing.T) {
	rename := func(errno uintptr) error {
		return &os.LinkError{Op: "rename", Old: ".board-pack.xlsx.svhub7-1.tmp", New: "board-pack.xlsx", Err: syscall.Errno(errno)}
	}
	for _, c := range []struct {
		name    string
		err     error
		windows bool
		want    bool
	}{
		{"access denied (Excel)", rename(5), true, true},
		{"sharing violation", rename(32), true, true},
		{"lock violation", rename(33), true, true},
		{"file not found", rename(2), true, false},
		{"disk full", rename(112), true, false},
		{"errno 5 on Linux is EIO, not Excel", rename(5), false, false},
		{"not an errno", errors.New("access denied"), true, false},
	} {
		if got := heldOpen(c.err, c.windows); got != c.want {
			t.Errorf("%s: heldOpen = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestInUseError_SaysWhatToClose(t *testing.T) {
	err := error(&InUseError{Path: filepath.Join("out", "2026-09", "board-pack.xlsx"), Err: syscall.Errno(5)})
	for _, want := range []string{"write out/2026-09/board-pack.xlsx: ", "close board-pack.xlsx in Excel", "and run again", "the previous board-pack.xlsx is kept"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if !errors.Is(err, syscall.Errno(5)) {
		t.Error("the system error is not wrapped")
	}
	dir := error(&InUseError{Path: filepath.Join("out", "2026-09"), Folder: true, Err: syscall.Errno(5)})
	for _, want := range []string{"write out/2026-09: ", "a file in 2026-09 is open in another program", "the previous 2026-09 is kept"} {
		if !strings.Contains(dir.Error(), want) {
			t.Errorf("%q lacks %q", dir, want)
		}
	}
}

// When the previous folder cannot be removed (Windows: a file in it is
// open), the new folder is already in place: ReplaceDir says so rather than
// failing, and the leftover goes on the next call.
func TestReplaceDir_LeftoverReportedThenRemoved(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "2026-09")
	fill := func(text string) func(string) error {
		return func(tmp string) error { return os.WriteFile(filepath.Join(tmp, "a.html"), []byte(text), 0o644) }
	}
	if err := ReplaceDir(dir, fill("first")); err != nil {
		t.Fatal(err)
	}
	removeAll = func(string) error { return &os.PathError{Op: "unlinkat", Path: "x", Err: syscall.Errno(5)} }
	err := ReplaceDir(dir, fill("second"))
	removeAll = os.RemoveAll
	var le *LeftoverError
	if !errors.As(err, &le) {
		t.Fatalf("got %v; want a LeftoverError", err)
	}
	if !strings.Contains(err.Error(), "the new "+filepath.ToSlash(dir)+" is in place") || !strings.Contains(err.Error(), "the next run removes it") {
		t.Errorf("message: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.html")); string(b) != "second" {
		t.Errorf("dir holds %q; want the new folder", b)
	}
	if !strings.HasPrefix(filepath.Base(le.Old), ".2026-09.old-svhub"+strconv.Itoa(os.Getpid())+"-") {
		t.Errorf("leftover %s is not tagged with this process", le.Old)
	}
	// The next run (another process: the tag is rewritten to a dead PID) cleans it.
	stale := filepath.Join(parent, ".2026-09.old-svhub"+strconv.Itoa(deadPID(t))+"-1")
	if err := os.Rename(le.Old, stale); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceDir(dir, fill("third")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, parent); len(got) != 1 || got[0] != "2026-09" {
		t.Errorf("parent holds %v; want only 2026-09", got)
	}
}

// A month's leftover is removed by a run that builds another month, but
// never one whose process is still running.
func TestCleanLeftovers(t *testing.T) {
	dir := t.TempDir()
	dead, live := strconv.Itoa(deadPID(t)), strconv.Itoa(startSleeper(t).Process.Pid)
	gone := []string{".2026-08.old-svhub" + dead + "-1", ".2026-07.partial-svhub" + dead + "-2"}
	kept := []string{".2026-08.old-svhub" + live + "-3", ".2026-07.partial-svhub" + live + "-4", "2026-08", ".notes.old-keep"}
	for _, n := range append(gone, kept...) {
		if err := os.MkdirAll(filepath.Join(dir, n, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	CleanLeftovers(dir)
	got := strings.Join(names(t, dir), " ")
	for _, n := range gone {
		if strings.Contains(got, n) {
			t.Errorf("%s should have been removed: %s", n, got)
		}
	}
	for _, n := range kept {
		if !strings.Contains(got, n) {
			t.Errorf("%s should have been kept: %s", n, got)
		}
	}
}
