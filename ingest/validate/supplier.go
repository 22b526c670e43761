package validate

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// SupplierCheck says what a return whose supplier_name is not the
// register's supplier for its contract does: it is the commonest sign of a
// mistyped contract reference, so by default the row is refused; a hub
// whose suppliers write trading names relaxes it to a warning (the setting
// ingest.supplier_name_check).
type SupplierCheck string

const (
	SupplierRefuse SupplierCheck = "refuse" // the default ("" too)
	SupplierWarn   SupplierCheck = "warn"   // loaded, with a note
)

// legalWords are the words of a company's legal form, which suppliers
// write or leave out at will ("Acme Ltd", "ACME LIMITED", "Acme"); they do
// not tell two suppliers apart.
var legalWords = map[string]bool{
	"ltd": true, "limited": true, "plc": true, "llp": true, "lp": true, "inc": true, "incorporated": true,
	"co": true, "company": true, "corp": true, "corporation": true, "cic": true,
}

// SupplierKey normalises a supplier name so that ordinary variants compare
// equal: case, punctuation and spacing ("Acme-Facilities (Ltd.)"), "&" for
// "and", a leading "The", and the legal form ("Limited", "Ltd", "PLC",
// "Public Limited Company", "LLP").
func SupplierKey(name string) string {
	name = strings.ReplaceAll(strings.ToLower(name), "&", " and ")
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	kept := words[:0]
	for i, w := range words {
		if legalWords[w] || (w == "public" && i+1 < len(words) && words[i+1] == "limited") {
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 { // a name that is only legal words: compare it whole
		return strings.Join(words, " ")
	}
	return strings.Join(kept, " ")
}

// checkSupplier compares a return's supplier_name with the register's
// supplier of its contract.
func (r *rowReader) checkSupplier(refs *Refs, given string, info ContractInfo) string {
	if given == "" || info.SupplierName == "" || given == info.SupplierName || SupplierKey(given) == SupplierKey(info.SupplierName) {
		return ""
	}
	why := fmt.Sprintf("supplier_name %q is not the register's supplier for %s (%q): is the contract reference mistyped?", given, info.Ref, info.SupplierName)
	hint := refs.supplierHint(given, info.Ref)
	if refs.Suppliers == SupplierWarn {
		return why + " " + hint
	}
	r.failHint("supplier_name", why, hint)
	return ""
}

// supplierHint names the given supplier's contract nearest the ref given,
// from the register, or says it holds none.
func (refs *Refs) supplierHint(given, ref string) string {
	refs.hintsMu.Lock()
	defer refs.hintsMu.Unlock()
	if refs.bySupplierFor != len(refs.Contracts) || refs.bySupplier == nil {
		refs.bySupplier, refs.bySupplierFor = map[string][]string{}, len(refs.Contracts)
		for _, c := range refs.Contracts {
			k := SupplierKey(c.SupplierName)
			refs.bySupplier[k] = append(refs.bySupplier[k], c.Ref)
		}
		for _, rs := range refs.bySupplier {
			sort.Strings(rs)
		}
	}
	theirs := refs.bySupplier[SupplierKey(given)]
	switch len(theirs) {
	case 0:
		return fmt.Sprintf("no contract in the register is held by %q: check the contract reference, or write the supplier's name as the register has it", given)
	case 1:
		return fmt.Sprintf("%q holds %s in the register: did you mean it?", given, theirs[0])
	}
	var d distance
	d.from(key(ref))
	best, bestD := theirs[0], -1
	for _, c := range theirs {
		if n := d.to(key(c), 1<<20); bestD < 0 || n < bestD {
			best, bestD = c, n
		}
	}
	return fmt.Sprintf("%q holds %d contracts in the register; the nearest to %s is %s: did you mean it?", given, len(theirs), ref, best)
}
