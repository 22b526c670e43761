package schema

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// defaultAliases is the header alias table svhub ships: other names people
// give each column ("Contract No." for contract_ref). It is data, not
// code: a hub adds its own with AddAliases (svhub ingest --aliases FILE).
//
//go:embed aliases.csv
var defaultAliases string

type alias struct {
	kind   Kind // "" for every kind that has the column
	column string
}

var (
	aliasMu sync.RWMutex
	aliases map[string][]alias // Key(alias) → columns it may name
)

func aliasTable() map[string][]alias {
	aliasMu.RLock()
	a := aliases
	aliasMu.RUnlock()
	if a != nil {
		return a
	}
	aliasMu.Lock()
	defer aliasMu.Unlock()
	if aliases == nil {
		m := map[string][]alias{}
		if err := readAliases(strings.NewReader(defaultAliases), m); err != nil {
			panic("schema: built-in aliases.csv: " + err.Error()) // a bug in the shipped table
		}
		aliases = m
	}
	return aliases
}

// AddAliases reads a CSV of kind,column,alias rows (kind may be blank for
// every kind with that column) and adds them to the built-in table.
func AddAliases(r io.Reader) error {
	m := map[string][]alias{}
	for k, v := range aliasTable() {
		m[k] = slices.Clone(v)
	}
	if err := readAliases(r, m); err != nil {
		return err
	}
	aliasMu.Lock()
	aliases = m
	aliasMu.Unlock()
	return nil
}

func readAliases(r io.Reader, m map[string][]alias) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	recs, err := cr.ReadAll()
	if err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	for i, rec := range recs {
		if i == 0 && Key(rec[0]) == "kind" {
			continue
		}
		kind, column, name := Kind(strings.TrimSpace(rec[0])), strings.TrimSpace(rec[1]), rec[2]
		if !knownColumn(kind, column) {
			return fmt.Errorf("read aliases: line %d: %q is not a column of %s", i+1, column, kindOrAny(kind))
		}
		k := Key(name)
		if k == "" {
			return fmt.Errorf("read aliases: line %d: empty alias", i+1)
		}
		m[k] = append(m[k], alias{kind: kind, column: column})
	}
	return nil
}

func kindOrAny(k Kind) string {
	if k == "" {
		return "any table"
	}
	return string(k)
}

func knownColumn(kind Kind, column string) bool {
	for _, s := range Specs {
		if (kind == "" || s.Kind == kind) && slices.Contains(s.columns(), column) {
			return true
		}
	}
	return false
}
