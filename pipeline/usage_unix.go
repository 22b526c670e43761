//go:build unix

package pipeline

import (
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
