package dashboard

import (
	"strings"
	"testing"
)

// Every dashboard query names a file that exists and declares every
// parameter it reads (Validate reads each file: a missing one panics), and
// no query holds SQL in Go.
func TestSpec_QueriesAreFiles(t *testing.T) {
	s := Spec()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, q := range s.Queries {
		if q.SQL != "" || !strings.HasPrefix(q.File, "dashboard/") {
			t.Errorf("query %s: SQL in Go or a file outside sql/reports/dashboard (%q)", q.Name, q.File)
		}
	}
}

// A capped list keeps its block's Limit per drill-down view and at least
// spec.MaxTableRows (100) for the whole report's.
func TestCapped(t *testing.T) {
	for _, tc := range []struct{ limit, keep, keepAll int }{{15, 15, 100}, {250, 250, 250}} {
		got := capped(tc.limit)
		if got["keep"] != tc.keep || got["keep_all"] != tc.keepAll {
			t.Errorf("capped(%d) = %v, want keep %d, keep_all %d", tc.limit, got, tc.keep, tc.keepAll)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("capped(0) should panic: a list with no limit is not capped")
		}
	}()
	capped(0)
}
