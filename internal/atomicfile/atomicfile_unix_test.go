//go:build !windows

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Unix only: Windows has no umask and no permission bits for the 0644 to
// check (a file there is read-only or not).
func TestWrite_Mode0644AndContent(t *testing.T) {
	old := syscall.Umask(0o077) // even under a strict umask the output is readable
	defer syscall.Umask(old)
	p := filepath.Join(t.TempDir(), "d.html")
	if err := write(p, "hello"); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	b, _ := os.ReadFile(p)
	if st.Mode().Perm() != 0o644 || string(b) != "hello" {
		t.Errorf("mode %v content %q; want 0644 and hello", st.Mode().Perm(), b)
	}
}
