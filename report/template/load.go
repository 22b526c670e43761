package template

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
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
	o, err := loadOptions(ctx, q)
	if err != nil {
		return nil, o, err
	}
	ks, err := loadContracts(ctx, q, ref)
	if err != nil {
		return nil, o, err
	}
	if ref != "" && len(ks) == 0 {
		return nil, o, fmt.Errorf("%w %q in the register (list them with: svhub query \"select contract_ref, supplier_name from contracts\")", ErrNoContract, ref)
	}
	byRef := make(map[string]*Contract, len(ks))
	for _, k := range ks {
		byRef[k.Ref] = k
	}
	if err := loadCommitments(ctx, q, ref, byRef); err != nil {
		return nil, o, err
	}
	if err := loadReturned(ctx, q, ref, byRef); err != nil {
		return nil, o, err
	}
	return ks, o, nil
}

// loadOptions reads the reference date and the first month monitored.
func loadOptions(ctx context.Context, q Querier) (Options, error) {
	var o Options
	var today, monitoring sql.NullTime
	if err := q.QueryRowContext(ctx, sqlfiles.Report("template/options")).Scan(&today, &monitoring); err != nil {
		return o, fmt.Errorf("read reference date: %w", err)
	}
	o.Today, o.MonitoringStart = today.Time, monitoring.Time
	return o, nil
}

// loadContracts reads the contract ref, or every contract, in ref order.
func loadContracts(ctx context.Context, q Querier, ref string) ([]*Contract, error) {
	rows, err := q.QueryContext(ctx, sqlfiles.Report("template/contracts"), ref)
	if err != nil {
		return nil, fmt.Errorf("read contracts: %w", err)
	}
	defer rows.Close()
	var ks []*Contract
	for rows.Next() {
		k := &Contract{Returned: map[string]bool{}}
		if err := rows.Scan(&k.Ref, &k.Supplier, &k.Trust, &k.Start, &k.End); err != nil {
			return nil, fmt.Errorf("read contracts: %w", err)
		}
		ks = append(ks, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read contracts: %w", err)
	}
	return ks, nil
}

// loadCommitments adds each contract's commitments, in measure order, each
// with its frequency as the marts read it (stg_commitments): the months a
// template asks for are the months the hub counts as due.
func loadCommitments(ctx context.Context, q Querier, ref string, byRef map[string]*Contract) error {
	rows, err := q.QueryContext(ctx, sqlfiles.Report("template/commitments"), ref)
	if err != nil {
		return fmt.Errorf("read commitments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		var c Commitment
		var target sql.NullFloat64
		if err := rows.Scan(&ref, &c.MeasureCode, &c.MeasureName, &c.Unit, &target, &c.Frequency, &c.From, &c.To, &c.Plan); err != nil {
			return fmt.Errorf("read commitments: %w", err)
		}
		if target.Valid {
			c.Target = &target.Float64
		}
		if k := byRef[ref]; k != nil {
			k.Commitments = append(k.Commitments, c)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read commitments: %w", err)
	}
	return nil
}

// loadReturned marks the months each commitment has a current return for.
func loadReturned(ctx context.Context, q Querier, ref string, byRef map[string]*Contract) error {
	rows, err := q.QueryContext(ctx, sqlfiles.Report("template/returned"), ref)
	if err != nil {
		return fmt.Errorf("read returns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ref, code string
		var p time.Time
		if err := rows.Scan(&ref, &code, &p); err != nil {
			return fmt.Errorf("read returns: %w", err)
		}
		if k := byRef[ref]; k != nil {
			k.Returned[code+"|"+p.Format("2006-01")] = true
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read returns: %w", err)
	}
	return nil
}
