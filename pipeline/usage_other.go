//go:build !unix

package pipeline

import "time"

// usage is not measured here (see usage_unix.go).
func usage() (cpu time.Duration, peak int64) { return 0, 0 }

func resetPeak() bool { return false }

func stepPeak() int64 { return 0 }
