package validate

import (
	"sort"
	"testing"
)

func TestNearest(t *testing.T) {
	tests := []struct {
		name       string
		s          string
		candidates []string
		maxD       int
		want       string
	}{
		{"one digit dropped", "C-0042", []string{"C-00042", "C-00043", "X-99999"}, 2, "C-00042"}, // 1 against 2
		{"a tie goes to the alphabetically first", "C-00044", []string{"C-00043", "C-00045"}, 2, "C-00043"},
		{"a closer candidate later wins", "C-00044", []string{"C-00145", "C-00045"}, 2, "C-00045"}, // 2 against 1
		{"three edits is not a typo", "ABCDEFGH", []string{"ABCDXYZH"}, 2, ""},
		{"two edits within the limit", "ABCDEFGH", []string{"ABCDXYGH"}, 2, "ABCDXYGH"},
		{"one edit in a two-letter code is a third or more of it", "AB", []string{"AC"}, 2, ""},
		{"the same but for case suggests nothing", "C-00042", []string{"c-00042"}, 2, ""},
		{"lengths too far apart", "C-1", []string{"C-1234"}, 2, ""},
		{"runes, not bytes", "CAFÉ-12", []string{"CAFE-12"}, 1, "CAFE-12"},
		{"no candidates", "C-1", nil, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := nearest(tc.s, tc.candidates, tc.maxD); got != tc.want {
				t.Errorf("nearest(%q, %q, %d) = %q, want %q", tc.s, tc.candidates, tc.maxD, got, tc.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int // limit+1 when the distance is over the limit
	}{
		{"kitten", "sitting", 5, 3}, // k→s, e→i, +g
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // over the limit: limit+1
		{"flaw", "lawn", 4, 2},      // -f, +n
		{"", "abc", 5, 3},
		{"abc", "", 1, 2},
		{"café", "cafe", 2, 1},
		{"same", "same", 0, 0},
	}
	for _, tc := range tests {
		var d distance
		d.from(tc.a)
		if got := d.to(tc.b, tc.limit); got != tc.want {
			t.Errorf("distance %q to %q within %d = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

// The hint is remembered for a ref, but not past a change to the register.
func TestNearestContract_ForgetsWhenTheRegisterGrows(t *testing.T) {
	refs := NewRefs()
	refs.Contracts["C-10000"] = ContractInfo{Ref: "C-10000"}
	if got, want := refs.nearestContract("c-00001"), "did you mean C-10000?"; got != want { // C-00001 → C-10000: two edits
		t.Fatalf("first hint = %q, want %q", got, want)
	}
	refs.Contracts["C-00002"] = ContractInfo{Ref: "C-00002"}
	if got, want := refs.nearestContract("c-00001"), "did you mean C-00002?"; got != want { // one edit now
		t.Errorf("hint after the register grew = %q, want %q", got, want)
	}
	if got, want := refs.nearestContract("Z"), "check the contract reference against the register, or load a register that lists it"; got != want {
		t.Errorf("no near contract: %q, want %q", got, want)
	}
}

// Candidates that share a prefix share its rows: every distance must be
// what a fresh computation gives, whatever the limit and however the run
// was cut short before.
func TestDistance_SharedPrefixes(t *testing.T) {
	cands := []string{"C-1", "C-10", "C-100", "C-1000", "C-10000", "C-10001", "C-1001", "C-101", "C-2", "C-20000", "D", "DX-10000", "É-10000", "É-10001"}
	sort.Strings(cands)
	for _, s := range []string{"C-10000", "C-0001", "É-1000", "", "Q"} {
		for limit := 0; limit <= 4; limit++ {
			var d distance
			d.from(s)
			for _, c := range cands {
				got, want := d.to(c, limit), levenshtein(s, c)
				if (want <= limit && got != want) || (want > limit && got <= limit) {
					t.Errorf("%q to %q within %d: %d, want %d", s, c, limit, got, want)
				}
			}
		}
	}
}

// levenshtein is the textbook full table, by rune.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	t := make([][]int, len(ra)+1)
	for i := range t {
		t[i] = make([]int, len(rb)+1)
		t[i][0] = i
	}
	for j := range t[0] {
		t[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			t[i][j] = min(t[i-1][j]+1, t[i][j-1]+1, t[i-1][j-1]+c)
		}
	}
	return t[len(ra)][len(rb)]
}
