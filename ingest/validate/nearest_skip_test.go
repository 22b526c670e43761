package validate

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
)

// nearestByHand is nearest without the shared rows and the skipped
// prefixes: every candidate's full distance, in order, the first of the
// closest taken.
func nearestByHand(s string, candidates []string, maxD int) string {
	best, bestD := "", maxD+1
	for _, c := range candidates {
		if n := levenshtein(s, c); n < bestD && n*3 < max(len(c), 1) {
			best, bestD = c, n
		}
	}
	if strings.EqualFold(best, s) {
		return ""
	}
	return best
}

// TestNearest_SkipsOnlyWhatCannotWin holds nearest, which passes over
// every candidate sharing a prefix already too far, to the full search on
// registers of refs shaped like real ones and on typos of them.
func TestNearest_SkipsOnlyWhatCannotWin(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for round := range 300 {
		n := 1 + r.Intn(400)
		seen := map[string]bool{}
		var cands []string
		for range n {
			c := fmt.Sprintf("ENG-20%02d-%04d", 19+r.Intn(8), r.Intn(3000))
			if r.Intn(10) == 0 {
				c = fmt.Sprintf("C-%d", r.Intn(200))
			}
			if !seen[c] {
				seen[c] = true
				cands = append(cands, c)
			}
		}
		sort.Strings(cands)
		for range 20 {
			s := []rune(cands[r.Intn(len(cands))])
			for k := r.Intn(4); k > 0 && len(s) > 0; k-- { // up to three slips
				i := r.Intn(len(s))
				switch r.Intn(3) {
				case 0:
					s[i] = rune('0' + r.Intn(10))
				case 1:
					s = append(s[:i], s[i+1:]...)
				default:
					s = append(s[:i], append([]rune{rune('0' + r.Intn(10))}, s[i:]...)...)
				}
			}
			maxD := 1 + round%2
			if got, want := nearest(string(s), cands, maxD), nearestByHand(string(s), cands, maxD); got != want {
				t.Fatalf("nearest(%q) within %d among %d refs = %q, the full search %q", string(s), maxD, len(cands), got, want)
			}
		}
	}
}

// BenchmarkNearestContract is the "did you mean" search for unknown refs
// (each a slip of a registered one, none asked twice) against a register
// the size of England's (44,000 contracts).
func BenchmarkNearestContract(b *testing.B) {
	refs := NewRefs()
	for i := range 44000 {
		ref := fmt.Sprintf("ENG-20%02d-%04d", 19+i%8, i/8)
		refs.Contracts[key(ref)] = ContractInfo{Ref: ref}
	}
	refs.nearestContract("warm up: sorts the register")
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		refs.nearestContract(fmt.Sprintf("ENG-20%02d-%05d", 19+i%8, i%5500))
	}
}
