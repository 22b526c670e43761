package dashboard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Params choose the month and scope of a report.
type Params struct {
	AsOf     time.Time // first day of the month; zero: the reporting month
	Region   string
	ICS      string
	Trust    string
	Supplier string
	Now      time.Time // "generated at"
	Source   string
}

// Querier is what Build needs from the database.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Build runs the report's queries for a month and scope and fills in the
// titles that state each block's message.
func Build(ctx context.Context, q Querier, s *spec.Spec, p Params) (*spec.Report, error) {
	asOf, err := checkMonth(ctx, q, p.AsOf)
	if err != nil {
		return nil, err
	}
	p.AsOf = asOf
	scope, err := describeScope(ctx, q, p)
	if err != nil {
		return nil, err
	}
	r := &spec.Report{Spec: s, Data: map[string]*spec.Result{}, AsOf: p.AsOf, Scope: scope, GeneratedAt: p.Now, Source: p.Source}
	args := []any{p.AsOf, p.Region, p.ICS, p.Trust, p.Supplier}
	for _, qu := range s.Queries {
		res, err := run(ctx, q, qu.SQL, args)
		if err != nil {
			return nil, fmt.Errorf("report query %s: %w", qu.Name, err)
		}
		r.Data[qu.Name] = res
	}
	messageTitles(r)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

func run(ctx context.Context, q Querier, query string, args []any) (*spec.Result, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rowset.Read(rows)
}

// ErrBadParams marks a month or scope that the database knows nothing of:
// the caller asked for something that cannot be reported.
var ErrBadParams = errors.New("nothing to report")

// checkMonth resolves the month to report: zero means the reporting month,
// which is the last month commitment_status covers. A month outside the data
// is refused, rather than drawn as an empty report that looks like a month of
// non-delivery.
func checkMonth(ctx context.Context, q Querier, asOf time.Time) (time.Time, error) {
	var first, last sql.NullTime
	if err := q.QueryRowContext(ctx, `select min(as_of), max(as_of) from commitment_status`).Scan(&first, &last); err != nil {
		return asOf, fmt.Errorf("read reporting months: %w", err)
	}
	if !first.Valid {
		return asOf, fmt.Errorf("%w: no commitments are loaded yet (ingest a contract register and returns first)", ErrBadParams)
	}
	if asOf.IsZero() {
		return last.Time, nil
	}
	asOf = time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	if asOf.Before(first.Time) || asOf.After(last.Time) {
		return asOf, fmt.Errorf("%w for %s: the data covers %s to %s", ErrBadParams, asOf.Format("Jan 2006"), first.Time.Format("Jan 2006"), last.Time.Format("Jan 2006"))
	}
	return asOf, nil
}

func describeScope(ctx context.Context, q Querier, p Params) (string, error) {
	var parts []string
	for _, f := range []struct{ label, value, query string }{
		{"region", p.Region, `select max(coalesce(region_name, region_code)), count(*) from organisations where region_code = ?`},
		{"ICS", p.ICS, `select max(coalesce(ics_name, ics_code)), count(*) from organisations where ics_code = ?`},
		{"trust", p.Trust, `select max(trust_name), count(*) from organisations where trust_code = ?`},
		{"supplier", p.Supplier, `select max(supplier_name), count(*) from contracts where supplier_name = ?`},
	} {
		if f.value == "" {
			continue
		}
		var name sql.NullString
		var n int
		if err := q.QueryRowContext(ctx, f.query, f.value).Scan(&name, &n); err != nil {
			return "", fmt.Errorf("look up %s %q: %w", f.label, f.value, err)
		}
		if n == 0 {
			return "", fmt.Errorf("%w: no %s %q in the database", ErrBadParams, f.label, f.value)
		}
		switch f.label {
		case "trust", "supplier":
			parts = append(parts, name.String)
		default:
			parts = append(parts, strings.ToUpper(f.label[:1])+f.label[1:]+" "+name.String)
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, " · "), nil
	}
	var regions []string
	rows, err := q.QueryContext(ctx, `select distinct coalesce(region_name, region_code) from organisations order by 1`)
	if err != nil {
		return "", fmt.Errorf("read regions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		rows.Scan(&s)
		regions = append(regions, s)
	}
	switch len(regions) {
	case 0:
		return "All contracts", nil
	case 1:
		return regions[0] + " region", nil
	}
	return "All regions (" + fmt.Sprint(len(regions)) + ")", nil
}

// messageTitles gives each chart a title that states what it shows, as the
// NHS dashboard guidance asks ("Two in three commitments on track").
func messageTitles(r *spec.Report) {
	month := r.AsOf.Format("January 2006")
	k := r.Data["kpis"]
	get := func(res *spec.Result, col string) float64 {
		if res == nil || len(res.Rows) == 0 || res.Col(col) < 0 {
			return 0
		}
		switch v := res.Rows[0][res.Col(col)].(type) {
		case int64:
			return float64(v)
		case float64:
			return v
		}
		return 0
	}
	for i := range r.Spec.Blocks {
		b := &r.Spec.Blocks[i]
		switch b.ID {
		case "kpis":
			green, judged := get(k, "green"), get(k, "commitments")-get(k, "grey")
			if judged > 0 {
				b.Title = fmt.Sprintf("%s of %s judgeable commitments on track in %s", format.GroupDigits(green, 0), format.GroupDigits(judged, 0), month)
			} else {
				b.Title = "No commitments can be judged for " + month
			}
		case "by_mission":
			b.Title = "Delivery by national mission, " + month
			if top := worst(r.Data["by_mission"], "mission"); top != "" {
				b.Title = "Most off-track commitments: " + top
			}
		case "by_trust":
			b.Title = "On-track commitments by trust, " + month
		case "trend":
			b.Title = trendTitle(r.Data["trend"])
		}
	}
}

func worst(res *spec.Result, label string) string {
	if res == nil {
		return ""
	}
	best, name := int64(0), ""
	for _, row := range res.Rows {
		if n, ok := row[res.Col("red")].(int64); ok && n > best {
			best, name = n, fmt.Sprint(row[res.Col(label)])
		}
	}
	if name == "" {
		return ""
	}
	return fmt.Sprintf("%s (%d red)", name, best)
}

func trendTitle(res *spec.Result) string {
	if res == nil || len(res.Rows) < 2 {
		return "Share of commitments on track by month"
	}
	c := res.Col("on_track_pct")
	first, ok1 := res.Rows[0][c].(float64)
	last, ok2 := res.Rows[len(res.Rows)-1][c].(float64)
	if !ok1 || !ok2 {
		return "Share of commitments on track by month"
	}
	switch d := last - first; {
	case d >= 2:
		return fmt.Sprintf("On-track share rose from %.0f%% to %.0f%% over %d months", first, last, len(res.Rows))
	case d <= -2:
		return fmt.Sprintf("On-track share fell from %.0f%% to %.0f%% over %d months", first, last, len(res.Rows))
	}
	return fmt.Sprintf("On-track share steady at about %.0f%% over %d months", last, len(res.Rows))
}
