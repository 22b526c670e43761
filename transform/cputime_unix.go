//go:build unix

package transform

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) this process has used so far:
// DuckDB's worker threads run in it, so the difference across a mart's build
// is what the build cost, whatever else the machine is doing.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
