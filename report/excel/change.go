package excel

import (
	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// kpiChangeHeader heads the KPI list's change column ("Since Aug 2026")
// when any figure has a previous month to compare with.
func (w *book) kpiChangeHeader(l *layout, cols []spec.Column, res *spec.Result) error {
	if !hasPrevious(cols, res) || w.r.AsOf.IsZero() {
		return nil
	}
	k := styleKey{italic: true, colour: nhsDarkGrey}
	if err := w.put(SheetSummary, 2, l.row, "This month", k); err != nil {
		return err
	}
	if err := w.put(SheetSummary, 3, l.row, "Since "+format.Month(w.r.AsOf.AddDate(0, -1, 0)), k); err != nil {
		return err
	}
	l.next(rowPts)
	return nil
}

// kpiChange writes a KPI's change since the previous reporting month as a
// signed number ("+3 points", "no change"), the value the dashboard's tile
// states; nothing when the previous month has no figure.
func (w *book) kpiChange(row int, c spec.Column, res *spec.Result) error {
	i := res.Col(c.Previous)
	if c.Previous == "" || i < 0 || len(res.Rows) == 0 || w.r.AsOf.IsZero() {
		return nil
	}
	d, ok := format.ChangeValue(res.Rows[0][res.Col(c.Name)], res.Rows[0][i], c.Format)
	if !ok {
		return nil
	}
	return w.put(SheetSummary, 3, row, d, styleKey{numFmt: format.ChangeExcel(c.Format), colour: nhsDarkGrey, border: true})
}

func hasPrevious(cols []spec.Column, res *spec.Result) bool {
	if res == nil || len(res.Rows) == 0 {
		return false
	}
	for _, c := range cols {
		if c.Previous != "" && res.Col(c.Previous) >= 0 {
			return true
		}
	}
	return false
}
