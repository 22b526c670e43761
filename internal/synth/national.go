package synth

import (
	"fmt"
	"slices"
	"strings"
)

// England's seven NHS regions and their 42 integrated care systems (public
// names and codes). North East and Yorkshire keeps the demo's real trusts;
// the other regions' trusts are fictional, named after their ICS's places,
// with codes starting Z so they never clash with a real ODS code.
var nationalRegions = []struct {
	code, name string
	icss       []ics
}{
	{"Y56", "London", []ics{
		{"QMJ", "North Central London"}, {"QMF", "North East London"}, {"QRV", "North West London"},
		{"QKK", "South East London"}, {"QWE", "South West London"}}},
	{"Y58", "South West", []ics{
		{"QOX", "Bath and North East Somerset, Swindon and Wiltshire"}, {"QUY", "Bristol, North Somerset and South Gloucestershire"},
		{"QT6", "Cornwall and the Isles of Scilly"}, {"QJK", "Devon"}, {"QVV", "Dorset"}, {"QR1", "Gloucestershire"}, {"QSL", "Somerset"}}},
	{"Y59", "South East", []ics{
		{"QU9", "Buckinghamshire, Oxfordshire and Berkshire West"}, {"QNQ", "Frimley"}, {"QRL", "Hampshire and Isle of Wight"},
		{"QKS", "Kent and Medway"}, {"QXU", "Surrey Heartlands"}, {"QNX", "Sussex"}}},
	{"Y60", "Midlands", []ics{
		{"QHL", "Birmingham and Solihull"}, {"QUA", "Black Country"}, {"QWU", "Coventry and Warwickshire"},
		{"QJ2", "Derby and Derbyshire"}, {"QGH", "Herefordshire and Worcestershire"}, {"QK1", "Leicester, Leicestershire and Rutland"},
		{"QJM", "Lincolnshire"}, {"QPM", "Northamptonshire"}, {"QT1", "Nottingham and Nottinghamshire"},
		{"QOC", "Shropshire, Telford and Wrekin"}, {"QNC", "Staffordshire and Stoke-on-Trent"}}},
	{"Y61", "East of England", []ics{
		{"QHG", "Bedfordshire, Luton and Milton Keynes"}, {"QUE", "Cambridgeshire and Peterborough"},
		{"QM7", "Hertfordshire and West Essex"}, {"QH8", "Mid and South Essex"}, {"QMM", "Norfolk and Waveney"},
		{"QJG", "Suffolk and North East Essex"}}},
	{"Y62", "North West", []ics{
		{"QYG", "Cheshire and Merseyside"}, {"QOP", "Greater Manchester"}, {"QE1", "Lancashire and South Cumbria"}}},
	{regionCode, regionName, icss},
}

var trustKinds = []string{
	"University Hospitals NHS Foundation Trust",
	"Community Healthcare NHS Trust",
	"Hospitals NHS Trust",
	"Mental Health NHS Foundation Trust",
	"Teaching Hospitals NHS Foundation Trust",
}

// nationalTrusts returns every trust of the national geography with its
// region: the demo's real North East and Yorkshire trusts, and five
// fictional trusts for each other ICS (about 210 in all).
func nationalTrusts() (ts []trust, region map[string]int, icsName map[string]string) {
	region = map[string]int{}
	icsName = map[string]string{}
	n := 0
	for ri, r := range nationalRegions {
		for _, x := range r.icss {
			icsName[x.code] = x.name
			if r.code == regionCode {
				continue
			}
			places := icsPlaces(x.name)
			for k := range 5 {
				area := places[k%len(places)]
				kind := trustKinds[k]
				code := fmt.Sprintf("Z%c%d", 'A'+n/10, n%10)
				n++
				ts = append(ts, trust{code: code, name: area + " " + kind, ics: x.code, area: area, college: area + " College"})
				region[code] = ri
			}
		}
	}
	for _, t := range trusts {
		ts = append(ts, t)
		region[t.code] = len(nationalRegions) - 1
	}
	return ts, region, icsName
}

// icsPlaces splits an ICS name into its places: "Bath and North East
// Somerset, Swindon and Wiltshire" gives Bath, North East Somerset, Swindon
// and Wiltshire.
func icsPlaces(name string) []string {
	var out []string
	for _, part := range strings.Split(name, ", ") {
		for _, p := range strings.Split(part, " and ") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// kindNames lists the commitment kinds in a fixed order (map order is random).
var kindNames = func() []string {
	ns := make([]string, 0, len(kinds))
	for k := range kinds {
		ns = append(ns, k)
	}
	slices.Sort(ns)
	return ns
}()
