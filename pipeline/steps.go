package pipeline

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/ingest/feedback"
	"github.com/nhs-hubs/svhub/internal/safename"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/nhs-hubs/svhub/report/hublog"
	"github.com/nhs-hubs/svhub/report/suppliers"
)

// Output names inside OUT/YYYY-MM/.
const (
	DashboardFile = "dashboard.html"
	BoardPackFile = "board-pack.xlsx"
	ExportDir     = "export"
	// SuppliersDir holds one feedback page and one feedback workbook per
	// supplier the run's --suppliers picks, to send to each supplier.
	SuppliersDir = "suppliers"
)

// DefaultSteps are the month's outputs, in the order they are written.
func DefaultSteps() []Step {
	return []Step{
		{"dashboard", writeDashboard},
		{"board pack", writeBoardPack},
		{"feedback", writeFeedback},
		{"supplier pages", writeSupplierPages},
		{"supplier workbooks", writeSupplierWorkbooks},
		{"export", writeExport},
		{"hub log", writeHubLog},
	}
}

// writeHubLog writes the hub log of the month's open items, for the
// analyst to fill in and drop into the inbox, and a chase letter for each
// supplier with overdue returns that --suppliers picks (report/hublog;
// issue 21): a letter is per-supplier output, like the pages, so the
// national batch writes none unless asked (10,381 letters at England).
func writeHubLog(ctx context.Context, e *Env, dir string) error {
	if err := writeHubLogs(ctx, e, dir); err != nil {
		return err
	}
	if e.Opts.Suppliers.Mode == suppliers.None {
		return nil
	}
	_, err := hublog.LettersFor(ctx, e.DB, dir, e.Opts.Suppliers.Wants)
	return err
}

// writeHubLogs writes one hub log, or one per region when the open items
// span several (the national batch): England's 697,629 open items in one
// sheet would be 47 MB, within two thirds of Excel's row limit, and no one
// analyst's list; each region's team keeps its own, and svhub ingest reads
// each back by its item keys. Each log is streamed from the database, one
// region at a time: holding England's items in Go took the step to 1.4 GB.
func writeHubLogs(ctx context.Context, e *Env, dir string) error {
	items, err := hublog.Stage(ctx, e.DB)
	if err != nil {
		return err
	}
	defer items.Close()
	regions, err := items.Regions(ctx)
	if err != nil {
		return err
	}
	switch len(regions) {
	case 0:
		return hublog.Write(ctx, filepath.Join(dir, hublog.FileName(e.AsOf)), nil, e.AsOf, e.Now)
	case 1:
		return items.WriteRegion(ctx, filepath.Join(dir, hublog.FileName(e.AsOf)), regions[0], e.AsOf, e.Now)
	}
	var names safename.Set // a region's name is the register's text
	for _, r := range regions {
		region := r.Name
		if region != "" {
			region = names.Name(region)
		}
		path, err := safename.Join(dir, hublog.RegionFileName(e.AsOf, region))
		if err != nil {
			return fmt.Errorf("hub log for %s: %w", r.Name, err)
		}
		if err := items.WriteRegion(ctx, path, r, e.AsOf, e.Now); err != nil {
			return err
		}
	}
	return nil
}

// params are the month's report parameters: the whole database, the
// reporting month, and the inbox folder's name (not its path: pages are
// emailed) as the source.
func (e *Env) params() dashboard.Params {
	return dashboard.Params{AsOf: e.AsOf, From: e.Opts.From, To: e.Opts.To, Commentary: e.Opts.Commentary, Now: e.Now, Source: "svhub run · " + filepath.Base(e.Opts.Inbox)}
}

// report builds the month's report once; both renderers draw it.
func (e *Env) report(ctx context.Context) error {
	if e.Report != nil {
		return nil
	}
	r, err := BuildReport(ctx, e.DB, e.params())
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
	return WriteDashboard(filepath.Join(dir, DashboardFile), e.Report, html.Options{})
}

func writeBoardPack(ctx context.Context, e *Env, dir string) error {
	_, err := WriteBoardPack(ctx, e.DB, e.params(), filepath.Join(dir, BoardPackFile), e.Opts.Version)
	return err
}

// writeSupplierPages is the last step that draws the month's report: it
// lets it go, so that it is not held through the export and the hub log
// (a later step that wants it builds it again).
func writeSupplierPages(ctx context.Context, e *Env, dir string) error {
	defer func() { e.Report = nil }()
	if e.Opts.Suppliers.Mode == suppliers.None {
		return nil
	}
	if !html.HasECharts() {
		return html.ErrNoECharts
	}
	if err := e.report(ctx); err != nil {
		return err
	}
	_, err := WriteSupplierPages(ctx, e.DB, e.params(), filepath.Join(dir, SuppliersDir), e.Report, e.Opts.Suppliers)
	return err
}

func writeSupplierWorkbooks(ctx context.Context, e *Env, dir string) error {
	_, err := WriteSupplierWorkbooks(ctx, e.DB, e.params(), filepath.Join(dir, SuppliersDir), e.Opts.Version, e.Opts.Suppliers)
	return err
}

func writeExport(ctx context.Context, e *Env, dir string) error {
	_, err := Export(ctx, e.DB, e.Opts.Database, filepath.Join(dir, ExportDir), "parquet", e.Opts.Version)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// FeedbackDir holds, inside OUT/YYYY-MM/, one workbook per supplier file
// with rejected rows, to send back (ingest/feedback, as `svhub validate
// --feedback`).
const FeedbackDir = "feedback"

// writeFeedback writes a feedback workbook for every file the database
// holds rejected rows of (ingest.Recorded), not only the files this run
// loaded: a run killed after its load committed, or an earlier run's files,
// are written the same as by one clean run. A withdrawn file's workbook
// goes with its rows.
func writeFeedback(ctx context.Context, e *Env, dir string) error {
	rec, err := ingest.Recorded(ctx, e.DB)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	if len(rec.Rejections) == 0 {
		return nil
	}
	_, err = feedback.Write(filepath.Join(dir, FeedbackDir), rec)
	return err
}
