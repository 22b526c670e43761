//go:build unix

package export

import (
	"syscall"
	"time"
)

// usage is the CPU time (user and system) this process has used so far
// and the most resident memory it has held, in bytes (DuckDB's threads run
// in it): logged after each table, the table where the peak jumps is the
// one that sets the export's.
func usage() (cpu time.Duration, peak int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Maxrss * 1024 // Linux counts kilobytes
}
