package validate

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// nearestContract suggests the registered contract closest to a ref that
// is not registered (a typo such as C-0042 for C-00042), or "". Each
// unknown ref is compared with every registered contract (44,000 for
// England), so the sorted keys and each ref's answer are kept until the
// register changes.
func (refs *Refs) nearestContract(ref string) string {
	refs.hintsMu.Lock()
	defer refs.hintsMu.Unlock()
	if refs.hintsFor != len(refs.Contracts) || refs.hints == nil {
		refs.hints, refs.hintsFor = map[string]string{}, len(refs.Contracts)
		refs.sortedContracts = make([]string, 0, len(refs.Contracts))
		for k := range refs.Contracts {
			refs.sortedContracts = append(refs.sortedContracts, k)
		}
		sort.Strings(refs.sortedContracts)
	}
	if h, ok := refs.hints[ref]; ok {
		return h
	}
	h := "check the contract reference against the register, or load a register that lists it"
	if k := nearest(key(ref), refs.sortedContracts, 2); k != "" {
		h = fmt.Sprintf("did you mean %s?", refs.Contracts[k].Ref)
	}
	refs.hints[ref] = h
	return h
}

// nearestMeasure suggests the taxonomy measure code closest to a code that
// is not one, or "".
func (refs *Refs) nearestMeasure(code string) string { return refs.nearestMeasureIn(code, "") }

// nearestMeasureIn is nearestMeasure among one model's measures ("": all):
// SVM2O.6.2 is as near SVM20.6.2 as SVM25.6.2, and a 2025 contract means
// the second.
func (refs *Refs) nearestMeasureIn(code, model string) string {
	keys := make([]string, 0, len(refs.Measures))
	for k, m := range refs.Measures {
		if model == "" || m.Model == model {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	// Codes differ from each other by a digit, so only a one-character
	// slip is a likely typo.
	if k := nearest(key(code), keys, 1); k != "" {
		return fmt.Sprintf("did you mean %s (%s)?", refs.Measures[k].Code, refs.Measures[k].Name)
	}
	return "use a measure code from the taxonomy, such as SVM25.1.2"
}

// measureShape is how measure codes are written: letters, then letters and
// digits with at least one digit, then dotted parts (SVM25.1.2, NT1.1).
var measureShape = regexp.MustCompile(`^[A-Za-z]{2,}[A-Za-z0-9]*[0-9][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+$`)

// codeLike tells whether a header that is not a measure looks like a
// measure code (a typo of one, or written in the codes' shape), with what
// to do: the nearest code of the model ("" for any) when there is one. Headers are few and rows
// many, so the answers are kept.
func (refs *Refs) codeLike(header, model string) (string, bool) {
	k := model + "\x00" + header
	refs.hintsMu.Lock()
	if h, ok := refs.codeHints[k]; ok {
		refs.hintsMu.Unlock()
		return h, h != ""
	}
	refs.hintsMu.Unlock()
	h := ""
	t := strings.TrimSpace(header)
	hint := refs.nearestMeasureIn(t, model)
	if strings.HasPrefix(hint, "did you mean") || measureShape.MatchString(t) {
		h = hint
	}
	refs.hintsMu.Lock()
	if refs.codeHints == nil {
		refs.codeHints = map[string]string{}
	}
	refs.codeHints[k] = h
	refs.hintsMu.Unlock()
	return h, h != ""
}

// nearest returns the candidate within a small edit distance of s (at most
// maxD, and under a third of its length), the closest first and then the
// alphabetically first, or "" when none is close enough to be a typo.
// candidates must be sorted: neighbours share prefixes, whose work the
// distance keeps, and the first of equally close ones is the one wanted.
//
// When a candidate's prefix is already too far from s, so is every
// candidate that shares it: they stand together in sorted order and are
// passed over in one binary search, so an unknown ref costs about the
// register's refs that are near it, not all of them (44,000 for England).
func nearest(s string, candidates []string, maxD int) string {
	best, bestD := "", maxD+1
	var d distance
	d.from(s)
	for i := 0; i < len(candidates); i++ {
		c := candidates[i]
		n := d.to(c, min(bestD, maxD))
		if n < bestD && n*3 < max(len(c), 1) {
			best, bestD = c, n
		}
		if d.cut > 0 {
			// Later limits are no larger, so none of these can be taken.
			p := runePrefix(c, d.cut)
			rest := candidates[i+1:]
			i += sort.Search(len(rest), func(j int) bool { return !strings.HasPrefix(rest[j], p) })
		}
	}
	if strings.EqualFold(best, s) {
		return ""
	}
	return best
}

// distance computes Levenshtein distances, by rune, from one string to a
// run of others. rows[k] holds the distances from each prefix of a to the
// first k runes of the last candidate; the next candidate reuses the rows
// of the prefix it shares with it (a walk of a trie of the candidates, when
// they come sorted).
type distance struct {
	a     []rune
	rows  [][]int
	valid int    // rows[0..valid] hold for prev
	prev  []rune // the last candidate
	b     []rune
	cut   int // see to
}

func (d *distance) from(s string) {
	d.a = []rune(s)
	row := make([]int, len(d.a)+1)
	for j := range row {
		row[j] = j
	}
	d.rows, d.valid, d.prev = [][]int{row}, 0, d.prev[:0]
}

// runePrefix is s's first n runes.
func runePrefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// to is the distance from d's string to s when it is at most limit, and
// some number above limit otherwise: a row's smallest entry never falls in
// later rows, so once it passes limit the answer does too. d.cut is then
// the number of s's runes that were already too far (every string
// starting with them is), or 0 when s was refused whole.
func (d *distance) to(s string, limit int) int {
	d.cut = 0
	b := d.b[:0]
	for _, r := range s {
		b = append(b, r)
	}
	k := 0
	for k < len(b) && k < d.valid && b[k] == d.prev[k] {
		k++
	}
	d.b, d.prev = d.prev, b // b is now the last candidate
	d.valid = k
	a := d.a
	if slices.Min(d.rows[k]) > limit {
		d.cut = k
		return limit + 1
	}
	if len(a)-len(b) > limit || len(b)-len(a) > limit {
		return limit + 1
	}
	for ; k < len(b); k++ {
		if len(d.rows) <= k+1 {
			d.rows = append(d.rows, make([]int, len(a)+1))
		}
		prev, cur := d.rows[k], d.rows[k+1]
		cur[0] = k + 1
		rowMin := k + 1
		for j := 1; j <= len(a); j++ {
			cost := 1
			if a[j-1] == b[k] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		d.valid = k + 1
		if rowMin > limit {
			d.cut = k + 1
			return limit + 1
		}
	}
	return d.rows[len(b)][len(a)]
}
