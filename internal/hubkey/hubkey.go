// Package hubkey names the items of the hub log (overdue returns to chase,
// off-track commitments, quality flags, returns whose evidence is checked)
// with stable keys, and holds the lists the log's input cells choose from.
// The template writer and the ingest's validation both use it, so a key
// svhub writes is the key it reads back.
package hubkey

import (
	"fmt"
	"strings"
	"time"
)

// Type is the kind of thing a hub log row is about.
type Type string

const (
	Chase    Type = "chase"    // an overdue return: contract, period
	OffTrack Type = "offtrack" // a red commitment: contract, measure
	Flag     Type = "flag"     // a quality flag: contract, measure ("-" for a contract's own), flag
	Evidence Type = "evidence" // a return's evidence: contract, period, measure
)

// Sep separates the parts of a key. Contract references, measure codes and
// flags do not contain it.
const Sep = "|"

// Item is what a key names.
type Item struct {
	Type        Type
	ContractRef string
	Period      time.Time // Chase, Evidence: first day of the month
	MeasureCode string    // OffTrack, Evidence; Flag ("" for a contract's own flag)
	Flag        string    // Flag
}

// Key writes an item's key, e.g. "chase|NEY-2026-0012|2026-08".
func (it Item) Key() string {
	switch it.Type {
	case Chase:
		return join(Chase, it.ContractRef, it.Period.Format("2006-01"))
	case OffTrack:
		return join(OffTrack, it.ContractRef, it.MeasureCode)
	case Flag:
		m := it.MeasureCode
		if m == "" {
			m = "-"
		}
		return join(Flag, it.ContractRef, m, it.Flag)
	case Evidence:
		return join(Evidence, it.ContractRef, it.Period.Format("2006-01"), it.MeasureCode)
	}
	return ""
}

func join(t Type, parts ...string) string {
	return string(t) + Sep + strings.Join(parts, Sep)
}

// Parse reads a key back. The error says what a key looks like.
func Parse(key string) (Item, error) {
	parts := strings.Split(strings.TrimSpace(key), Sep)
	want := map[Type]int{Chase: 3, OffTrack: 3, Flag: 4, Evidence: 4}
	t := Type(strings.ToLower(parts[0]))
	n, ok := want[t]
	if !ok || len(parts) != n {
		return Item{}, fmt.Errorf("not a hub log item key")
	}
	for _, p := range parts[1:] {
		if strings.TrimSpace(p) == "" {
			return Item{}, fmt.Errorf("not a hub log item key: a part is empty")
		}
	}
	it := Item{Type: t, ContractRef: parts[1]}
	month := func(s string) error {
		m, err := time.Parse("2006-01", s)
		if err != nil {
			return fmt.Errorf("not a hub log item key: %q is not a month (YYYY-MM)", s)
		}
		it.Period = m
		return nil
	}
	switch t {
	case Chase:
		if err := month(parts[2]); err != nil {
			return Item{}, err
		}
	case OffTrack:
		it.MeasureCode = parts[2]
	case Flag:
		if parts[2] != "-" {
			it.MeasureCode = parts[2]
		}
		it.Flag = parts[3]
	case Evidence:
		if err := month(parts[2]); err != nil {
			return Item{}, err
		}
		it.MeasureCode = parts[3]
	}
	return it, nil
}

// Statuses are what the Status cell may say.
var Statuses = []string{"open", "in progress", "chased", "action agreed", "resolved"}

// EvidenceStatuses are what the Evidence status cell may say; blank means
// not checked.
var EvidenceStatuses = []string{"not checked", "requested", "seen", "not provided"}

// Label is the plain words for a type, as the log shows it.
func (t Type) Label() string {
	switch t {
	case Chase:
		return "overdue return to chase"
	case OffTrack:
		return "commitment off track"
	case Flag:
		return "quality flag"
	case Evidence:
		return "evidence to check"
	}
	return string(t)
}
