package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/value"
	"github.com/nhs-hubs/svhub/internal/hubkey"
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
	r := newRow(h, number, cells)
	blank = true
	for _, c := range hubInputs {
		if t := r.text(c); t != "" && !value.IsNoValue(t) {
			blank = false
		}
	}
	if blank {
		return e, true, nil
	}
	const keyHint = "keep the Item key cell as svhub wrote it: write the log with svhub template --hub-log and fill in only the yellow cells"
	if k := r.requiredText("item_key"); k != "" {
		it, err := hubkey.Parse(k)
		if err != nil {
			r.failHint("item_key", fmt.Sprintf("unknown item key %q: %v", k, err), keyHint)
		} else if info, ok := refs.Contracts[key(it.ContractRef)]; !ok {
			r.failHint("item_key", fmt.Sprintf("unknown item key %q: contract %q is not in the contract register", k, it.ContractRef), keyHint)
		} else {
			it.ContractRef = info.Ref
			e.Item, e.Key = it, it.Key()
		}
	}
	m, err := value.Period(r.raw("log_month"))
	switch {
	case errors.Is(err, value.ErrNoValue):
		r.failHint("log_month", "required: expected the month the log is for, such as 2026-09, the cell is empty", keyHint)
	case err != nil:
		r.failHint("log_month", err.Error(), keyHint)
	default:
		e.LogMonth = m
	}
	e.Status = strings.ToLower(strings.Join(strings.Fields(r.text("status")), " "))
	switch {
	case e.Status == "" || value.IsNoValue(e.Status):
		e.Status = ""
		r.failHint("status", "required: the row has entries but no status", "choose a status from the list: "+strings.Join(hubkey.Statuses, ", "))
	case !slices.Contains(hubkey.Statuses, e.Status):
		r.failHint("status", fmt.Sprintf("status %q is not in the list", r.text("status")), "choose a status from the list: "+strings.Join(hubkey.Statuses, ", "))
	}
	if ev := strings.ToLower(strings.Join(strings.Fields(r.text("evidence_status")), " ")); ev != "" && !value.IsNoValue(ev) {
		if !slices.Contains(hubkey.EvidenceStatuses, ev) {
			r.failHint("evidence_status", fmt.Sprintf("evidence status %q is not in the list", r.text("evidence_status")),
				"choose from the list: "+strings.Join(hubkey.EvidenceStatuses, ", "))
		} else {
			e.EvidenceStatus = ev
		}
	}
	e.Owner, e.ActionAgreed, e.Notes = r.text("owner"), r.text("action_agreed"), r.text("notes")
	e.DueDate = r.date("due_date", false)
	e.DateChecked = r.date("date_checked", false)
	if e.Status == "chased" && e.DateChecked == nil && r.text("date_checked") == "" {
		r.failHint("date_checked", "a chase needs the date it was sent, the cell is empty", "write the date the supplier was chased, such as 02/10/2026")
	}
	if e.Status == "resolved" && e.Notes == "" && e.ActionAgreed == "" {
		r.failHint("notes", "a resolved item needs the reason it was resolved, the cell is empty", "say why in Notes (for example: revised target agreed, evidence seen)")
	}
	return e, false, r.problems
}
