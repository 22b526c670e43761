//go:build !unix

package dashboard

import "time"

// cpuUsed is not measured here (see usage_unix.go).
func cpuUsed() time.Duration { return 0 }
