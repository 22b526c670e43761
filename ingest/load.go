package ingest

import (
	"context"
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/internal/store"
)

// load writes one sheet's accepted records. Register tables are keyed, so a
// later file replaces an earlier row (a corrected register); returns are
// appended and a later load supersedes an earlier one in returns_clean.
func (w *writer) load(ctx context.Context, kind schema.Kind, recs []any, p provenance) error {
	switch kind {
	case schema.Returns:
		return w.appender(ctx, "returns", []string{"contract_ref", "period", "measure_code", "value", "supplier_name", "evidence", "notes", "location", "load_seq", "source_file", "file_sha256", "sheet", "row_number", "cell", "extra"}, func(a *duckdb.Appender) error {
			return appendRecords(ctx, a, recs, func(r record) []driver.Value {
				v := r.v.(validate.Return)
				return []driver.Value{v.ContractRef, v.Period, v.MeasureCode, v.Value, nullStr(v.SupplierName), nullStr(v.Evidence), nullStr(v.Notes), nullStr(v.Location), p.seq, p.file, p.sha, p.sheet, int32(r.row), nullStr(v.ValueCell), r.extra}
			})
		})
	case schema.Organisations:
		return w.upsert(ctx, "organisations", recs, func(r record) []driver.Value {
			v := r.v.(validate.Org)
			return []driver.Value{v.TrustCode, v.TrustName, v.ICSCode, nullStr(v.ICSName), v.RegionCode, nullStr(v.RegionName), p.file, p.sha, p.sheet, int32(r.row), r.extra}
		})
	case schema.Contracts:
		return w.upsert(ctx, "contracts", recs, func(r record) []driver.Value {
			v := r.v.(validate.Contract)
			var crp any
			if v.CRPPublished != nil {
				crp = *v.CRPPublished
			}
			return []driver.Value{v.Ref, v.SupplierName, nullStr(v.SupplierID), v.TrustCode, nullStr(v.Title), nullStr(v.Category), v.ValueGBP, v.Start, v.End, v.SVWeightingPct, v.Model, crp, nullStr(v.LocalArea), p.file, p.sha, p.sheet, int32(r.row), r.extra}
		})
	case schema.Commitments:
		return w.upsert(ctx, "commitments", recs, func(r record) []driver.Value {
			v := r.v.(validate.Commitment)
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
			return []driver.Value{v.ContractRef, v.MeasureCode, target, nullStr(v.Unit), nullStr(v.Frequency), from, to, nullStr(v.DeliveryPlan), nullStr(v.Location), p.file, p.sha, p.sheet, int32(r.row), r.extra}
		})
	case schema.ProxyValues:
		return w.upsert(ctx, "proxy_values", recs, func(r record) []driver.Value {
			v := r.v.(validate.ProxyValue)
			return []driver.Value{v.MeasureCode, v.GBPPerUnit, v.Source, int32(v.Year), p.file, p.sha, p.sheet, int32(r.row), r.extra}
		})
	case schema.Priorities:
		// keyed by ICS, outcome and mission ('' when absent): a later row
		// for the same priority replaces the earlier one
		return w.upsert(ctx, "priorities", recs, func(r record) []driver.Value {
			v := r.v.(validate.Priority)
			return []driver.Value{v.ICSCode, v.OutcomeCode, v.Mission, v.Priority, p.file, p.sha, p.sheet, int32(r.row), r.extra}
		})
	}
	return fmt.Errorf("no loader for %s", kind)
}

// upsert loads keyed rows in bulk: row-by-row INSERT OR REPLACE costs
// milliseconds a row in DuckDB (and gigabytes over a large register), so the
// rows go through the appender into a temporary copy of the table, which then
// replaces matching keys in one statement.
func (w *writer) upsert(ctx context.Context, table string, recs []any, args func(record) []driver.Value) error {
	stage := "svhub_stage_" + table
	if _, err := w.conn.ExecContext(ctx, "create or replace temp table "+stage+" as select * from "+table+" limit 0"); err != nil {
		return err
	}
	defer w.conn.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp."+stage)
	err := store.Append(ctx, w.conn, "temp", "main", stage, nil, func(a *duckdb.Appender) error {
		return appendRecords(ctx, a, recs, args)
	})
	if err != nil {
		return err
	}
	_, err = w.conn.ExecContext(ctx, "insert or replace into "+table+" select * from "+stage)
	return err
}

// appendRecords appends each record's values, checking for Ctrl-C as it goes.
func appendRecords(ctx context.Context, a *duckdb.Appender, recs []any, values func(record) []driver.Value) error {
	for i, rec := range recs {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		r := rec.(record)
		if err := a.AppendRow(values(r)...); err != nil {
			return fmt.Errorf("row %d: %w", r.row, err)
		}
	}
	return nil
}
