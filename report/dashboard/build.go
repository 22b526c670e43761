package dashboard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/internal/rusage"
	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
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
	// AllSupplierViews builds a drill-down view for every supplier however
	// many there are (for the per-supplier pages); otherwise a report with
	// more than MaxSupplierViews suppliers has ICS and trust views only.
	AllSupplierViews bool
	// MaxSupplierViews overrides DefaultMaxSupplierViews (0: the default).
	MaxSupplierViews int
	// From and To are the first and last months of the period the
	// financial-year view totals (first days; --period fy2025 is April
	// 2025 to March 2026). Zero: the financial year of the reporting month,
	// to that month. With To set and AsOf zero, the report's month is To,
	// or the latest month with data if To is later.
	From, To time.Time
	// Commentary is the analyst's text for the board pack's Summary.
	Commentary string
}

// FinancialYear is the NHS financial year that starts in April of year:
// fy2025 is April 2025 to March 2026.
func FinancialYear(year int) (from, to time.Time) {
	from = time.Date(year, time.April, 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, 11, 0)
}

// FinancialYearOf is the financial year a month falls in (its April).
func FinancialYearOf(m time.Time) int {
	if m.Month() < time.April {
		return m.Year() - 1
	}
	return m.Year()
}

// periodOf fills a period's defaults: the financial year of the
// reporting month, up to that month.
func periodOf(p Params) (from, to time.Time) {
	from, to = p.From, p.To
	if to.IsZero() {
		to = p.AsOf
	}
	if from.IsZero() {
		from, _ = FinancialYear(FinancialYearOf(to))
	}
	return from, to
}

// DefaultMaxSupplierViews is the most suppliers a dashboard carries a drill-down
// view for: each is ~2–3 KB of compressed page (it holds the rows its lists
// show), so 300 add under 1 MB, while a national file's 13,000 suppliers
// would add ~35 MB. Above it, the page says how to get one supplier's view
// (--supplier, --per-supplier).
const DefaultMaxSupplierViews = 300

// Querier is what Build needs from the database.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Build runs the report's queries for a month and scope, splits every
// result into the drill-down views inside that scope, and fills in the
// headline that states each block's message in each view.
func Build(ctx context.Context, q Querier, s *spec.Spec, p Params) (*spec.Report, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("report spec: %w", err)
	}
	p, from, to, err := resolvePeriod(ctx, q, p)
	if err != nil {
		return nil, err
	}
	scope, err := describeScope(ctx, q, p)
	if err != nil {
		return nil, err
	}
	reporting, err := reportingMonth(ctx, q)
	if err != nil {
		return nil, err
	}
	base := []any{sql.Named("as_of", p.AsOf), sql.Named("reporting_month", reporting), sql.Named("region", p.Region), sql.Named("ics", p.ICS), sql.Named("trust", p.Trust), sql.Named("supplier", p.Supplier), sql.Named("drill", !s.NoDrillDown), sql.Named("from", from), sql.Named("to", to)}
	supplierViews, suppliers, err := withSupplierViews(ctx, q, s, p, base)
	if err != nil {
		return nil, err
	}
	args := append(base, sql.Named("supplier_views", supplierViews))
	scopes, err := listScopes(ctx, q, args)
	if err != nil {
		return nil, err
	}
	if err := fillViews(ctx, q, s.Queries, args, scopes); err != nil {
		return nil, err
	}
	writeHeadlines(s, scopes, p.AsOf)
	r := &spec.Report{Spec: s, Data: scopes[0].Data, AsOf: p.AsOf, Scope: scope, GeneratedAt: p.Now, Source: p.Source, Scopes: scopes, Commentary: p.Commentary}
	if !s.NoDrillDown && !supplierViews {
		r.SuppliersWithoutViews = suppliers
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// resolvePeriod fills the reporting month (checked against the data) and
// the period the financial-year view totals.
func resolvePeriod(ctx context.Context, q Querier, p Params) (_ Params, from, to time.Time, err error) {
	asOf, err := checkMonth(ctx, q, p.AsOf)
	if err != nil {
		return p, from, to, err
	}
	if p.AsOf.IsZero() && !p.To.IsZero() && p.To.Before(asOf) {
		// a past period: the report's month is its last
		if asOf, err = checkMonth(ctx, q, p.To); err != nil {
			return p, from, to, err
		}
	}
	p.AsOf = asOf
	from, to = periodOf(p)
	if to.Before(from) {
		return p, from, to, fmt.Errorf("%w: the period ends (%s) before it starts (%s)", ErrBadParams, to.Format("Jan 2006"), from.Format("Jan 2006"))
	}
	return p, from, to, nil
}

// withSupplierViews decides whether the drill-down views include one per
// supplier, and counts the suppliers when the count decides: a report
// without drill-downs (the board pack) or one asked for every supplier's
// view needs no extra query.
func withSupplierViews(ctx context.Context, q Querier, s *spec.Spec, p Params, args []any) (views bool, suppliers int, err error) {
	if s.NoDrillDown || p.AllSupplierViews {
		return !s.NoDrillDown, 0, nil
	}
	if suppliers, err = countSuppliers(ctx, q, args); err != nil {
		return false, 0, err
	}
	most := p.MaxSupplierViews
	if most <= 0 {
		most = DefaultMaxSupplierViews
	}
	return suppliers <= most, suppliers, nil
}

// fillViews runs each query once and files its rows (each part's, for a
// query with Parts) under the views they belong to.
func fillViews(ctx context.Context, q Querier, queries []spec.Query, args []any, scopes []spec.Scope) error {
	byID := map[string]*spec.Scope{}
	for i := range scopes {
		scopes[i].Data = map[string]*spec.Result{}
		scopes[i].Titles = map[string]string{}
		byID[scopes[i].ID] = &scopes[i]
	}
	for _, qu := range queries {
		parts, err := runQuery(ctx, q, qu, args)
		if err != nil {
			return fmt.Errorf("report query %s: %w", qu.Name, err)
		}
		for name, part := range parts {
			if err := splitByScope(name, part, scopes, byID); err != nil {
				return err
			}
		}
	}
	return nil
}

// runQuery runs one query with the report's parameters and its own, and
// returns its result under its name, or under each of its Parts.
func runQuery(ctx context.Context, q Querier, qu spec.Query, args []any) (map[string]*spec.Result, error) {
	start, cpu := time.Now(), rusage.CPU()
	read := run
	if qu.Stream {
		read = stream
	}
	res, err := read(ctx, q, qu.Text(), withArgs(args, qu.Args))
	if err != nil {
		return nil, err
	}
	slog.InfoContext(ctx, "report query", "name", qu.Name, "rows", len(res.Rows), "ms", time.Since(start).Milliseconds(),
		"cpu_ms", (rusage.CPU() - cpu).Milliseconds())
	if len(qu.Parts) == 0 {
		return map[string]*spec.Result{qu.Name: res}, nil
	}
	return splitParts(res, qu.Parts)
}

// writeHeadlines states each block's message in each view. The "how to
// read" texts state the settings in force (RAG thresholds from
// report_settings), not the defaults they were written with.
func writeHeadlines(s *spec.Spec, scopes []spec.Scope, asOf time.Time) {
	if s.TextQuery != "" {
		for i := range s.Blocks {
			s.Blocks[i].Text = spec.FillText(s.Blocks[i].Text, scopes[0].Data[s.TextQuery])
			s.Blocks[i].Subtitle = spec.FillText(s.Blocks[i].Subtitle, scopes[0].Data[s.TextQuery])
		}
	}
	for i := range scopes {
		for _, b := range s.Blocks {
			if res, ok := scopes[i].Data[b.Query]; ok || i == 0 {
				scopes[i].Titles[b.ID] = b.HeadlineFor(res, asOf)
			}
		}
	}
	for i := range s.Blocks {
		s.Blocks[i].Title = scopes[0].Titles[s.Blocks[i].ID]
	}
}

// withArgs adds a query's own parameters (spec.Query.Args) to the report's,
// in name order.
func withArgs(args []any, own map[string]any) []any {
	if len(own) == 0 {
		return args
	}
	out := append([]any(nil), args...)
	for _, n := range slices.Sorted(maps.Keys(own)) {
		out = append(out, sql.Named(n, own[n]))
	}
	return out
}

// countSuppliers counts the suppliers with contracts in the report's scope.
func countSuppliers(ctx context.Context, q Querier, args []any) (int, error) {
	res, err := run(ctx, q, sqlfiles.Report("dashboard/supplier_count"), args)
	if err != nil {
		return 0, fmt.Errorf("count suppliers: %w", err)
	}
	n, _ := res.Rows[0][0].(int64)
	return int(n), nil
}

// listScopes names the drill-down views: the whole file, then each ICS,
// trust and supplier with contracts in it, each kind in name order.
func listScopes(ctx context.Context, q Querier, args []any) ([]spec.Scope, error) {
	res, err := run(ctx, q, sqlfiles.Report("dashboard/scopes"), args)
	if err != nil {
		return nil, fmt.Errorf("list drill-down scopes: %w", err)
	}
	scopes := []spec.Scope{{ID: "all", Kind: "all", Label: "Everything in this report"}}
	for _, row := range res.Rows {
		id, _ := row[0].(string)
		label, _ := row[1].(string)
		kind, _ := row[2].(string)
		if label == "" {
			label = strings.SplitN(id, ":", 2)[1]
		}
		scopes = append(scopes, spec.Scope{ID: id, Kind: kind, Label: label})
	}
	return scopes, nil
}

// splitByScope files each row of a query result under its scope, without
// the scope column; every scope gets a result, empty if it has no rows. A
// query with no scope column (a board-pack sheet) is the whole report's.
//
// A capped list's scope_rows column (spec.ScopeRows: the scope's rows
// before SQL kept the first) becomes each scope's Result.Total and is
// dropped, so the views' columns are the query's own.
func splitByScope(name string, res *spec.Result, scopes []spec.Scope, byID map[string]*spec.Scope) error {
	si, ti := res.Col("scope"), res.Col(spec.ScopeRows)
	keep := make([]int, 0, len(res.Columns))
	cols := make([]string, 0, len(res.Columns))
	for i, c := range res.Columns {
		if i != si && i != ti {
			keep, cols = append(keep, i), append(cols, c)
		}
	}
	if si < 0 && ti < 0 {
		scopes[0].Data[name] = res
		return nil
	}
	if si < 0 {
		out := &spec.Result{Columns: cols}
		for _, row := range res.Rows {
			out.Rows = append(out.Rows, pick(row, keep))
		}
		if ti >= 0 && len(res.Rows) > 0 {
			out.Total = total(res.Rows[0][ti])
		}
		scopes[0].Data[name] = out
		return nil
	}
	for i := range scopes {
		scopes[i].Data[name] = &spec.Result{Columns: cols}
	}
	for _, row := range res.Rows {
		id, _ := row[si].(string)
		sc, ok := byID[id]
		if !ok {
			continue // a scope with returns due but no contracts in the register: not a view
		}
		d := sc.Data[name]
		if ti >= 0 && len(d.Rows) == 0 {
			d.Total = total(row[ti])
		}
		d.Rows = append(d.Rows, pick(row, keep))
	}
	return nil
}

func pick(row []any, keep []int) []any {
	out := make([]any, len(keep))
	for j, i := range keep {
		out[j] = row[i]
	}
	return out
}

// total reads a scope_rows cell (BIGINT from count(*)).
func total(v any) int {
	n, _ := v.(int64)
	return int(n)
}

// splitParts files each row of a Parts query under the result its part
// column names, without that column; every part gets a result.
func splitParts(res *spec.Result, parts []string) (map[string]*spec.Result, error) {
	pi := res.Col(spec.PartColumn)
	if pi < 0 {
		return nil, fmt.Errorf("a query with parts needs a %q column", spec.PartColumn)
	}
	keep := make([]int, 0, len(res.Columns)-1)
	cols := make([]string, 0, len(res.Columns)-1)
	for i, c := range res.Columns {
		if i != pi {
			keep, cols = append(keep, i), append(cols, c)
		}
	}
	out := map[string]*spec.Result{}
	for _, p := range parts {
		out[p] = &spec.Result{Columns: cols}
	}
	for _, row := range res.Rows {
		name, _ := row[pi].(string)
		r, ok := out[name]
		if !ok {
			return nil, fmt.Errorf("a row of part %q, which the query does not declare", name)
		}
		r.Rows = append(r.Rows, pick(row, keep))
	}
	return out, nil
}

// stream runs a Stream query's head and count, and leaves the rows to be
// read again by the renderer (spec.Query.Stream): the board pack's Data
// sheet held every commitment in memory, half a million rows at England.
func stream(ctx context.Context, q Querier, query string, args []any) (*spec.Result, error) {
	res, err := run(ctx, q, query+"\nlimit "+fmt.Sprint(spec.StreamHead), args)
	if err != nil {
		return nil, err
	}
	if res.Col("scope") >= 0 || res.Col(spec.ScopeRows) >= 0 {
		return nil, fmt.Errorf("a streamed query is the whole report's: it has no scope or %s column", spec.ScopeRows)
	}
	var n int64
	if err := q.QueryRowContext(ctx, `select count(*) from (`+query+`)`, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("count rows: %w", err)
	}
	res.Total = int(n)
	res.Stream = func(ctx context.Context, each func(row []any) error) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		return rowset.Each(rows, nil, each)
	}
	return res, nil
}

func run(ctx context.Context, q Querier, query string, args []any) (*spec.Result, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rowset.Read(rows)
}

// reportingMonth reads the month the marts' *_latest tables hold (NULL
// when none): a query reads those for it and counts any other month's rows
// (rag_breakdown in sql/reports/metrics.sql), and a parameter, not a table,
// lets DuckDB leave out the part that has no rows.
func reportingMonth(ctx context.Context, q Querier) (sql.NullTime, error) {
	var m sql.NullTime
	if err := q.QueryRowContext(ctx, sqlfiles.Report("dashboard/reporting_month")).Scan(&m); err != nil {
		return m, fmt.Errorf("read the reporting month: %w", err)
	}
	return m, nil
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
	if err := q.QueryRowContext(ctx, sqlfiles.Report("dashboard/months")).Scan(&first, &last); err != nil {
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
	for _, f := range []struct{ label, value string }{
		{"region", p.Region}, {"ICS", p.ICS}, {"trust", p.Trust}, {"supplier", p.Supplier},
	} {
		if f.value == "" {
			continue
		}
		var name sql.NullString
		var n int
		if err := q.QueryRowContext(ctx, sqlfiles.Report("dashboard/scope_name"), sql.Named("level", f.label), sql.Named("value", f.value)).Scan(&name, &n); err != nil {
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
	rows, err := q.QueryContext(ctx, sqlfiles.Report("dashboard/regions"))
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
