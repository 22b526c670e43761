//go:build unix

package value

import (
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user and system, all threads):
// on a shared machine the CPU a benchmark spends per op moves far less with
// the load than its wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
