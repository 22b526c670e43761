//go:build unix

package pipeline

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
)

// usage is the CPU time (user and system) this process has used so far and
// the most resident memory it has held, in bytes: DuckDB's threads run in
// it, so the run log's difference across a step is what the step cost, and
// the peak after each step says which step set the run's.
func usage() (cpu time.Duration, peak int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Maxrss * 1024 // Linux counts kilobytes
}

// resetPeak starts a new high-water mark of the process's resident memory,
// so that stepPeak reads the step's own peak rather than the run's so far
// (Linux: writing 5 to /proc/self/clear_refs resets VmHWM). It says
// whether it could.
func resetPeak() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// stepPeak is the resident memory's high-water mark since resetPeak, in
// bytes (VmHWM of /proc/self/status); 0 where there is none.
func stepPeak() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	_, rest, ok := bytes.Cut(b, []byte("VmHWM:"))
	if !ok {
		return 0
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(line), []byte("kB")))), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}
