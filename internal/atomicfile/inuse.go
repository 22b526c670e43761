package atomicfile

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/nhs-hubs/svhub/internal/shownpath"
)

// InUseError is Windows refusing to replace a file, or to move a folder,
// that a program holds open: an analyst who left last month's board pack
// open in Excel. Linux and macOS replace open files, so it arises only on
// Windows. The previous output is kept.
type InUseError struct {
	Path   string // the output (file or folder) that was not replaced
	Folder bool
	Err    error
}

func (e *InUseError) Error() string {
	name := filepath.Base(e.Path)
	if e.Folder {
		return fmt.Sprintf("write %s: a file in %s is open in another program: close it (a board pack in Excel, say) and run again; Windows cannot move a folder while a file in it is open, so the previous %s is kept (%v)",
			shownpath.Slash(e.Path), name, name, e.Err)
	}
	return fmt.Sprintf("write %s: close %s in Excel (or whichever program has it open) and run again; Windows cannot replace a file that is open, so the previous %s is kept (%v)",
		shownpath.Slash(e.Path), name, name, e.Err)
}

func (e *InUseError) Unwrap() error { return e.Err }

// Windows' error numbers for a file another program holds open.
const (
	errorAccessDenied     = 5  // ERROR_ACCESS_DENIED: MoveFileEx over a file opened without FILE_SHARE_DELETE (Excel)
	errorSharingViolation = 32 // ERROR_SHARING_VIOLATION
	errorLockViolation    = 33 // ERROR_LOCK_VIOLATION
)

// heldOpen tells whether err, from a rename on the given platform, is the
// target being open in another program. The numbers are Windows' own, so
// this is false on every other platform (errno 5 is EIO on Linux).
func heldOpen(err error, windows bool) bool {
	var errno syscall.Errno
	if !windows || !errors.As(err, &errno) {
		return false
	}
	switch uintptr(errno) {
	case errorAccessDenied, errorSharingViolation, errorLockViolation:
		return true
	}
	return false
}

var onWindows = runtime.GOOS == "windows"

// LeftoverError says ReplaceDir put the new folder in place but could not
// remove the previous one (on Windows, a file in it was open). The outputs
// are updated; the leftover is hidden and removed by the next run.
type LeftoverError struct {
	Dir, Old string
	Err      error
}

func (e *LeftoverError) Error() string {
	return fmt.Sprintf("the new %s is in place, but the previous one could not be removed (%v): it is left as %s and the next run removes it",
		shownpath.Slash(e.Dir), e.Err, shownpath.Slash(e.Old))
}

func (e *LeftoverError) Unwrap() error { return e.Err }
