package pipeline

import (
	"context"
	"io"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/excel"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/report/suppliers"
)

// The month's reports, written the same way by `svhub run`'s steps and by
// the single commands (`report`, `demo`).

// BuildReport runs the dashboard's queries for p: the report the HTML
// dashboard and the supplier pages draw.
func BuildReport(ctx context.Context, db dashboard.Querier, p dashboard.Params) (*spec.Report, error) {
	return dashboard.Build(ctx, db, dashboard.Spec(), p)
}

// WriteDashboard renders r as the self-contained HTML dashboard at path.
func WriteDashboard(path string, r *spec.Report, o html.Options) error {
	if !html.HasECharts() {
		return html.ErrNoECharts
	}
	return atomicfile.Write(path, func(w io.Writer) error { return html.RenderWith(w, r, o) })
}

// WriteBoardPack builds the board pack's own queries and sheets (not the
// dashboard's blocks laid out as sheets) for p and writes it to path;
// version names the svhub that wrote it.
func WriteBoardPack(ctx context.Context, db dashboard.Querier, p dashboard.Params, path, version string) (*spec.Report, error) {
	return excel.WriteBoardPack(ctx, db, p, path, "svhub "+version)
}

// WriteSupplierPages writes one feedback page per supplier in scope that
// c picks into dir, drawn from r.
func WriteSupplierPages(ctx context.Context, db dashboard.Querier, p dashboard.Params, dir string, r *spec.Report, c suppliers.Choice) ([]string, error) {
	if !html.HasECharts() {
		return nil, html.ErrNoECharts
	}
	return suppliers.Pages(ctx, db, p, dir, r, c)
}

// WriteSupplierWorkbooks writes one feedback workbook per supplier in
// scope that c picks into dir.
func WriteSupplierWorkbooks(ctx context.Context, db dashboard.Querier, p dashboard.Params, dir, version string, c suppliers.Choice) ([]string, error) {
	return suppliers.Workbooks(ctx, db, p, dir, "svhub "+version, c)
}
