package ingest

import (
	"context"
	"database/sql/driver"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/internal/store"
)

// hubLog appends the hub log rows of a sheet. The table is append-only:
// a later load of the same item and month supersedes the earlier entry in
// the hub_log view, and both are kept with who loaded them, when and from
// which file.
func (w *writer) hubLog(ctx context.Context, recs []record) error {
	cols := []string{"item_key", "item_type", "contract_ref", "period", "measure_code", "flag", "log_month", "status", "owner", "action_agreed",
		"due_date", "date_checked", "evidence_check", "notes", "loaded_by", "loaded_at", "load_seq", "source_file", "file_sha256", "sheet", "row_number", "extra"}
	user := w.user
	if user == "" {
		user = "unknown"
	}
	return w.append(ctx, store.Table{Name: "hub_log_entries"}, cols, func(a store.RowAppender) error {
		return appendRecords(ctx, a, recs, func(r record, buf []driver.Value) []driver.Value {
			v, p := r.v.(validate.HubLogEntry), r.prov
			var period, due, checked any
			if !v.Item.Period.IsZero() {
				period = v.Item.Period
			}
			if v.DueDate != nil {
				due = *v.DueDate
			}
			if v.DateChecked != nil {
				checked = *v.DateChecked
			}
			return append(buf[:0], v.Key, string(v.Item.Type), v.Item.ContractRef, period, nullStr(v.Item.MeasureCode), nullStr(v.Item.Flag), v.LogMonth,
				v.Status, nullStr(v.Owner), nullStr(v.ActionAgreed), due, checked, nullStr(v.EvidenceStatus), nullStr(v.Notes),
				user, w.now.UTC(), p.boxed[3], p.boxed[0], p.boxed[1], p.boxed[2], int32(r.row), r.extra)
		})
	})
}

// hubLogOnly says whether every recognised sheet of a file is a hub log, so
// a log with nothing filled in is told as such rather than as a file with
// no data under its header.
func hubLogOnly(s *source) bool {
	n := 0
	for _, sh := range s.sheets {
		if sh.header == nil {
			continue
		}
		if sh.header.Kind != schema.HubLog {
			return false
		}
		n++
	}
	return n > 0
}
