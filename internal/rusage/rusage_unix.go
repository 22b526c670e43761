//go:build unix

package rusage

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
)

// CPU is the CPU time (user and system) the process has used so far.
func CPU() time.Duration {
	cpu, _ := Usage()
	return cpu
}

// Usage is the CPU time the process has used so far and the most resident
// memory it has held, in bytes.
func Usage() (cpu time.Duration, peak int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Maxrss * 1024 // Linux counts kilobytes
}

// ResetPeak starts a new memory high-water mark (Linux: clear_refs 5), so
// that StepPeak measures what follows; false where it cannot.
func ResetPeak() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// StepPeak is the resident memory high-water mark since the last
// ResetPeak (Linux: VmHWM), in bytes; 0 where it cannot be read.
func StepPeak() int64 {
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
