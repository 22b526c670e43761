package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/ingest/value"
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

// showDecimals reads a decimal-comma sheet (a semicolon-separated csv)
// once before its rows are checked and records, for each number column,
// the first value showing a decimal point and the first showing a decimal
// comma (value.Evidence; schema.Header.Shown). A column of "£1,500.00" and
// "£2,500" then reads 2,500 as 2500, as its first value proves it groups
// thousands with a comma, instead of refusing it as ambiguous. Read errors
// are left to the sheet's own read, which meets them again.
func (s *source) showDecimals(ctx context.Context, sh *sheet) {
	cols := map[int]bool{}
	for _, name := range validate.NumberColumns[sh.header.Kind] {
		if i, ok := sh.header.Columns[name]; ok {
			cols[i] = true
		}
	}
	for i := range sh.header.Measures {
		cols[i] = true
	}
	if len(cols) == 0 {
		return
	}
	shown := map[int]schema.Shown{}
	_ = s.f.Rows(ctx, sh.name, func(r tabular.Row) error {
		if r.Number <= sh.row {
			return nil
		}
		for i, c := range r.Cells {
			if !cols[i] {
				continue
			}
			d, ok := value.Evidence(c)
			if !ok {
				continue
			}
			e, where := shown[i], fmt.Sprintf("%q in row %d", strings.TrimSpace(c), r.Number)
			switch {
			case d == value.DecimalPoint && e.Point == "":
				e.Point = where
			case d == value.DecimalComma && e.Comma == "":
				e.Comma = where
			}
			shown[i] = e
		}
		return nil
	})
	sh.header.Shown = shown
}
