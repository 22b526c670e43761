package ingest

// This file holds the reference data rows are checked against (trusts,
// contracts, measures): read from the database, grown by each accepted
// register row.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nhs-hubs/svhub/ingest/validate"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// accept makes an accepted row visible to the rows after it, and reports
// what a register row changes about a contract already known.
func accept(refs *validate.Refs, rec record) ([]Change, bool) {
	switch v := rec.v.(type) {
	case validate.Org:
		refs.Trusts[strings.ToUpper(v.TrustCode)] = v.TrustCode
	case validate.Contract:
		k := strings.ToUpper(v.Ref)
		old, known := refs.Contracts[k]
		refs.Contracts[k] = validate.ContractInfo{Ref: v.Ref, Model: v.Model, Start: v.Start, End: v.End, SupplierName: v.SupplierName, TrustCode: v.TrustCode, ValueGBP: v.ValueGBP}
		if !known {
			return nil, false
		}
		var out []Change
		add := func(field, o, n string) {
			if o != n {
				out = append(out, Change{ContractRef: v.Ref, Field: field, Old: o, New: n})
			}
		}
		add("supplier_name", old.SupplierName, v.SupplierName)
		add("trust_code", old.TrustCode, v.TrustCode)
		add("value_gbp", money(old.ValueGBP), money(v.ValueGBP))
		add("start_date", old.Start.Format("2006-01-02"), v.Start.Format("2006-01-02"))
		add("end_date", old.End.Format("2006-01-02"), v.End.Format("2006-01-02"))
		return out, len(out) > 0
	}
	return nil, false
}

func money(v float64) string { return "£" + strconv.FormatFloat(v, 'f', -1, 64) }

func loadRefs(ctx context.Context, q queryer) (*validate.Refs, error) {
	refs := validate.NewRefs()
	rows, err := q.QueryContext(ctx, sqlfiles.RefTrusts)
	if err != nil {
		return nil, fmt.Errorf("ingest: read organisations: %w", err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		refs.Trusts[strings.ToUpper(c)] = c
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, sqlfiles.RefContracts)
	if err != nil {
		return nil, fmt.Errorf("ingest: read contracts: %w", err)
	}
	for rows.Next() {
		var ci validate.ContractInfo
		if err := rows.Scan(&ci.Ref, &ci.Model, &ci.Start, &ci.End, &ci.SupplierName, &ci.TrustCode, &ci.ValueGBP); err != nil {
			rows.Close()
			return nil, err
		}
		refs.Contracts[strings.ToUpper(ci.Ref)] = ci
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, sqlfiles.RefMeasures)
	if err != nil {
		return nil, fmt.Errorf("ingest: read measures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m validate.MeasureInfo
		if err := rows.Scan(&m.Code, &m.Model, &m.Name, &m.Unit, &m.Aggregation); err != nil {
			return nil, err
		}
		refs.AddMeasure(m)
	}
	return refs, rows.Err()
}
