package validate

import (
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
)

func TestParseHubLog_Cells(t *testing.T) {
	h, ok := schema.Classify([]string{"Item key", "Type", "Contract ref", "Log month", "Status", "Owner", "Action agreed", "Due date", "Date checked", "Evidence status", "Notes"}, nil)
	if !ok || h.Kind != schema.HubLog {
		t.Fatalf("header not recognised as the hub log: %+v", h)
	}
	refs := NewRefs()
	refs.Contracts["C-1"] = ContractInfo{Ref: "C-1"}
	row := func(key, month, status, due, checked, ev, notes string) []string {
		return []string{key, "overdue return to chase", "C-1", month, status, "", "", due, checked, ev, notes}
	}
	cases := []struct {
		name   string
		cells  []string
		blank  bool
		column string // the one problem's column; "" for none
		cell   string
	}{
		{"chase with its date", row("chase|C-1|2026-07", "2026-09", "Chased", "", "02/10/2026", "", ""), false, "", ""},
		{"lower-case key contract", row("chase|c-1|2026-07", "2026-09", "chased", "", "2026-10-02", "", ""), false, "", ""},
		{"untouched row", row("chase|C-1|2026-07", "2026-09", "", "", "", "", ""), true, "", ""},
		{"unknown contract", row("chase|C-9|2026-07", "2026-09", "chased", "", "02/10/2026", "", ""), false, "item_key", "A7"},
		{"not a key", row("C-1 July", "2026-09", "open", "", "", "", ""), false, "item_key", "A7"},
		{"key month not a month", row("chase|C-1|July", "2026-09", "open", "", "", "", ""), false, "item_key", "A7"},
		{"status not in the list", row("offtrack|C-1|SVM25.1.2", "2026-09", "done", "", "", "", ""), false, "status", "E7"},
		{"entries but no status", row("offtrack|C-1|SVM25.1.2", "2026-09", "", "31/10/2026", "", "", ""), false, "status", "E7"},
		{"bad due date", row("offtrack|C-1|SVM25.1.2", "2026-09", "action agreed", "31/13/2026", "", "", ""), false, "due_date", "H7"},
		{"chase without its date", row("chase|C-1|2026-07", "2026-09", "chased", "", "", "", ""), false, "date_checked", "I7"},
		{"resolved without why", row("flag|C-1|-|no_followthrough", "2026-09", "resolved", "", "", "", ""), false, "notes", "K7"},
		{"evidence status not in the list", row("evidence|C-1|2026-09|SVM25.1.2", "2026-09", "open", "", "", "checked", ""), false, "evidence_status", "J7"},
		{"evidence seen", row("evidence|C-1|2026-09|SVM25.1.2", "2026-09", "resolved", "", "05/10/2026", "Seen", "payroll"), false, "", ""},
		{"no log month", row("chase|C-1|2026-07", "", "chased", "", "02/10/2026", "", ""), false, "log_month", "D7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, blank, pr := ParseHubLog(h, 7, c.cells, refs)
			if blank != c.blank {
				t.Fatalf("blank = %v, want %v", blank, c.blank)
			}
			if c.column == "" {
				if len(pr) != 0 {
					t.Fatalf("problems %+v, want none", pr)
				}
				return
			}
			if len(pr) != 1 || pr[0].Column != c.column || pr[0].Cell != c.cell || pr[0].Hint == "" {
				t.Fatalf("problems %+v; want one, column %s cell %s, with a hint", pr, c.column, c.cell)
			}
			_ = e
		})
	}
	e, _, _ := ParseHubLog(h, 7, row("chase|c-1|2026-07", "Sep 2026", "Chased", "", "02/10/2026", "", ""), refs)
	if e.Key != "chase|C-1|2026-07" || e.Status != "chased" || !e.LogMonth.Equal(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)) ||
		e.DateChecked == nil || !e.DateChecked.Equal(time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("entry %+v; want key with the registered contract, status chased, log month September, checked 2 October", e)
	}
	e, _, _ = ParseHubLog(h, 7, row("evidence|C-1|2026-09|SVM25.1.2", "2026-09", "resolved", "", "", "Seen", "payroll"), refs)
	if e.EvidenceStatus != "seen" {
		t.Errorf("evidence status %q; want seen", e.EvidenceStatus)
	}
}
