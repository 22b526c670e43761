package ingest

// This file is everything the ingest writes to the database, all through
// the store's one writer: rows through its appender, identifiers quoted.

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// load writes one sheet's accepted records. Register tables are keyed, so a
// later file replaces an earlier row (a corrected register); returns are
// appended and a later load supersedes an earlier one in returns_clean.
func (w *writer) load(ctx context.Context, kind schema.Kind, recs []record) error {
	switch kind {
	case schema.Returns:
		return w.append(ctx, store.Table{Name: "returns"}, []string{"contract_ref", "period", "measure_code", "value", "supplier_name", "evidence", "notes", "location", "load_seq", "source_file", "file_sha256", "sheet", "row_number", "cell", "extra"}, func(a store.RowAppender) error {
			return appendRecords(ctx, a, recs, func(r record, buf []driver.Value) []driver.Value {
				v, p := r.v.(validate.Return), r.prov
				return append(buf[:0], v.ContractRef, v.Period, v.MeasureCode, v.Value, nullStr(v.SupplierName), nullStr(v.Evidence), nullStr(v.Notes), nullStr(v.Location), p.boxed[3], p.boxed[0], p.boxed[1], p.boxed[2], int32(r.row), nullStr(v.ValueCell), r.extra)
			})
		})
	case schema.Organisations:
		return w.upsert(ctx, "organisations", recs, func(r record, buf []driver.Value) []driver.Value {
			v, p := r.v.(validate.Org), r.prov
			return append(buf[:0], v.TrustCode, v.TrustName, v.ICSCode, nullStr(v.ICSName), v.RegionCode, nullStr(v.RegionName), p.boxed[0], p.boxed[1], p.boxed[2], int32(r.row), r.extra)
		})
	case schema.Contracts:
		return w.upsertContracts(ctx, recs, func(r record, buf []driver.Value) []driver.Value {
			v, p := r.v.(validate.Contract), r.prov
			var crp, framework, procured any
			if v.CRPPublished != nil {
				crp = *v.CRPPublished
			}
			var from any
			if v.EffectiveFrom != nil {
				from = *v.EffectiveFrom
			}
			if v.Framework != nil {
				framework = *v.Framework
			}
			if v.ProcuredOn != nil {
				procured = *v.ProcuredOn
			}
			return append(buf[:0], v.Ref, v.SupplierName, nullStr(v.SupplierID), v.TrustCode, nullStr(v.Title), nullStr(v.Category), v.ValueGBP, v.Start, v.End, v.SVWeightingPct, v.Model, crp, nullStr(v.LocalArea), p.boxed[0], p.boxed[1], p.boxed[2], int32(r.row), r.extra,
				nullStr(v.CarbonPlan), framework, procured, from)
		})
	case schema.Commitments:
		return w.upsert(ctx, "commitments", recs, func(r record, buf []driver.Value) []driver.Value {
			v, p := r.v.(validate.Commitment), r.prov
			var target, from, to any
			if v.Target != nil {
				target = *v.Target
			}
			if v.PeriodFrom != nil {
				from = *v.PeriodFrom
			}
			if v.PeriodTo != nil {
				to = *v.PeriodTo
			}
			return append(buf[:0], v.ContractRef, v.MeasureCode, target, nullStr(v.Unit), nullStr(v.Frequency), from, to, nullStr(v.DeliveryPlan), nullStr(v.Location), p.boxed[0], p.boxed[1], p.boxed[2], int32(r.row), r.extra)
		})
	case schema.ProxyValues:
		return w.upsert(ctx, "proxy_values", recs, func(r record, buf []driver.Value) []driver.Value {
			v, p := r.v.(validate.ProxyValue), r.prov
			return append(buf[:0], v.MeasureCode, v.GBPPerUnit, v.Source, int32(v.Year), p.boxed[0], p.boxed[1], p.boxed[2], int32(r.row), r.extra)
		})
	case schema.Priorities:
		// keyed by ICS, outcome and mission ('' when absent): a later row
		// for the same priority replaces the earlier one
		return w.upsert(ctx, "priorities", recs, func(r record, buf []driver.Value) []driver.Value {
			v, p := r.v.(validate.Priority), r.prov
			return append(buf[:0], v.ICSCode, v.OutcomeCode, v.Mission, v.Priority, p.boxed[0], p.boxed[1], p.boxed[2], int32(r.row), r.extra)
		})
	case schema.HubLog:
		return w.hubLog(ctx, recs)
	}
	return fmt.Errorf("no loader for %s", kind)
}

// upsert loads keyed rows in bulk: row-by-row INSERT OR REPLACE costs
// milliseconds a row in DuckDB (and gigabytes over a large register), so the
// rows go through the appender into a temporary copy of the table, which then
// replaces matching keys in one statement.
func (w *writer) upsert(ctx context.Context, table string, recs []record, args func(record, []driver.Value) []driver.Value) error {
	return w.upsertThen(ctx, table, "", recs, args, nil)
}

// upsertContracts loads contract rows as upsert does, the latest row of
// each contract (by effective_from, then row) into contracts, and records
// each new supplier with the date it holds the contract from in
// contract_suppliers (sql/ingest/contract_suppliers.sql, reading the staged
// rows by their temporary table's name): a novation adds a
// row there instead of rewriting which supplier delivered the months before.
func (w *writer) upsertContracts(ctx context.Context, recs []record, args func(record, []driver.Value) []driver.Value) error {
	return w.upsertThen(ctx, "contracts", "qualify row_number() over (partition by contract_ref order by effective_from desc nulls first, row_number desc) = 1", recs, args,
		func(stage store.Table) error {
			_, err := w.conn.ExecContext(ctx, sqlfiles.ContractSuppliers, w.today)
			if err != nil {
				return fmt.Errorf("record the contracts' suppliers: %w", err)
			}
			return nil
		})
}

// upsertThen is upsert with a clause that picks one staged row per key
// (pick; "" when the rows' keys are distinct) and a step run on the staged
// rows before they are dropped (then, may be nil).
func (w *writer) upsertThen(ctx context.Context, table, pick string, recs []record, args func(record, []driver.Value) []driver.Value, then func(store.Table) error) error {
	stage, drop, err := w.stage(ctx, table)
	if err != nil {
		return err
	}
	defer drop()
	err = w.append(ctx, stage, nil, func(a store.RowAppender) error {
		return appendRecords(ctx, a, recs, args)
	})
	if err != nil {
		return err
	}
	if then != nil {
		if err := then(stage); err != nil {
			return err
		}
	}
	return w.replaceFrom(ctx, table, stage, pick)
}

// stage creates an empty temporary copy of table for rows to be appended
// to; drop removes it.
func (w *writer) stage(ctx context.Context, table string) (stage store.Table, drop func(), err error) {
	stage = store.Table{Name: "svhub_stage_" + table, Temp: true}
	if _, err := w.conn.ExecContext(ctx, "create or replace temp table "+stage.Quoted()+" as select * from "+store.QuoteIdent(table)+" limit 0"); err != nil {
		return stage, nil, err
	}
	return stage, func() { w.conn.ExecContext(context.WithoutCancel(ctx), "drop table if exists "+stage.Quoted()) }, nil
}

// replaceFrom puts the staged rows into table, replacing the rows with
// their keys, in one statement (pick: a clause choosing one staged row per
// key, or "").
func (w *writer) replaceFrom(ctx context.Context, table string, stage store.Table, pick string) error {
	_, err := w.conn.ExecContext(ctx, "insert or replace into "+store.QuoteIdent(table)+" select * from "+stage.Quoted()+" "+pick)
	return err
}

// appendRecords appends each record's values, checking for Ctrl-C as it goes.
// The values are built in one slice reused from row to row (the appender
// copies them).
func appendRecords(ctx context.Context, a store.RowAppender, recs []record, values func(record, []driver.Value) []driver.Value) error {
	var buf []driver.Value
	for i, r := range recs {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		buf = values(r, buf)
		if err := a.AppendRow(buf...); err != nil {
			return fmt.Errorf("row %d: %w", r.row, err)
		}
	}
	return nil
}

type provenance struct {
	file, sha, sheet string
	seq              int64
	// boxed holds file, sha, sheet and seq as driver values, made once per
	// sheet rather than once per row.
	boxed [4]driver.Value
}

func newProvenance(file, sha, sheet string, seq int64) *provenance {
	return &provenance{file: file, sha: sha, sheet: sheet, seq: seq, boxed: [4]driver.Value{file, sha, sheet, seq}}
}

// forget removes what an earlier read of the same files left (for --force,
// and for a file that failed --strict before): their returns and
// rejections. Register rows are keyed and simply replaced. One statement
// per table for all the files: a statement per file cost more than reading
// a small file.
func (w *writer) forget(ctx context.Context, shas ...string) error {
	if len(shas) == 0 {
		return nil
	}
	if err := w.touched.forgetting(ctx, w, shas); err != nil {
		return err
	}
	args := make([]any, len(shas))
	for i, s := range shas {
		args[i] = s
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(shas)), ", ")
	for _, t := range []string{"returns", "rejections_raw", "hub_log_entries"} {
		if _, err := w.conn.ExecContext(ctx, "delete from "+store.QuoteIdent(t)+" where file_sha256 in ("+marks+")", args...); err != nil {
			return fmt.Errorf("ingest: clear earlier %s of %d files (first %s): %w", t, len(shas), shas[0][:min(12, len(shas[0]))], err)
		}
	}
	return nil
}

func (w *writer) rejections(ctx context.Context, rs []Rejection, seq int64) error {
	if len(rs) == 0 {
		return nil
	}
	return w.append(ctx, store.Table{Name: "rejections_raw"}, []string{"source_file", "file_sha256", "sheet", "row_number", "column_name", "cell", "value", "reason", "load_seq", "contract_ref", "supplier_name", "hint"}, func(a store.RowAppender) error {
		for _, r := range rs {
			var row any
			if r.Row > 0 {
				row = int32(r.Row)
			}
			if err := a.AppendRow(r.File, r.SHA256, r.Sheet, row, nullStr(r.Column), nullStr(r.Cell), nullStr(r.Value), r.Message(), seq, nullStr(r.ContractRef), nullStr(r.Supplier), nullStr(r.Hint)); err != nil {
				return err
			}
		}
		return nil
	})
}

// recordFiles records the files read, through a staged copy as upsert
// does: an insert or replace per file cost about 5 ms each.
func (w *writer) recordFiles(ctx context.Context, srcs []*source, seq map[*source]int64, now time.Time) error {
	if len(srcs) == 0 {
		return nil
	}
	stage, drop, err := w.stage(ctx, "ingest_files")
	if err != nil {
		return fmt.Errorf("ingest: record files: %w", err)
	}
	defer drop()
	err = w.append(ctx, stage, nil, func(a store.RowAppender) error {
		for _, s := range srcs {
			if err := a.AppendRow(s.f.SHA256, s.f.Path, s.f.Format, seq[s], now.UTC(), int64(s.res.Loaded), int64(s.res.Rejected), false, int64(s.res.Read)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = w.replaceFrom(ctx, "ingest_files", stage, "")
	}
	if err != nil {
		return fmt.Errorf("ingest: record %d files (first %s): %w", len(srcs), srcs[0].f.Path, err)
	}
	return nil
}

func (w *writer) append(ctx context.Context, t store.Table, cols []string, fn func(store.RowAppender) error) error {
	return w.conn.Append(ctx, t, cols, fn)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// supersessions lists the returns this load replaced (loads after before).
// One replaced by another file of the same load with a different value is
// a conflict (see Supersession).
func supersessions(ctx context.Context, w *writer, before int64) ([]Supersession, error) {
	rows, err := w.conn.QueryContext(ctx, sqlfiles.SupersessionsSince, before)
	if err != nil {
		return nil, fmt.Errorf("ingest: list supersessions: %w", err)
	}
	defer rows.Close()
	var out []Supersession
	for rows.Next() {
		var s Supersession
		if err := rows.Scan(&s.ContractRef, &s.Period, &s.MeasureCode, &s.OldValue, &s.NewValue, &s.OldFile, &s.NewFile, &s.Conflict); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// withTx runs fn inside one transaction on the database's single writer.
func withTx(ctx context.Context, db *store.DB, fn func(*writer) error) error {
	return db.Write(ctx, func(sw *store.Writer) error { return fn(&writer{conn: sw}) })
}

// writer is the ingest's side of the one writing transaction: every row it
// writes goes through the store's appender (load.go).
type writer struct {
	conn    *store.Writer
	touched touchedFiles // what the load touched (touched.go)
	today   time.Time    // the reference date: a register change without effective_from applies from it
	// user and now are who loaded and when, kept with each hub log entry
	user string
	now  time.Time
}
