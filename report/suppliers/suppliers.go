// Package suppliers writes the per-supplier outputs: one feedback page
// (HTML) and one feedback workbook (Excel) per supplier in scope, named from
// the supplier's name made safe. `svhub report html|excel --per-supplier`
// and the monthly batch (`svhub run`) both call it.
package suppliers

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/safename"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/excel"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/nhs-hubs/svhub/report/spec"
)

// Pages writes one feedback page per supplier in the scope of params into
// dir and returns the paths written. Supplier names are hostile input:
// safename keeps every file inside dir and two suppliers whose safe names
// collide get distinct files.
//
// r is the dashboard already built for params, reused when it has a view
// for every supplier; a dashboard with too many suppliers for a view each
// (or nil) is built again with every supplier's view.
//
// c picks the suppliers (Unset: all of them); a supplier named in c that
// is not in scope is an error (dashboard.ErrBadParams) and nothing is
// written.
func Pages(ctx context.Context, q dashboard.Querier, params dashboard.Params, dir string, r *spec.Report, c Choice) ([]string, error) {
	if c.Mode == None {
		return nil, nil
	}
	if r == nil || r.SuppliersWithoutViews > 0 {
		params.AllSupplierViews = true
		var err error
		if r, err = dashboard.Build(ctx, q, dashboard.Spec(), params); err != nil {
			return nil, err
		}
	}
	pages := dashboard.SupplierReports(r)
	if err := check(c, pages, func(p *spec.Report) string { return p.Scope }); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("supplier pages: %w", err)
	}
	var names safename.Set
	var paths []string
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return paths, err
		}
		if !c.wants(p.Scope) {
			continue
		}
		p.Spec.Blocks = withDeliveryChart(p.Spec.Blocks)
		path, err := safename.Join(dir, names.Name(p.Scope)+".html")
		if err != nil {
			return paths, fmt.Errorf("supplier page for %q: %w", p.Scope, err)
		}
		if err := atomicfile.Write(path, func(w io.Writer) error { return html.RenderWith(w, p, pageOptions) }); err != nil {
			return paths, fmt.Errorf("supplier page for %q: %w", p.Scope, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// pageOptions: a supplier's page is read by the supplier, not presented at
// the hub's forum, and travels by email: its chart is drawn in HTML, with
// no copy of the chart library (664 KB) in every page (issue 24).
var pageOptions = html.Options{NoForum: true, InlineCharts: true}

// deliveryChart shows each commitment's delivery against what was expected
// by the reporting month, in the order of the commitments table (worst
// first); each bar is named by the commitment, its contract, trust and
// status, and coloured by its status.
var deliveryChart = spec.Block{ID: "your_delivery", Kind: spec.Bar, Horizontal: true, Query: "supplier_commitments",
	Title:    "What you have delivered against what was expected",
	Subtitle: "Each commitment: delivered to date as a share of what was expected by the reporting month (100% is on target), worst first",
	X:        "measure_name", ValueLabels: true,
	Y: []spec.Column{{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio}},
	Columns: []spec.Column{
		{Name: "measure_name", Label: "Commitment", Format: spec.FormatText},
		{Name: "contract_ref", Label: "Contract", Format: spec.FormatText},
		{Name: "trust", Label: "Trust", Format: spec.FormatText},
		{Name: "delivery_ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
		{Name: "rag", Label: "Status", Format: spec.FormatText, Labels: dashboard.RAGNames},
	}}

// withDeliveryChart puts the delivery chart after the first block (where
// the supplier stands).
func withDeliveryChart(blocks []spec.Block) []spec.Block {
	if len(blocks) == 0 {
		return []spec.Block{deliveryChart}
	}
	out := make([]spec.Block, 0, len(blocks)+1)
	out = append(out, blocks[0], deliveryChart)
	return append(out, blocks[1:]...)
}

// Workbooks writes one feedback workbook per supplier in the scope of params
// into dir and returns the paths written: the queries run once over all
// suppliers, then the result is split. c picks the suppliers, as for Pages.
func Workbooks(ctx context.Context, db dashboard.Querier, params dashboard.Params, dir, generator string, c Choice) ([]string, error) {
	if c.Mode == None {
		return nil, nil
	}
	s, layout := excel.Feedback()
	layout.Generator = generator
	r, err := dashboard.Build(ctx, db, s, params)
	if err != nil {
		return nil, err
	}
	books := excel.SplitBySupplier(r)
	if err := check(c, books, func(b excel.SupplierReport) string { return b.Supplier }); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("feedback workbooks: %w", err)
	}
	var names safename.Set
	var paths []string
	for _, p := range books {
		if err := ctx.Err(); err != nil {
			return paths, err
		}
		if !c.wants(p.Supplier) {
			continue
		}
		path, err := safename.Join(dir, "feedback "+names.Name(p.Supplier)+".xlsx")
		if err != nil {
			return paths, fmt.Errorf("feedback for %q: %w", p.Supplier, err)
		}
		if err := excel.WriteLayout(ctx, path, p.Report, layout); err != nil {
			return paths, fmt.Errorf("feedback for %q: %w", p.Supplier, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
