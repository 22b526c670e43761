//go:build !unix

package export

import "time"

// usage is not measured here (see peak_unix.go).
func usage() (cpu time.Duration, peak int64) { return 0, 0 }
