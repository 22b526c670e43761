package cellsafe

import "testing"

func TestText_Neutralises(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain name", "Acme Ltd", "Acme Ltd"},
		{"equals formula", `=HYPERLINK("http://x","click")`, `'=HYPERLINK("http://x","click")`},
		{"plus", "+1+2", "'+1+2"},
		{"minus", "-2+3", "'-2+3"},
		{"negative number as text", "-5", "'-5"},
		{"at function", "@SUM(A1)", "'@SUM(A1)"},
		{"leading tab", "\t=1+1", "'\t=1+1"},
		{"leading tab alone", "\tcell", "'\tcell"},
		{"leading carriage return", "\r=1", "'\r=1"},
		{"space then equals", "  =cmd|' /C calc'!A0", "'  =cmd|' /C calc'!A0"},
		{"newline then at", "\n@SUM(A1)", "'\n@SUM(A1)"},
		{"nbsp then plus", "\u00a0+1", "'\u00a0+1"},
		{"only spaces", "   ", "   "},
		{"space then text", "  Acme", "  Acme"},
		{"equals inside", "a=b", "a=b"},
		{"hyphenated", "Smith-Jones & Co", "Smith-Jones & Co"},
		{"email", "bids@acme.example", "bids@acme.example"},
		{"already quoted", "'=1", "'=1"},
		{"positive number text", "5", "5"},
		{"unicode", "Ysbyty Gwynedd – Bangor", "Ysbyty Gwynedd – Bangor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "=1", " -2", "abc", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if got != s && got != "'"+s {
			t.Fatalf("Text(%q) = %q: may only add one apostrophe", s, got)
		}
		if Text(got) != got && got != s {
			// once prefixed, the result starts with an apostrophe and is stable
			t.Fatalf("Text not idempotent on %q", got)
		}
	})
}
