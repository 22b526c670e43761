//go:build windows

package atomicfile

import "syscall"

// Windows has no signal 0 (Process.Signal always fails there, which would
// make every other svhub's temporary file look stale): open the process
// for the least access Windows grants and ask whether it has exited.
const (
	processQueryLimitedInformation = 0x1000 // PROCESS_QUERY_LIMITED_INFORMATION
	stillActive                    = 259    // STILL_ACTIVE, the exit code of a live process
	errorInvalidParameter          = syscall.Errno(87)
)

// running tells whether a process with this PID exists. Only "no such
// process" counts as gone: any other failure to look (access denied to
// another user's process, say) keeps its files, as deleting a live run's
// temporary file would break that run.
func running(pid int) bool {
	if pid <= 0 {
		return false
	}
	h, err := syscall.OpenProcess(processQueryLimitedInformation, false, uint32(pid))
	if err != nil {
		return err != errorInvalidParameter
	}
	defer syscall.CloseHandle(h)
	var code uint32
	if err := syscall.GetExitCodeProcess(h, &code); err != nil {
		return true
	}
	return code == stillActive
}
