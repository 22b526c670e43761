package excel

// The board pack's part of the hub's own record (issue 21): delivery
// claimed and verified, the actions agreed (past due first) and the items
// resolved, on a sheet of their own. The queries (sql/reports/pack/verified,
// actions, resolved) read the views the hub log feeds (verified_delivery,
// actions).

import "github.com/nhs-hubs/svhub/report/spec"

// sheetActions holds the hub's actions and the verified delivery figure.
const sheetActions = "Actions"

// itemWords names a hub log item's type in plain words.
var itemWords = map[string]string{
	"chase": "Overdue return", "offtrack": "Off-track commitment", "flag": "Quality flag", "evidence": "Evidence check"}

var hubLogQueries = []spec.Query{
	packQuery("verified", nil),
	packQuery("actions", nil),
	packQuery("resolved", nil),
}

var hubLogBlocks = []spec.Block{
	{ID: "xl_verified", Kind: spec.Table, Query: "xl_verified", Title: "Delivery claimed by suppliers and verified by the hub",
		Subtitle: "Claimed: every return as sent. Verified: only returns whose evidence the hub has seen (hub log, evidence status 'seen').",
		Columns: []spec.Column{
			{Name: "on_track_claimed_pct", Label: "On track, claimed", Format: spec.FormatPct},
			{Name: "on_track_verified_pct", Label: "On track, verified", Format: spec.FormatPct},
			{Name: "returns_claimed", Label: "Returns claimed", Format: spec.FormatInt},
			{Name: "returns_verified", Label: "Returns verified", Format: spec.FormatInt},
			{Name: "returns_verified_pct", Label: "Share verified", Format: spec.FormatPct},
		}},
	{ID: "xl_actions", Kind: spec.Table, Query: "xl_actions", Title: "Actions agreed",
		Subtitle: "From the hub log: actions not yet resolved, past their due date first (those are exceptions in their own right)",
		Columns: []spec.Column{text("state", "State"), {Name: "item_type", Label: "Item", Format: spec.FormatText, Labels: itemWords}, text("contract_ref", "Contract"), text("supplier_name", "Supplier"),
			text("about", "Measure or flag"), text("action_agreed", "Action agreed"), text("owner", "Owner"),
			{Name: "due_date", Label: "Due", Format: spec.FormatDate}, text("status", "Status")}},
	{ID: "xl_resolved", Kind: spec.Table, Query: "xl_resolved", Title: "Resolved by the hub",
		Subtitle: "Flags and items the hub closed, with why; a resolved flag is not raised again",
		Columns: []spec.Column{{Name: "item_type", Label: "Item", Format: spec.FormatText, Labels: itemWords}, text("contract_ref", "Contract"), text("supplier_name", "Supplier"),
			text("about", "Measure or flag"), text("why", "Why"), text("owner", "Owner"), {Name: "log_month", Label: "Logged", Format: spec.FormatMonth}}},
}

// actionsSheet is the Actions sheet (after Exceptions): the hub's
// verified delivery, the actions agreed and the items resolved.
func actionsSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries, hubLogQueries...)
	s.Blocks = append(s.Blocks, hubLogBlocks...)
	return Sheet{Name: sheetActions, Title: "Actions: what the hub has checked, agreed and closed",
		Intro: "from the hub log: the evidence the hub has seen, the actions it agreed and the items it closed (how the log is kept: About)", Blocks: []string{"xl_verified", "xl_actions", "xl_resolved"}}
}
