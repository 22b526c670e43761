//go:build !unix

package value

import "time"

// cpuTime is not measured on this system (Windows): benchmarks report 0 CPU.
func cpuTime() time.Duration { return 0 }
