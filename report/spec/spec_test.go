package spec

import (
	"strings"
	"testing"
)

func TestFillText(t *testing.T) {
	res := &Result{Columns: []string{"green_min_pct", "amber_min_pct", "return_grace_days", "name"},
		Rows: [][]any{{90.00000000000001, 62.5, int64(15), "Acme"}}}
	for _, tc := range []struct{ in, want string }{
		// 100 × 0.9 in floating point is 90.00000000000001: shown as 90%.
		{"at least {green_min_pct}; amber {amber_min_pct}", "at least 90%; amber 62.5%"},
		// Not a _pct column: the number as it is, no % sign.
		{"{return_grace_days} days", "15 days"},
		{"from {name}", "from Acme"},
		// No such column: the placeholder stays, visibly.
		{"{rag_red_max} or {Green}", "{rag_red_max} or {Green}"},
		{"no placeholders", "no placeholders"},
	} {
		if got := FillText(tc.in, res); got != tc.want {
			t.Errorf("FillText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// No row to read: the text as written.
	if got := FillText("{green_min_pct}", &Result{Columns: res.Columns}); got != "{green_min_pct}" {
		t.Errorf("with no rows: %q", got)
	}
	if got := FillText("{green_min_pct}", nil); got != "{green_min_pct}" {
		t.Errorf("with no result: %q", got)
	}
}

// A query gives its SQL or its file, not both or neither; a parameter is
// declared by the spec or by the query's own Args.
func TestValidate_QueryTextAndParams(t *testing.T) {
	params := []Param{{Name: "as_of"}}
	for _, tc := range []struct {
		name string
		q    Query
		ok   bool
	}{
		{"sql", Query{Name: "a", SQL: "select $as_of"}, true},
		{"neither", Query{Name: "a"}, false},
		{"both", Query{Name: "a", SQL: "select 1", File: "dashboard/trend"}, false},
		{"undeclared", Query{Name: "a", SQL: "select $keep"}, false},
		{"own arg", Query{Name: "a", SQL: "select $keep", Args: map[string]any{"keep": 15}}, true},
		{"numbered", Query{Name: "a", SQL: "select $1"}, false},
	} {
		err := (&Spec{Params: params, Queries: []Query{tc.q}}).Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

// A query file that reads a shared report query (With) gets it as the first
// CTE of its own WITH clause, after its header comments.
func TestQueryText_With(t *testing.T) {
	q := Query{Name: "off_track", File: "dashboard/off_track", With: []string{"off_track"}}
	text := q.Text()
	i := strings.Index(text, "\nwith off_track as (\n")
	j := strings.Index(text, "\n),\nc as (from scoped(off_track,")
	if i < 0 || j < i || strings.Index(text, "\nwith ") != i {
		t.Errorf("off_track's text does not start its WITH clause with the shared query:\n%s", text)
	}
	if !strings.HasPrefix(text, "-- off_track (the dashboard's list)") {
		t.Errorf("the file's header comment should stay first:\n%.200s", text)
	}
}
