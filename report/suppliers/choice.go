package suppliers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nhs-hubs/svhub/report/dashboard"
)

// Choice is which suppliers get a page and a workbook of their own
// (`--suppliers`): every supplier in the report's scope, none, or the
// suppliers named. Per-supplier output is always limited to the report's
// scope (`report --region` writes only that region's suppliers; `run`'s
// scope is its database). The zero Choice is "not said": the caller picks
// the default for its scope (see pipeline: all for a regional hub, none
// for the national batch).
type Choice struct {
	Mode  Mode
	Names []string // Mode == Named: the suppliers, as named in the register
}

// Mode is how a Choice picks suppliers.
type Mode string

// The modes; Unset is the zero Choice's.
const (
	Unset Mode = ""
	All   Mode = "all"
	None  Mode = "none"
	Named Mode = "named"
)

// ParseChoice reads `--suppliers` values: a single "all" or "none"
// (also "in-scope", the same as "all": every supplier in scope), or one
// or more supplier names (the flag repeated, or names separated by "|",
// since a supplier's name may hold a comma). No values: Unset.
func ParseChoice(values []string) (Choice, error) {
	var names []string
	for _, v := range values {
		for _, n := range strings.Split(v, "|") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		if len(values) > 0 {
			return Choice{}, fmt.Errorf("--suppliers: expected all, none or supplier names")
		}
		return Choice{}, nil
	}
	if len(names) == 1 {
		switch strings.ToLower(names[0]) {
		case "all", "in-scope":
			return Choice{Mode: All}, nil
		case "none":
			return Choice{Mode: None}, nil
		}
	}
	for _, n := range names {
		if l := strings.ToLower(n); l == "all" || l == "none" || l == "in-scope" {
			return Choice{}, fmt.Errorf("--suppliers: %q goes alone, not with supplier names", n)
		}
	}
	slices.Sort(names)
	return Choice{Mode: Named, Names: slices.Compact(names)}, nil
}

// String is the choice as the run log and inputs.json record it.
func (c Choice) String() string {
	if c.Mode == Named {
		return "named: " + strings.Join(c.Names, " | ")
	}
	return string(c.Mode)
}

// Wants says whether the supplier named gets its own output (a page, a
// workbook, a chase letter).
func (c Choice) Wants(name string) bool { return c.wants(name) }

// wants says whether the supplier named gets its own output.
func (c Choice) wants(name string) bool {
	switch c.Mode {
	case None:
		return false
	case Named:
		_, found := slices.BinarySearch(c.Names, name)
		return found
	}
	return true
}

// check fails when c names a supplier that is not among the suppliers in
// scope (each named by name): a typo must not pass for "nothing to
// write".
func check[T any](c Choice, inScope []T, name func(T) string) error {
	if c.Mode != Named {
		return nil
	}
	have := make(map[string]bool, len(inScope))
	for _, s := range inScope {
		have[name(s)] = true
	}
	var missing []string
	for _, n := range c.Names {
		if !have[n] {
			missing = append(missing, strconv.Quote(n))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: --suppliers: no supplier in scope named %s", dashboard.ErrBadParams, strings.Join(missing, ", "))
	}
	return nil
}
