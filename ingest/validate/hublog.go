package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/hubkey"
	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/value"
)

// HubLogEntry is one row of the hub log the analyst filled in: what was
// done about one item (a chase, an evidence check, an agreed action) in the
// month the log was for.
type HubLogEntry struct {
	Key            string // as svhub writes it (hubkey.Item.Key)
	Item           hubkey.Item
	LogMonth       time.Time
	Status         string // one of hubkey.Statuses
	Owner          string
	ActionAgreed   string
	DueDate        *time.Time
	DateChecked    *time.Time
	EvidenceStatus string // one of hubkey.EvidenceStatuses, "" when not given
	Notes          string
}

// hubInputs are the columns the analyst fills in: a row with none of them
// is an item nobody acted on, which is nothing to record.
var hubInputs = []string{"status", "owner", "action_agreed", "due_date", "date_checked", "evidence_status", "notes"}

// ParseHubLog validates a hub log row. blank is true when none of its input
// cells is filled in (nothing to load, nothing to refuse). The item key
// must be one svhub writes, for a contract in the register; status and
// evidence status come from their lists; dates are dates; a chase needs
// its date and a resolved item its reason.
func ParseHubLog(h *schema.Header, number int, cells []string, refs *Refs) (e HubLogEntry, blank bool, problems []Problem) {
	hr := hubLogRow{rowReader: newRow(h, number, cells), refs: refs}
	if hr.blank() {
		return e, true, nil
	}
	hr.item()
	hr.logMonth()
	hr.status()
	hr.evidence()
	hr.e.Owner, hr.e.ActionAgreed, hr.e.Notes = hr.text("owner"), hr.text("action_agreed"), hr.text("notes")
	hr.e.DueDate = hr.date("due_date", false)
	hr.e.DateChecked = hr.date("date_checked", false)
	hr.needs()
	return hr.e, false, hr.problems
}

// keyHint is what to do about a row whose key or month is not svhub's.
const keyHint = "keep the Item key cell as svhub wrote it: write the log with svhub template --hub-log and fill in only the yellow cells"

// hubLogRow is a hub log row being read.
type hubLogRow struct {
	*rowReader
	refs *Refs
	e    HubLogEntry
}

// blank: none of the cells the analyst fills in holds anything.
func (hr *hubLogRow) blank() bool {
	for _, c := range hubInputs {
		if t := hr.text(c); t != "" && !value.IsNoValue(t) {
			return false
		}
	}
	return true
}

// item: a key svhub writes, for a contract in the register.
func (hr *hubLogRow) item() {
	k := hr.requiredText("item_key")
	if k == "" {
		return
	}
	it, err := hubkey.Parse(k)
	if err != nil {
		hr.failHint("item_key", fmt.Sprintf("unknown item key %q: %v", k, err), keyHint)
		return
	}
	info, ok := hr.refs.Contracts[key(it.ContractRef)]
	if !ok {
		hr.failHint("item_key", fmt.Sprintf("unknown item key %q: contract %q is not in the contract register", k, it.ContractRef), keyHint)
		return
	}
	it.ContractRef = info.Ref
	hr.e.Item, hr.e.Key = it, it.Key()
}

// logMonth: the month the log is for.
func (hr *hubLogRow) logMonth() {
	m, err := value.Period(hr.raw("log_month"))
	switch {
	case errors.Is(err, value.ErrNoValue):
		hr.failHint("log_month", "required: expected the month the log is for, such as 2026-09, the cell is empty", keyHint)
	case err != nil:
		hr.failHint("log_month", err.Error(), keyHint)
	default:
		hr.e.LogMonth = m
	}
}

// status: one of the list's, required.
func (hr *hubLogRow) status() {
	hr.e.Status = listed(hr.text("status"))
	choose := "choose a status from the list: " + strings.Join(hubkey.Statuses, ", ")
	switch {
	case hr.e.Status == "" || value.IsNoValue(hr.e.Status):
		hr.e.Status = ""
		hr.failHint("status", "required: the row has entries but no status", choose)
	case !slices.Contains(hubkey.Statuses, hr.e.Status):
		hr.failHint("status", fmt.Sprintf("status %q is not in the list", hr.text("status")), choose)
	}
}

// evidence: one of the list's, or blank.
func (hr *hubLogRow) evidence() {
	ev := listed(hr.text("evidence_status"))
	switch {
	case ev == "" || value.IsNoValue(ev):
	case !slices.Contains(hubkey.EvidenceStatuses, ev):
		hr.failHint("evidence_status", fmt.Sprintf("evidence status %q is not in the list", hr.text("evidence_status")),
			"choose from the list: "+strings.Join(hubkey.EvidenceStatuses, ", "))
	default:
		hr.e.EvidenceStatus = ev
	}
}

// needs: what a status asks for; a chase its date, a resolved item why.
func (hr *hubLogRow) needs() {
	e := &hr.e
	if e.Status == "chased" && e.DateChecked == nil && hr.text("date_checked") == "" {
		hr.failHint("date_checked", "a chase needs the date it was sent, the cell is empty", "write the date the supplier was chased, such as 02/10/2026")
	}
	if e.Status == "resolved" && e.Notes == "" && e.ActionAgreed == "" {
		hr.failHint("notes", "a resolved item needs the reason it was resolved, the cell is empty", "say why in Notes (for example: revised target agreed, evidence seen)")
	}
}

// listed is a choice from a list as compared: lower case, single spaces.
func listed(text string) string {
	return strings.ToLower(strings.Join(strings.Fields(text), " "))
}
