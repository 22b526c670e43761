package batch

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/export"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/excel"
	"github.com/nhs-hubs/svhub/report/html"
)

// Output names inside OUT/YYYY-MM/.
const (
	DashboardFile = "dashboard.html"
	BoardPackFile = "board-pack.xlsx"
	ExportDir     = "export"
)

// DefaultSteps are the month's outputs, in the order they are written.
func DefaultSteps() []Step {
	return []Step{
		{"dashboard", writeDashboard},
		{"board pack", writeBoardPack},
		{"export", writeExport},
	}
}

// report builds the month's report once; both renderers draw it.
func (e *Env) report(ctx context.Context) error {
	if e.Report != nil {
		return nil
	}
	r, err := dashboard.Build(ctx, e.DB, dashboard.Spec(), dashboard.Params{
		AsOf: e.AsOf, Now: e.Now, Source: "svhub run · " + e.Opts.Inbox,
	})
	if err != nil {
		return err
	}
	e.Report = r
	return nil
}

func writeDashboard(ctx context.Context, e *Env, dir string) error {
	if !html.HasECharts() {
		return html.ErrNoECharts
	}
	if err := e.report(ctx); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, DashboardFile), func(w io.Writer) error { return html.Render(w, e.Report) })
}

func writeBoardPack(ctx context.Context, e *Env, dir string) error {
	if err := e.report(ctx); err != nil {
		return err
	}
	return excel.Write(ctx, filepath.Join(dir, BoardPackFile), e.Report)
}

func writeExport(ctx context.Context, e *Env, dir string) error {
	_, err := export.Write(ctx, e.DB, filepath.Join(dir, ExportDir), export.Options{Format: "parquet", Version: e.Opts.Version, Settings: e.Opts.Settings})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
