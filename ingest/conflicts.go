package ingest

// This file holds a dry run's conflicts: two files of one run giving one
// return different values, found without the supersessions view.

import (
	"cmp"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/nhs-hubs/svhub/ingest/validate"
)

// lastGiven is the file that last gave a return key in a dry run, and its
// value.
type lastGiven struct {
	src   *source
	value float64
}

type conflict struct {
	Supersession
	row int
}

// noteReturn remembers an accepted return of a dry run and, when another
// file of the run gave its key a different value, records the conflict.
func (p *pass) noteReturn(s *source, row int, rec record) {
	v, ok := rec.v.(validate.Return)
	if !ok {
		return
	}
	if p.given == nil {
		p.given, p.seed = map[uint64]lastGiven{}, maphash.MakeSeed()
	}
	h := maphash.Comparable(p.seed, rec.key)
	if prev, ok := p.given[h]; ok && prev.src != s && prev.value != v.Value {
		p.conflicts = append(p.conflicts, conflict{Supersession{ContractRef: v.ContractRef, Period: v.Period.Format("2006-01"), MeasureCode: v.MeasureCode,
			OldValue: prev.value, NewValue: v.Value, OldFile: prev.src.f.Path, NewFile: s.f.Path, Conflict: true}, row})
	}
	p.given[h] = lastGiven{src: s, value: v.Value}
}

// conflictList gives a dry run's conflicts in the order a load lists its
// supersessions: by the new file, row and key.
func (p *pass) conflictList() []Supersession {
	slices.SortStableFunc(p.conflicts, func(a, b conflict) int {
		return cmp.Or(strings.Compare(a.NewFile, b.NewFile), cmp.Compare(a.row, b.row), strings.Compare(a.ContractRef, b.ContractRef),
			strings.Compare(a.Period, b.Period), strings.Compare(a.MeasureCode, b.MeasureCode))
	})
	var out []Supersession
	for _, c := range p.conflicts {
		out = append(out, c.Supersession)
	}
	return out
}
