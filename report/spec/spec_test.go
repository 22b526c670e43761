package spec

import "testing"

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
