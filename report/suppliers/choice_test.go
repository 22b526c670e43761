package suppliers

import (
	"slices"
	"testing"
)

func TestParseChoice(t *testing.T) {
	for _, c := range []struct {
		in      []string
		want    Choice
		wantErr bool
	}{
		{nil, Choice{}, false},
		{[]string{"all"}, Choice{Mode: All}, false},
		{[]string{"In-Scope"}, Choice{Mode: All}, false},
		{[]string{"none"}, Choice{Mode: None}, false},
		// A name may hold a comma; "|" separates names, and so does repeating the flag.
		{[]string{"Bravo plc", "Acme, Leeds Ltd|Bravo plc"}, Choice{Mode: Named, Names: []string{"Acme, Leeds Ltd", "Bravo plc"}}, false},
		{[]string{" | "}, Choice{}, true},
		{[]string{"all", "Acme Ltd"}, Choice{}, true},
	} {
		got, err := ParseChoice(c.in)
		if (err != nil) != c.wantErr || got.Mode != c.want.Mode || !slices.Equal(got.Names, c.want.Names) {
			t.Errorf("ParseChoice(%q) = %+v, %v; want %+v (error %v)", c.in, got, err, c.want, c.wantErr)
		}
	}
	c := Choice{Mode: Named, Names: []string{"Acme Ltd", "Bravo plc"}}
	if !c.wants("Bravo plc") || c.wants("Bravo") || (Choice{Mode: None}).wants("Acme Ltd") || !(Choice{Mode: All}).wants("Anyone") {
		t.Error("wants: a named choice takes only its names, none nobody, all everyone")
	}
}
