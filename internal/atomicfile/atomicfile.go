// Package atomicfile writes output files so that a reader never sees half of
// one: the content goes to a temporary file in the same folder, is synced,
// and is renamed over the target only when complete. Ctrl-C mid-write leaves
// the previous output in place.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Write creates path with the bytes fn writes. Temporary files that an
// earlier, killed svhub left beside path are removed first.
func Write(path string, fn func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := folderExists(dir); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	cleanStale(dir, "."+filepath.Base(path)+".")
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"."+ownTag()+"-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := fn(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		if heldOpen(err, onWindows) {
			return &InUseError{Path: path, Err: err}
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// removeAll is os.RemoveAll, replaced in tests to fail as Windows does when
// a file in the folder is open.
var removeAll = os.RemoveAll

// ReplaceDir builds a whole folder at once: fill writes into a temporary
// folder beside dir, and only when it succeeds is dir swapped for it (the
// old folder is moved aside, the new one renamed in, the old one removed).
// A failing fill leaves dir exactly as it was. Callers hand fill the
// temporary path and must write nothing outside it. When only the removal
// of the previous folder fails, dir is already the new one and the error is
// a *LeftoverError.
func ReplaceDir(dir string, fill func(tmp string) error) (err error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("write %s: it is a file, not a folder", dir)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	cleanStale(parent, "."+base+".partial-")
	cleanStale(parent, "."+base+".old-")
	tmp, err := os.MkdirTemp(parent, "."+base+".partial-"+ownTag()+"-")
	if err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	if err := fill(tmp); err != nil {
		return err
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".partial-"))
		if err := os.Rename(dir, old); err != nil {
			if heldOpen(err, onWindows) {
				return &InUseError{Path: dir, Folder: true, Err: err}
			}
			return fmt.Errorf("write %s: move the previous folder aside: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put the previous folder back
		}
		return fmt.Errorf("write %s: %w", dir, err)
	}
	if old != "" {
		// The new folder is in place whatever happens now: a previous one
		// that cannot be removed is reported, not a failure, and its name
		// (tagged with this process) lets the next run remove it.
		if err := removeAll(old); err != nil {
			return &LeftoverError{Dir: dir, Old: old, Err: err}
		}
	}
	return nil
}
