//go:build unix

package dashboard

import (
	"syscall"
	"time"
)

// cpuUsed is the CPU time (user and system) this process has used so far,
// DuckDB's threads included. The queries run one at a time, so the
// difference around one is that query's CPU: on a loaded machine its wall
// time says little.
func cpuUsed() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
