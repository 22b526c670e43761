//go:build !unix

package rusage

import "time"

// CPU is not measured on this system.
func CPU() time.Duration { return 0 }

// Usage is not measured on this system.
func Usage() (cpu time.Duration, peak int64) { return 0, 0 }

// ResetPeak cannot start a new high-water mark here.
func ResetPeak() bool { return false }

// StepPeak is not measured on this system.
func StepPeak() int64 { return 0 }
