package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Temporary names carry "svhub<PID>-", so a later run can tell its own
// leftovers from another process's work in progress: a temporary file
// whose process is gone was left by a kill or a power cut (a killed report
// left a hidden 3.8 MB .dashboard.html.*.tmp behind) and is removed.
func ownTag() string { return "svhub" + strconv.Itoa(os.Getpid()) }

// legacyAge is how old a temporary file from before the PID tag must be
// before it is taken as stale.
const legacyAge = time.Hour

// CleanLeftovers removes from dir what killed or interrupted svhub runs
// left of ReplaceDir's folders: ".NAME.partial-svhub<PID>-*" being built
// and ".NAME.old-svhub<PID>-*" not yet removed (Windows refuses to remove a
// folder while a file in it is open), for every NAME, whose process is gone.
// ReplaceDir cleans its own folder's; a caller that writes several folders
// into dir (svhub run, one per month) calls this so a leftover of another
// month goes too.
func CleanLeftovers(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	for _, e := range entries {
		for _, kind := range []string{".partial-svhub", ".old-svhub"} {
			i := strings.LastIndex(e.Name(), kind)
			if !strings.HasPrefix(e.Name(), ".") || i < 0 {
				continue
			}
			prefix := e.Name()[:i+len(kind)-len("svhub")]
			if !seen[prefix] {
				seen[prefix] = true
				cleanStale(dir, prefix)
			}
		}
	}
}

// cleanStale removes the entries of dir named prefix+"svhub<PID>-..." whose
// process is no longer running, and untagged prefix+"<digits>.tmp" ones
// (the older naming) not touched for an hour. Errors are ignored: a
// leftover that cannot be removed costs disk space, not correctness.
func cleanStale(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		if tagged, ok := strings.CutPrefix(rest, "svhub"); ok {
			pidText, _, ok := strings.Cut(tagged, "-")
			pid, err := strconv.Atoi(pidText)
			if ok && err == nil && pid != os.Getpid() && !running(pid) {
				os.RemoveAll(filepath.Join(dir, e.Name()))
			}
			continue
		}
		digits := strings.TrimSuffix(rest, ".tmp")
		if _, err := strconv.ParseUint(digits, 10, 64); err != nil || digits == rest {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > legacyAge {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// folderExists names the folder, not a temporary file in it, when the
// output cannot go there.
func folderExists(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &missingFolder{dir}
	case err != nil:
		return fmt.Errorf("the folder %s: %w", dir, err)
	case !st.IsDir():
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	return nil
}

// missingFolder still matches fs.ErrNotExist for callers that test for it.
type missingFolder struct{ dir string }

func (e *missingFolder) Error() string {
	return fmt.Sprintf("the folder %s does not exist; create it, or choose another output path", e.dir)
}

func (e *missingFolder) Unwrap() error { return fs.ErrNotExist }
