// Package template writes Excel return templates: one workbook per contract
// that a supplier fills in and sends back, and that svhub ingests with no
// mapping. The Return sheet is pre-filled with one row per committed measure
// for each period due; only the value, evidence and notes cells can be
// edited, and data validation keeps values in range.
package template

import (
	"sort"
	"strings"
	"time"
)

// Commitment is what a template needs to know of one commitment.
type Commitment struct {
	MeasureCode string
	MeasureName string
	Unit        string
	Target      *float64
	Frequency   string    // monthly (default), quarterly or annual
	From, To    time.Time // first and last month of the commitment
	Plan        string
}

// Contract is one contract with its commitments and the returns already in.
type Contract struct {
	Ref, Supplier, Trust string
	Start, End           time.Time // first and last month of the term
	Commitments          []Commitment
	// Returned holds measure_code + "|" + "2006-01" for each month with a
	// current return.
	Returned map[string]bool
}

// step is the number of months in one reporting period of a frequency.
func step(frequency string) int {
	switch strings.ToLower(strings.TrimSpace(frequency)) {
	case "quarterly", "quarter", "q":
		return 3
	case "annual", "annually", "yearly", "year", "a":
		return 12
	}
	return 1
}

// PeriodEnds lists the months a commitment's returns fall due: the last
// month of each period of its frequency, counted from its first month, and
// its last month when the term ends part-way through a period.
func PeriodEnds(c Commitment) []time.Time {
	n := step(c.Frequency)
	var ends []time.Time
	for m := c.From.AddDate(0, n-1, 0); !m.After(c.To); m = m.AddDate(0, n, 0) {
		ends = append(ends, m)
	}
	if len(ends) == 0 || ends[len(ends)-1].Before(c.To) {
		ends = append(ends, c.To)
	}
	return ends
}

// Due lists the periods (as their last month) a template asks for: every
// period of the commitment that has ended before today's month, is not
// before monitoring began, and has no return yet in any of its months (at
// most the latest max of them); with none outstanding, the next period to
// end. A period is reported under its last month.
func Due(c Commitment, returned func(month time.Time) bool, monitoringStart, today time.Time, max int) []time.Time {
	thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	n := step(c.Frequency)
	var out []time.Time
	for _, end := range PeriodEnds(c) {
		if end.Before(monitoringStart) || !end.Before(thisMonth) {
			continue
		}
		got := false
		for m := end; !m.Before(c.From) && m.After(end.AddDate(0, -n, 0)); m = m.AddDate(0, -1, 0) {
			if returned(m) {
				got = true
				break
			}
		}
		if !got {
			out = append(out, end)
		}
	}
	if max > 0 && len(out) > max {
		out = out[len(out)-max:]
	}
	if len(out) > 0 {
		return out
	}
	for _, end := range PeriodEnds(c) {
		if !end.Before(thisMonth) && !end.Before(monitoringStart) {
			return []time.Time{end}
		}
	}
	return nil
}

// Row is one pre-filled row of the Return sheet.
type Row struct {
	Period time.Time
	C      *Commitment
}

// Rows are the Return sheet's rows for a contract: each due period of each
// commitment, by period then measure code.
func Rows(k *Contract, monitoringStart, today time.Time, max int) []Row {
	var rows []Row
	for i := range k.Commitments {
		c := &k.Commitments[i]
		returned := func(m time.Time) bool { return k.Returned[c.MeasureCode+"|"+m.Format("2006-01")] }
		for _, p := range Due(*c, returned, monitoringStart, today, max) {
			rows = append(rows, Row{Period: p, C: c})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].Period.Equal(rows[j].Period) {
			return rows[i].Period.Before(rows[j].Period)
		}
		return rows[i].C.MeasureCode < rows[j].C.MeasureCode
	})
	return rows
}
