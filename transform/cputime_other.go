//go:build !unix

package transform

import "time"

// cpuTime is not measured on this system: the log shows 0.
func cpuTime() time.Duration { return 0 }
