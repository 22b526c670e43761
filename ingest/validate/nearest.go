package validate

import (
	"fmt"
	"sort"
	"strings"
)

// nearestContract suggests the registered contract closest to a ref that
// is not registered (a typo such as C-0042 for C-00042), or "".
func (refs *Refs) nearestContract(ref string) string {
	keys := make([]string, 0, len(refs.Contracts))
	for k := range refs.Contracts {
		keys = append(keys, k)
	}
	if k := nearest(key(ref), keys, 2); k != "" {
		return fmt.Sprintf("did you mean %s?", refs.Contracts[k].Ref)
	}
	return "check the contract reference against the register, or load a register that lists it"
}

// nearestMeasure suggests the taxonomy measure code closest to a code that
// is not one, or "".
func (refs *Refs) nearestMeasure(code string) string {
	keys := make([]string, 0, len(refs.Measures))
	for k := range refs.Measures {
		keys = append(keys, k)
	}
	// Codes differ from each other by a digit, so only a one-character
	// slip is a likely typo.
	if k := nearest(key(code), keys, 1); k != "" {
		return fmt.Sprintf("did you mean %s (%s)?", refs.Measures[k].Code, refs.Measures[k].Name)
	}
	return "use a measure code from the taxonomy, such as SVM25.1.2"
}

// nearest returns the candidate within a small edit distance of s (at most
// maxD, and under a third of its length), the closest first and then the
// alphabetically first, or "" when none is close enough to be a typo.
func nearest(s string, candidates []string, maxD int) string {
	sort.Strings(candidates)
	best, bestD := "", maxD+1
	for _, c := range candidates {
		d := editDistance(s, c)
		if d < bestD && d*3 < max(len(c), 1) {
			best, bestD = c, d
		}
	}
	if strings.EqualFold(best, s) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between two strings, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
