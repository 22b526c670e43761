package dashboard

// Delivery claimed and verified (issue 21): beside the suppliers' claims,
// the share on track counting only the returns whose evidence the hub has
// seen (the hub log; verified_delivery), so the page says which figure is
// which.

import "github.com/nhs-hubs/svhub/report/spec"

var verifiedQuery = spec.Query{Name: "verified", File: "dashboard/verified"}

var verifiedBlock = spec.Block{ID: "verified", Kind: spec.KPI, Query: "verified", Title: "Delivery claimed and verified",
	Subtitle: "Claimed: every return as the supplier sent it. Verified: only returns whose evidence the hub has seen (hub log).",
	Columns: []spec.Column{
		{Name: "on_track_claimed_pct", Label: "On track, as claimed", Format: spec.FormatPct},
		{Name: "on_track_verified_pct", Label: "On track, verified", Format: spec.FormatPct},
		{Name: "returns_verified_pct", Label: "Returns verified", Format: spec.FormatPct},
		{Name: "returns_verified", Label: "Returns with evidence seen", Format: spec.FormatInt},
		{Name: "returns_claimed", Label: "Returns claimed", Format: spec.FormatInt},
	}}

// withVerified puts the verified block after the overview's KPIs.
func withVerified(bs []spec.Block) []spec.Block {
	for i, b := range bs {
		if b.ID == "kpis" {
			return append(bs[:i+1], append([]spec.Block{verifiedBlock}, bs[i+1:]...)...)
		}
	}
	return append(bs, verifiedBlock)
}
