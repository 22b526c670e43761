package shownpath

import "testing"

func TestSlash(t *testing.T) {
	for _, c := range []struct {
		in   string
		sep  byte
		want string
	}{
		{`svhub-demo\inbox\q2.xlsx`, '\\', "svhub-demo/inbox/q2.xlsx"},
		{`C:\Users\Ann Lee\inbox\q2.xlsx`, '\\', "C:/Users/Ann Lee/inbox/q2.xlsx"},
		{`\\nhs-share\hub\inbox`, '\\', "//nhs-share/hub/inbox"}, // a UNC share stays one
		{"inbox/q2.xlsx", '\\', "inbox/q2.xlsx"},
		// On Linux a backslash is part of the name, not a separator.
		{`odd\name.csv`, '/', `odd\name.csv`},
		{"inbox/q2.xlsx", '/', "inbox/q2.xlsx"},
	} {
		if got := slash(c.in, c.sep); got != c.want {
			t.Errorf("slash(%q, %q) = %q, want %q", c.in, c.sep, got, c.want)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, c := range []struct {
		in      string
		windows bool
		want    string
	}{
		{"svhub-demo/svhub.duckdb", false, "svhub-demo/svhub.duckdb"},
		{"svhub-demo/svhub.duckdb", true, "svhub-demo/svhub.duckdb"},
		{"C:/Users/Ann Lee/svhub.duckdb", true, `"C:/Users/Ann Lee/svhub.duckdb"`},
		{"/home/ann/Hub data/svhub.duckdb", false, "'/home/ann/Hub data/svhub.duckdb'"},
		{"/home/ann/O'Neil/svhub.duckdb", false, `'/home/ann/O'\''Neil/svhub.duckdb'`},
		{"C:/Hub (2026)/svhub.duckdb", true, `"C:/Hub (2026)/svhub.duckdb"`},
		{"a&b.duckdb", true, `"a&b.duckdb"`},
		{"$HOME.duckdb", false, "'$HOME.duckdb'"},
		{"", false, "''"},
	} {
		if got := quote(c.in, c.windows); got != c.want {
			t.Errorf("quote(%q, windows=%v) = %s, want %s", c.in, c.windows, got, c.want)
		}
	}
}
