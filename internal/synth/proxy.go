package synth

import (
	"encoding/csv"
	"io"
	"strconv"
)

// ProxySource names the demo's proxy table: every £ figure built on it says
// it is illustrative (the words the reports look for).
const ProxySource = "svhub demo illustrative proxy values (not for real reporting)"

// ProxyYear is the year the demo's proxy values are for.
const ProxyYear = 2026

// proxyValues are illustrative £ per unit for the demo's sum measures, of
// the order peers publish (about £25k per local FTE job, £17 per
// volunteering hour, £245 per tCO2e). Spend measures are left out on
// purpose: £ of spend is not social value by itself.
var proxyValues = []struct {
	code string
	gbp  float64
}{
	{"SVM20.1.2", 5000}, {"SVM20.2.1", 25000}, {"SVM20.2.2", 7000}, {"SVM20.2.3", 28000},
	{"SVM20.2.4", 20}, {"SVM20.4.1", 245}, {"SVM20.4.4", 90}, {"SVM20.6.1", 25000},
	{"SVM20.6.3", 20}, {"SVM20.7.2", 17}, {"SVM20.8.1", 17}, {"SVM20.8.2", 1},
	{"SVM25.1.1", 25000}, {"SVM25.1.2", 7000}, {"SVM25.1.4", 20}, {"SVM25.2.1", 20},
	{"SVM25.2.2", 1500}, {"SVM25.2.3", 30}, {"SVM25.4.1", 245}, {"SVM25.4.2", 90},
	{"SVM25.5.1", 28000}, {"SVM25.7.1", 25000}, {"SVM25.8.2", 17},
}

// ProxyValuesHeader is the proxy_values input kind's header.
var ProxyValuesHeader = []string{"measure_code", "gbp_per_unit", "source", "year"}

// PrioritiesHeader is the priorities input kind's header.
var PrioritiesHeader = []string{"ics_code", "outcome_code", "mission", "priority"}

func (w *inboxWriter) proxyValues(out io.Writer) error {
	cw := csv.NewWriter(out)
	_ = cw.Write(ProxyValuesHeader)
	for _, p := range proxyValues {
		_ = cw.Write([]string{p.code, strconv.FormatFloat(p.gbp, 'f', -1, 64), ProxySource, strconv.Itoa(ProxyYear)})
	}
	cw.Flush()
	return cw.Error()
}

// priorities gives each ICS two priorities, a mission and an outcome, in a
// fixed rotation; the first ICS writes its mission by name, with the
// "Kick start" spelling hubs use.
func (w *inboxWriter) priorities(out io.Writer) error {
	cw := csv.NewWriter(out)
	_ = cw.Write(PrioritiesHeader)
	missions := []string{"M2", "M4", "M1", "M5", "M3"}
	outcomes := []string{"6", "4", "2", "8", "5"}
	seen := map[string]bool{}
	i := 0
	for _, o := range w.r.Orgs {
		if seen[o.ICSCode] {
			continue
		}
		seen[o.ICSCode] = true
		mission := missions[i%len(missions)]
		if i == 2 {
			mission = "Kick start economic growth"
		}
		_ = cw.Write([]string{o.ICSCode, "", mission, "high"})
		_ = cw.Write([]string{o.ICSCode, outcomes[i%len(outcomes)], "", "medium"})
		i++
	}
	cw.Flush()
	return cw.Error()
}

// PlanningRows is how many rows the inbox's proxy-values and priorities
// files hold (two priorities per ICS).
func PlanningRows(r *Region) int {
	ics := map[string]bool{}
	for _, o := range r.Orgs {
		ics[o.ICSCode] = true
	}
	return len(proxyValues) + 2*len(ics)
}
