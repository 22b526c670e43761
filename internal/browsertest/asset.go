package browsertest

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// NeedAsset fails a test that needs a build-time asset (the dashboard's
// chart library) when the asset is missing in CI (CI set), and skips it
// elsewhere, saying so once per package where a developer sees it: a skip
// alone only shows with -v, and a dozen silent skips read as a green run.
// skipped names what is skipped ("every test that draws a dashboard"), why
// what is missing and how to get it.
func NeedAsset(t *testing.T, have bool, skipped, why string) {
	t.Helper()
	if have {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	warnOnce.Do(func() { loudLine("WARNING: " + skipped + " is SKIPPED: " + why) })
	t.Skip(why)
}

// warnOnce: one warning per test binary, that is per package.
var warnOnce sync.Once

// loudLine says something where a developer sees it: on stderr (shown by
// go test -v, or when the package fails) and on the terminal itself, when
// there is one, as go test ./... shows a passing package's output nowhere.
func loudLine(s string) {
	fmt.Fprintln(os.Stderr, s)
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprintln(tty, s)
		tty.Close()
	}
}
