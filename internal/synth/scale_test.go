//go:build slow

package synth

import (
	"context"
	"os"
	"testing"
	"time"
)

// go test -tags slow -run Scale -v ./internal/synth/
func TestGenerate_Scale(t *testing.T) {
	for _, opts := range []Options{{}, {Contracts: 10000, Months: 12}} {
		start := time.Now()
		r, err := Generate(opts)
		if err != nil {
			t.Fatal(err)
		}
		gen := time.Since(start)
		paths, err := WriteInbox(context.Background(), t.TempDir(), r)
		if err != nil {
			t.Fatal(err)
		}
		var size int64
		for _, p := range paths {
			fi, _ := os.Stat(p)
			size += fi.Size()
		}
		total := time.Since(start)
		t.Logf("%d contracts x %d months: %d commitments, %d returns, %d files (%.1f MB); generate %v, total %v",
			len(r.Contracts), opts.withDefaults().Months, len(r.Commitments), len(r.Returns), len(paths), float64(size)/1e6, gen.Round(time.Millisecond), total.Round(time.Millisecond))
		if total > 30*time.Second {
			t.Errorf("took %v, want seconds", total)
		}
	}
}
