package termsafe

import (
	"encoding/json"
	"testing"
)

func TestText_EscapesWhatDrivesATerminal(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "Acme Ltd", "Acme Ltd"},
		{"letters stay", "Café Ünïcode 東京 £12", "Café Ünïcode 東京 £12"},
		{"title change (OSC)", "\x1b]0;pwned\x07x", `\x1b]0;pwned\x07x`},
		{"clear screen (CSI)", "a\x1b[2Jb", `a\x1b[2Jb`},
		{"8-bit CSI", "a\u009b2Jb", `a\u009b2Jb`},
		{"DEL and NUL", "a\x7fb\x00", `a\x7fb\x00`},
		{"bidi override", "invoice\u202eexe.pdf", `invoice\u202eexe.pdf`},
		{"bidi isolate", "a\u2066b\u2069", `a\u2066b\u2069`},
		{"invalid utf-8", "a\xffb", `a\xffb`},
		{"tab and newline", "a\tb\nc", `a\x09b\x0ac`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Text(c.in); got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestJSON_LosslessAndInert(t *testing.T) {
	in := map[string]string{"s": "a\x1b[2J\u009b\u202e\x7fz"}
	b, _ := json.Marshal(in)
	got := JSON(b)
	want := `{"s":"a\u001b[2J\u009b\u202e\u007fz"}`
	if string(got) != want {
		t.Fatalf("JSON = %s, want %s", got, want)
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["s"] != in["s"] {
		t.Errorf("did not decode to the same value: %q %v", back, err)
	}
}
