// Package progress draws progress bars on stderr, and only when stderr is a
// terminal: logs and pipes never get control characters.
package progress

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar counts work done. The zero value does nothing.
type Bar struct {
	bar *progressbar.ProgressBar
}

// Enabled tells whether w is a terminal that should get bars.
func Enabled(w io.Writer, quiet bool) bool {
	if quiet || os.Getenv("NO_COLOR") != "" && os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// New starts a bar; total -1 means unknown (a spinner with a count).
func New(w io.Writer, enabled bool, total int64, desc string) *Bar {
	if !enabled {
		return &Bar{}
	}
	return &Bar{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)}
}

// Add records n more units done.
func (b *Bar) Add(n int) {
	if b != nil && b.bar != nil {
		b.bar.Add(n)
	}
}

// Done clears the bar.
func (b *Bar) Done() {
	if b != nil && b.bar != nil {
		b.bar.Finish()
	}
}
