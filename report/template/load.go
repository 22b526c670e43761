package template

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Querier is what Load needs from the database.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ErrNoContract means the contract asked for is not in the register.
var ErrNoContract = errors.New("no such contract")

// Load reads one contract (ref) or every contract (ref "") with its
// commitments and the months it has current returns for, and the reference
// date and monitoring start the templates are made for.
func Load(ctx context.Context, q Querier, ref string) ([]*Contract, Options, error) {
	var o Options
	var today, monitoring sql.NullTime
	if err := q.QueryRowContext(ctx, `select (select today from int_settings), (select first_data_month from int_reporting_month)`).Scan(&today, &monitoring); err != nil {
		return nil, o, fmt.Errorf("read reference date: %w", err)
	}
	o.Today, o.MonitoringStart = today.Time, monitoring.Time

	rows, err := q.QueryContext(ctx, `
select k.contract_ref, k.supplier_name, coalesce(o.trust_name, k.trust_code),
       cast(date_trunc('month', k.start_date) as date), cast(date_trunc('month', k.end_date) as date)
from contracts k
left join organisations o on o.trust_code = k.trust_code
where $1 = '' or k.contract_ref = $1
order by k.contract_ref`, ref)
	if err != nil {
		return nil, o, fmt.Errorf("read contracts: %w", err)
	}
	var ks []*Contract
	byRef := map[string]*Contract{}
	for rows.Next() {
		k := &Contract{Returned: map[string]bool{}}
		if err := rows.Scan(&k.Ref, &k.Supplier, &k.Trust, &k.Start, &k.End); err != nil {
			rows.Close()
			return nil, o, fmt.Errorf("read contracts: %w", err)
		}
		ks = append(ks, k)
		byRef[k.Ref] = k
	}
	if err := rows.Close(); err != nil {
		return nil, o, err
	}
	if ref != "" && len(ks) == 0 {
		return nil, o, fmt.Errorf("%w %q in the register (list them with: svhub query \"select contract_ref, supplier_name from contracts\")", ErrNoContract, ref)
	}

	rows, err = q.QueryContext(ctx, `
select c.contract_ref, c.measure_code, coalesce(m.measure_name, c.measure_code), coalesce(m.unit, c.unit, ''), c.target,
       coalesce(c.frequency, ''),
       cast(date_trunc('month', coalesce(c.period_from, k.start_date)) as date),
       cast(date_trunc('month', coalesce(c.period_to, k.end_date)) as date),
       coalesce(c.delivery_plan, '')
from commitments c
join contracts k on k.contract_ref = c.contract_ref
left join measures m on m.measure_code = c.measure_code
where $1 = '' or c.contract_ref = $1
order by c.contract_ref, c.measure_code`, ref)
	if err != nil {
		return nil, o, fmt.Errorf("read commitments: %w", err)
	}
	for rows.Next() {
		var ref string
		var c Commitment
		var target sql.NullFloat64
		if err := rows.Scan(&ref, &c.MeasureCode, &c.MeasureName, &c.Unit, &target, &c.Frequency, &c.From, &c.To, &c.Plan); err != nil {
			rows.Close()
			return nil, o, fmt.Errorf("read commitments: %w", err)
		}
		if target.Valid {
			c.Target = &target.Float64
		}
		if k := byRef[ref]; k != nil {
			k.Commitments = append(k.Commitments, c)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, o, err
	}

	rows, err = q.QueryContext(ctx, `
select distinct contract_ref, measure_code, period
from returns_clean
where not superseded and ($1 = '' or contract_ref = $1)`, ref)
	if err != nil {
		return nil, o, fmt.Errorf("read returns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref, code string
		var p time.Time
		if err := rows.Scan(&ref, &code, &p); err != nil {
			return nil, o, fmt.Errorf("read returns: %w", err)
		}
		if k := byRef[ref]; k != nil {
			k.Returned[code+"|"+p.Format("2006-01")] = true
		}
	}
	return ks, o, rows.Err()
}
