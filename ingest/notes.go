package ingest

import (
	"fmt"
	"slices"

	"github.com/nhs-hubs/svhub/ingest/validate"
)

// noteSupplier lists, once per file and contract, a return loaded although
// its supplier_name is not the register's supplier for its contract (the
// setting ingest.supplier_name_check = warn): the analyst still sees it.
func noteSupplier(s *source, rec record) {
	v, ok := rec.v.(validate.Return)
	if !ok || v.SupplierWarning == "" {
		return
	}
	note := fmt.Sprintf("loaded although %s (ingest.supplier_name_check = warn)", v.SupplierWarning)
	if !slices.Contains(s.res.Notes, note) {
		s.res.Notes = append(s.res.Notes, note)
	}
}
