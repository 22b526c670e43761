// Package synth generates a deterministic synthetic NHS region for svhub: a
// contract register with social value commitments under both models and the
// suppliers' monthly returns, with the failure modes a hub really sees
// (vague commitments, under-delivery, missing returns, bad rows). The same
// Options always give the same Region, and WriteInbox turns a Region into
// byte-identical files.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options control the size and randomness of a generated region.
type Options struct {
	Seed      int64
	Contracts int
	Months    int
	// National spreads the contracts over all seven NHS regions of England
	// (42 ICSs, about 210 trusts) instead of the demo's North East and
	// Yorkshire; contract references then start ENG- rather than NEY-.
	National bool
	// Commitments is the mean number of commitments per contract; 0 keeps
	// the demo's 2 to 5. Above what a category offers, commitments come
	// from the other measures of the contract's model.
	Commitments int
}

const (
	defaultSeed      = 1
	defaultContracts = 200
	defaultMonths    = 12
)

// Org maps a trust to its ICS and region.
type Org struct {
	TrustCode, TrustName, ICSCode, ICSName, RegionCode, RegionName string
}

// Contract is one row of the contract register.
type Contract struct {
	Ref, SupplierName, SupplierID, TrustCode, Title, Category string
	ValueGBP                                                  float64
	Start, End                                                time.Time
	SVWeightingPct                                            float64
	Model                                                     string // "2020" | "2025"
	CRPPublished                                              bool
	LocalArea                                                 string
	// CarbonPlan is what the supplier has on record: crp, nzc or none.
	// CarbonPlanGiven says whether the register's carbon_plan column says
	// it (else only crp_published does, as older registers do).
	CarbonPlan      string
	CarbonPlanGiven bool
	Framework       bool      // a framework agreement run by an NHS body
	ProcuredOn      time.Time // zero: not given (the start date applies)
}

// Commitment is one social value commitment of a contract.
type Commitment struct {
	ContractRef, MeasureCode      string
	Target                        *float64 // nil = vague (blank target)
	Unit, Frequency, DeliveryPlan string
	PeriodFrom, PeriodTo          *time.Time // nil = the contract term
}

// Return is one good row of a supplier's monthly return.
type Return struct {
	ContractRef                   string
	Period                        time.Time // first of month
	MeasureCode                   string
	Value                         float64
	SupplierName, Evidence, Notes string
}

// Calendar fixes the dates of a region independently of the wall clock.
type Calendar struct {
	FirstMonth, LastMonth time.Time // the returns window, firsts of months
	Today                 time.Time // reference date for missing-return checks
}

// Planted counts the deliberately bad return rows, by the reason a reader
// should reject them for.
type Planted struct {
	UnknownContract, BadValue, MissingPeriod, UnknownMeasure int
}

// Bad reasons, as used in BadReturn.Reason.
const (
	ReasonUnknownContract = "unknown contract"
	ReasonBadValue        = "bad value"
	ReasonMissingPeriod   = "missing period"
	ReasonUnknownMeasure  = "unknown measure"
)

// BadReturn is a deliberately bad return row: written by WriteInbox, never
// part of Region.Returns. Period and Value are the raw text written (Period
// empty = blank cell). Month and ICSCode say which returns file it goes in.
type BadReturn struct {
	ContractRef, Period, MeasureCode, Value, SupplierName, Notes string
	Reason                                                       string
	Month                                                        time.Time
	ICSCode                                                      string
}

// Region is a whole synthetic region: what a hub holds after a year of returns.
type Region struct {
	Calendar    Calendar
	Orgs        []Org
	Contracts   []Contract
	Commitments []Commitment
	Returns     []Return
	Planted     Planted
	BadReturns  []BadReturn
}

// modelCutover is the date from which contracts are let under the 2025 model.
var modelCutover = time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)

// ModelFor returns the social value model a contract starting on start uses.
func ModelFor(start time.Time) string {
	if start.Before(modelCutover) {
		return "2020"
	}
	return "2025"
}

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func firstOfMonth(t time.Time) time.Time { return month(t.Year(), t.Month()) }

// monthsBetween counts whole calendar months from a's month to b's month inclusive.
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month()) + 1
}

func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = defaultSeed
	}
	if o.Contracts == 0 {
		o.Contracts = defaultContracts
	}
	if o.Months == 0 {
		o.Months = defaultMonths
	}
	return o
}

// Generate builds a region from opts. It uses only a PCG generator seeded
// from opts.Seed, so the same options always give the same region.
func Generate(opts Options) (*Region, error) {
	opts = opts.withDefaults()
	if opts.Contracts < 0 {
		return nil, fmt.Errorf("contracts must be positive, got %d", opts.Contracts)
	}
	if opts.Months < 0 || opts.Months > 120 {
		return nil, fmt.Errorf("months must be between 1 and 120, got %d", opts.Months)
	}
	g := &gen{
		rng:  rand.New(rand.NewPCG(uint64(opts.Seed), 0x5f3759df_9e3779b9)),
		opts: opts,
	}
	last := month(2026, time.September)
	g.r.Calendar = Calendar{
		FirstMonth: last.AddDate(0, -(opts.Months - 1), 0),
		LastMonth:  last,
		Today:      time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC),
	}
	g.orgs()
	g.suppliers()
	g.contracts()
	g.commitments()
	g.returns()
	g.plantBadRows()
	return &g.r, nil
}

type supplier struct {
	name, id string
	cat      int
	factor   float64 // delivery performance relative to pro-rata
}

type plan struct {
	c      Commitment
	kind   string
	annual float64 // underlying annual amount (sum) or level (pct), also for vague ones
	from   time.Time
	to     time.Time
}

type gen struct {
	rng   *rand.Rand
	opts  Options
	r     Region
	sups  []supplier
	byCat [][]int // supplier indexes per category
	csup  []int   // contract index -> supplier index
	plans [][]plan
	trust map[string]trust
	// geography in use: the demo's region, or all of England
	trusts  []trust
	icsName map[string]string
	prefix  string
}

func (g *gen) pick(n int) int { return g.rng.IntN(n) }

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func (g *gen) between(lo, hi float64) float64 { return lo + g.rng.Float64()*(hi-lo) }

func (g *gen) orgs() {
	g.prefix = "NEY"
	g.trusts = trusts
	g.icsName = map[string]string{}
	for _, x := range icss {
		g.icsName[x.code] = x.name
	}
	regionOf := func(string) (string, string) { return regionCode, regionName }
	if g.opts.National {
		var ri map[string]int
		g.prefix = "ENG"
		g.trusts, ri, g.icsName = nationalTrusts()
		regionOf = func(code string) (string, string) {
			r := nationalRegions[ri[code]]
			return r.code, r.name
		}
	}
	g.trust = make(map[string]trust, len(g.trusts))
	for _, t := range g.trusts {
		g.trust[t.code] = t
		rc, rn := regionOf(t.code)
		g.r.Orgs = append(g.r.Orgs, Org{t.code, t.name, t.ics, g.icsName[t.ics], rc, rn})
	}
}

// suppliers creates about one supplier per three contracts, each in one
// category, with unique names and Companies House-like numbers.
func (g *gen) suppliers() {
	n := max(len(categories), g.opts.Contracts/3)
	g.byCat = make([][]int, len(categories))
	names := make(map[string]bool, n)
	ids := make(map[string]bool, n)
	for i := range n {
		ci := i % len(categories)
		if i >= len(categories) {
			ci = g.pick(len(categories))
		}
		cat := categories[ci]
		var name string
		for try := 0; ; try++ {
			name = supplierPlaces[g.pick(len(supplierPlaces))] + " " + cat.nouns[g.pick(len(cat.nouns))] + " " + cat.suffix[g.pick(len(cat.suffix))]
			if try > 20 {
				name = strings.Replace(name, " ", fmt.Sprintf(" %s ", supplierPlaces[g.pick(len(supplierPlaces))]), 1)
			}
			if try > 40 {
				name = fmt.Sprintf("%s (%d)", name, i)
			}
			if !names[name] {
				break
			}
		}
		names[name] = true
		var id string
		for {
			id = fmt.Sprintf("%08d", 1_000_000+g.pick(14_000_000))
			if !ids[id] {
				break
			}
		}
		ids[id] = true
		var f float64
		switch u := g.rng.Float64(); {
		case u < 0.12: // chronic under-deliverer
			f = g.between(0.5, 0.7)
		case u < 0.2:
			f = g.between(0.75, 0.9)
		default:
			f = min(1.15, max(0.88, 1+0.06*g.rng.NormFloat64()))
		}
		g.sups = append(g.sups, supplier{name: name, id: id, cat: ci, factor: f})
		g.byCat[ci] = append(g.byCat[ci], i)
	}
}

func (g *gen) contracts() {
	cal := g.r.Calendar
	earliest := month(2021, time.January)
	g.csup = make([]int, g.opts.Contracts)
	for i := range g.opts.Contracts {
		ci := g.pick(len(categories))
		cat := categories[ci]
		si := g.byCat[ci][g.pick(len(g.byCat[ci]))]
		g.csup[i] = si
		t := g.trusts[g.pick(len(g.trusts))]
		years := 1 + g.pick(4)
		if ci == 5 && years == 1 { // construction projects run longer
			years = 2
		}
		// Start: half before the model cutover, half after, always overlapping the window.
		var lo, hi time.Time
		if g.opts.National && i%8 != 7 {
			// A national book is mostly running contracts: seven in eight
			// cover the whole window (2020 model), the rest start in it.
			lo, hi = cal.LastMonth.AddDate(-years, 1, 0), cal.FirstMonth
			if lo.Before(earliest) {
				lo = earliest
			}
		} else if !g.opts.National && i%2 == 0 {
			lo = cal.FirstMonth.AddDate(-years, 1, 0)
			if lo.Before(earliest) {
				lo = earliest
			}
			hi = modelCutover.AddDate(0, -1, 0)
		} else {
			lo, hi = modelCutover, cal.LastMonth
			if g.chance(0.02) { // a few let but not yet started
				lo, hi = cal.LastMonth.AddDate(0, 1, 0), cal.LastMonth.AddDate(0, 3, 0)
			}
		}
		if hi.Before(lo) {
			hi = lo
		}
		start := lo.AddDate(0, g.pick(monthsBetween(lo, hi)), 0)
		if g.chance(0.15) {
			start = start.AddDate(0, 0, 14)
		}
		if ModelFor(start) != ModelFor(lo) { // the 15th of Sep 2025 stays 2020
			start = lo
		}
		end := start.AddDate(years, 0, -1)
		annualM := math.Exp(g.between(math.Log(0.05), math.Log(6.25))) // £m a year, log-uniform
		value := math.Round(min(25e6, max(50e3, annualM*1e6*float64(years)))/1000) * 1000
		sv := []float64{10, 10, 10, 12, 15, 15, 15, 20, 20}[g.pick(9)]
		if g.chance(0.04) {
			sv = 5
		}
		area := t.area
		if g.chance(0.15) {
			area = g.icsName[t.ics]
		}
		g.r.Contracts = append(g.r.Contracts, Contract{
			Ref:            fmt.Sprintf("%s-%d-%04d", g.prefix, start.Year(), i+1),
			SupplierName:   g.sups[si].name,
			SupplierID:     g.sups[si].id,
			TrustCode:      t.code,
			Title:          cat.titles[g.pick(len(cat.titles))] + " - " + t.area,
			Category:       cat.name,
			ValueGBP:       value,
			Start:          start,
			End:            end,
			SVWeightingPct: sv,
			Model:          ModelFor(start),
			CRPPublished:   !g.chance(0.12),
			LocalArea:      area,
		})
		g.carbonPlan(&g.r.Contracts[len(g.r.Contracts)-1], i, years)
	}
}

// carbonPlan fills the register's carbon-plan columns, by the contract's
// index rather than new random draws (so the rest of the region is as
// before): a third of the suppliers under £5m a year that have a plan have
// a Net Zero Commitment rather than a CRP; one contract in 25 is an NHS
// framework; one in ten was procured 9 months before it started (which
// puts some 2022 starts before the April 2022 rules); a quarter of the
// registers' rows leave carbon_plan blank and say only crp_published.
func (g *gen) carbonPlan(c *Contract, i, years int) {
	switch {
	case !c.CRPPublished:
		c.CarbonPlan = "none"
	case c.ValueGBP/float64(years) < 5e6 && i%3 == 0:
		c.CarbonPlan = "nzc"
	default:
		c.CarbonPlan = "crp"
	}
	c.CRPPublished = c.CarbonPlan == "crp"
	c.CarbonPlanGiven = c.CarbonPlan == "nzc" || i%4 != 0
	c.Framework = i%25 == 7
	if i%10 == 3 {
		c.ProcuredOn = c.Start.AddDate(0, -9, 0)
	}
}

func categoryIndex(name string) int {
	return slices.IndexFunc(categories, func(c category) bool { return c.name == name })
}

func (g *gen) commitments() {
	g.plans = make([][]plan, len(g.r.Contracts))
	for i, c := range g.r.Contracts {
		cat := categories[categoryIndex(c.Category)]
		years := float64(monthsBetween(c.Start, c.End)) / 12
		annualM := c.ValueGBP / 1e6 / years
		scale := math.Pow(annualM, 0.7)
		t := g.trust[c.TrustCode]
		want := 2 + g.pick(4)
		weights := slices.Clone(cat.weights)
		names := cat.kinds
		if g.opts.Commitments > 0 {
			// the category's kinds first, then every other kind at weight 1
			want = max(1, g.opts.Commitments-1+g.pick(3))
			names = slices.Clone(cat.kinds)
			for _, k := range kindNames {
				if !slices.Contains(names, k) {
					names = append(names, k)
					weights = append(weights, 1)
				}
			}
		}
		used := map[string]bool{}
		for len(g.plans[i]) < want {
			k := weightedPick(g.rng, weights)
			if k < 0 {
				break
			}
			weights[k] = 0
			kd := kinds[names[k]]
			code := kd.code20
			if c.Model == "2025" {
				code = kd.code25
			}
			if code == "" || used[code] {
				continue
			}
			used[code] = true
			m := measures[code]
			p := plan{kind: names[k], from: c.Start, to: c.End}
			var shown float64 // annual figure quoted in the plan
			switch {
			case m.agg == "latest":
				p.annual = math.Round(g.between(kd.lo, kd.hi))
				shown = p.annual
			case m.unit == "GBP":
				p.annual = roundTo(annualM*1e6*g.between(kd.lo, kd.hi), 1000)
				shown = p.annual
			default:
				p.annual = max(kd.min, scale*g.between(kd.lo, kd.hi))
				p.annual = roundUnit(m.unit, p.annual)
				shown = p.annual
			}
			cm := Commitment{ContractRef: c.Ref, MeasureCode: code, Unit: m.unit, Frequency: "monthly"}
			var target float64
			if m.agg == "latest" {
				target = p.annual
			} else {
				// Some commitments are per contract year rather than the whole term.
				if years > 1 && g.chance(0.1) {
					from, to := g.contractYear(c)
					p.from, p.to = from, to
					cm.PeriodFrom, cm.PeriodTo = &from, &to
					target = p.annual
				} else {
					target = roundUnit(m.unit, p.annual*years)
				}
			}
			cm.Target = &target
			cm.DeliveryPlan = fillPlan(kd.plans[g.pick(len(kd.plans))], shown, m.unit, t, c.LocalArea)
			if g.chance(0.08) { // vague: blank target, generic plan, or both
				switch g.pick(3) {
				case 0:
					cm.Target = nil
				case 1:
					cm.DeliveryPlan = genericPlans[g.pick(len(genericPlans))]
				default:
					cm.Target = nil
					cm.DeliveryPlan = genericPlans[g.pick(len(genericPlans))]
				}
			}
			if g.chance(0.05) {
				cm.Frequency = "quarterly"
			}
			p.c = cm
			g.plans[i] = append(g.plans[i], p)
			g.r.Commitments = append(g.r.Commitments, cm)
		}
	}
}

// contractYear returns the contract year (anniversary to anniversary) that
// contains the last month of the window, or the last one if the contract ends first.
func (g *gen) contractYear(c Contract) (time.Time, time.Time) {
	from := c.Start
	for from.AddDate(1, 0, 0).Before(c.End) && !from.AddDate(1, 0, 0).After(g.r.Calendar.LastMonth) {
		from = from.AddDate(1, 0, 0)
	}
	to := from.AddDate(1, 0, -1)
	if to.After(c.End) {
		to = c.End
	}
	return from, to
}

func fillPlan(tmpl string, n float64, unit string, t trust, area string) string {
	num := strconv.FormatFloat(n, 'f', -1, 64)
	if unit == "GBP" {
		num = thousands(n, 0)
	}
	if unit == "count" && n == 2 {
		num = "Two"
		if !strings.HasPrefix(tmpl, "{n}") {
			num = "two"
		}
	}
	return strings.NewReplacer("{n}", num, "{area}", area, "{college}", t.college, "{trust}", t.name).Replace(tmpl)
}

func weightedPick(rng *rand.Rand, w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	if total == 0 {
		return -1
	}
	n := rng.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return -1
}

func roundTo(v, step float64) float64 { return math.Round(v/step) * step }

// roundUnit rounds an amount to the precision suppliers report it in.
func roundUnit(unit string, v float64) float64 {
	switch unit {
	case "count":
		return math.Round(v)
	case "FTE", "tCO2e":
		return math.Round(v*10) / 10
	case "hours":
		return math.Round(v)
	case "GBP", "tonnes":
		return math.Round(v*100) / 100
	case "pct":
		return math.Round(v*10) / 10
	}
	return v
}

func (g *gen) returns() {
	cal := g.r.Calendar
	n := len(g.r.Contracts)
	// Contracts that never return anything (no follow-through): started at
	// least three months before the reference date, with months in the window.
	silent := map[int]bool{}
	want := max(2+g.pick(2), n/100)
	for tries := 0; len(silent) < want && tries < 50*want; tries++ {
		i := g.pick(n)
		c := g.r.Contracts[i]
		if c.Start.AddDate(0, 3, 0).Before(cal.Today) && !c.End.Before(cal.FirstMonth) {
			silent[i] = true
		}
	}
	for i, c := range g.r.Contracts {
		sup := g.sups[g.csup[i]]
		extra := ""
		if g.chance(0.04) { // reports a measure it never committed to
			k := kinds[uncommittedKinds[g.pick(len(uncommittedKinds))]]
			code := k.code20
			if c.Model == "2025" {
				code = k.code25
			}
			if !slices.ContainsFunc(g.plans[i], func(p plan) bool { return p.c.MeasureCode == code }) {
				extra = code
			}
		}
		from, to := firstOfMonth(c.Start), firstOfMonth(c.End)
		if from.Before(cal.FirstMonth) {
			from = cal.FirstMonth
		}
		if to.After(cal.LastMonth) {
			to = cal.LastMonth
		}
		for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
			missing := g.chance(0.05)
			if silent[i] || missing {
				continue
			}
			for _, p := range g.plans[i] {
				if m.Before(firstOfMonth(p.from)) || m.After(p.to) {
					continue
				}
				meas := measures[p.c.MeasureCode]
				var v float64
				if meas.agg == "latest" {
					v = min(100, max(0, p.annual*(1-(1-sup.factor)*0.8)+1.5*g.rng.NormFloat64()))
				} else {
					perMonth := p.annual / 12 * sup.factor * math.Exp(0.25*g.rng.NormFloat64()-0.03)
					if meas.unit == "count" { // whole people: stochastic rounding
						v = math.Floor(perMonth)
						if g.rng.Float64() < perMonth-v {
							v++
						}
					} else {
						v = perMonth
					}
				}
				g.r.Returns = append(g.r.Returns, g.ret(c, m, p.c.MeasureCode, roundUnit(meas.unit, v), p.kind))
			}
			if extra != "" && g.chance(0.5) {
				u := measures[extra].unit
				v := g.between(5, 40)
				if u == "pct" {
					v = g.between(60, 95)
				}
				g.r.Returns = append(g.r.Returns, g.ret(c, m, extra, roundUnit(u, v), ""))
			}
		}
	}
}

func (g *gen) ret(c Contract, m time.Time, code string, v float64, kindName string) Return {
	r := Return{ContractRef: c.Ref, Period: m, MeasureCode: code, Value: v, SupplierName: c.SupplierName}
	if k, ok := kinds[kindName]; ok {
		r.Evidence = k.evidence[g.pick(len(k.evidence))]
	}
	if g.chance(0.04) {
		r.Notes = returnNotes[g.pick(len(returnNotes))]
	}
	return r
}

// plantBadRows adds a handful of rows a reader must reject. Bad values
// replace a real return (so no good row shares its key); the others are extra.
func (g *gen) plantBadRows() {
	if len(g.r.Returns) == 0 {
		return
	}
	icsOf := map[string]string{}
	for _, c := range g.r.Contracts {
		icsOf[c.Ref] = g.trust[c.TrustCode].ics
	}
	scale := max(1, len(g.r.Contracts)/200)
	add := func(b BadReturn) {
		g.r.BadReturns = append(g.r.BadReturns, b)
		switch b.Reason {
		case ReasonUnknownContract:
			g.r.Planted.UnknownContract++
		case ReasonBadValue:
			g.r.Planted.BadValue++
		case ReasonMissingPeriod:
			g.r.Planted.MissingPeriod++
		case ReasonUnknownMeasure:
			g.r.Planted.UnknownMeasure++
		}
	}
	text := func(r Return) string { return strconv.FormatFloat(r.Value, 'f', -1, 64) }
	for range 2 * scale { // a ref not in the register
		r := g.r.Returns[g.pick(len(g.r.Returns))]
		ref := fmt.Sprintf("%s-%d-%04d", g.prefix, r.Period.Year()-1, len(g.r.Contracts)+1+g.pick(9000))
		add(BadReturn{ContractRef: ref, Period: periodText(r.Period), MeasureCode: r.MeasureCode, Value: text(r),
			SupplierName: r.SupplierName, Reason: ReasonUnknownContract, Month: r.Period, ICSCode: icsOf[r.ContractRef]})
	}
	drop := map[int]bool{}
	for _, v := range []string{"TBC", "see attached", "TBC"}[:min(3, 2+scale)] {
		for {
			j := g.pick(len(g.r.Returns))
			if drop[j] {
				continue
			}
			drop[j] = true
			r := g.r.Returns[j]
			add(BadReturn{ContractRef: r.ContractRef, Period: periodText(r.Period), MeasureCode: r.MeasureCode, Value: v,
				SupplierName: r.SupplierName, Notes: "Awaiting figures from site.", Reason: ReasonBadValue, Month: r.Period, ICSCode: icsOf[r.ContractRef]})
			break
		}
	}
	for range scale { // no period
		r := g.r.Returns[g.pick(len(g.r.Returns))]
		add(BadReturn{ContractRef: r.ContractRef, MeasureCode: r.MeasureCode, Value: text(r),
			SupplierName: r.SupplierName, Reason: ReasonMissingPeriod, Month: r.Period, ICSCode: icsOf[r.ContractRef]})
	}
	for _, code := range []string{"SVM20.9.1", "SVM25.4.7"}[:min(2, 1+scale)] { // not in the taxonomy
		r := g.r.Returns[g.pick(len(g.r.Returns))]
		add(BadReturn{ContractRef: r.ContractRef, Period: periodText(r.Period), MeasureCode: code, Value: "12",
			SupplierName: r.SupplierName, Reason: ReasonUnknownMeasure, Month: r.Period, ICSCode: icsOf[r.ContractRef]})
	}
	if len(drop) > 0 {
		kept := g.r.Returns[:0]
		for j, r := range g.r.Returns {
			if !drop[j] {
				kept = append(kept, r)
			}
		}
		g.r.Returns = kept
	}
}

func periodText(m time.Time) string { return m.Format("Jan 2006") }

// thousands formats v with comma thousands separators and dp decimals.
func thousands(v float64, dp int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', dp, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
