package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/shownpath"
	"github.com/nhs-hubs/svhub/pipeline"
	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/html"
	"github.com/nhs-hubs/svhub/report/spec"
	"github.com/nhs-hubs/svhub/report/suppliers"
)

type reportOptions struct {
	format   string // html or excel
	asOf     string
	out      string
	region   string
	ics      string
	trust    string
	supplier string
	present  bool   // html: open in forum mode
	perSupp  string // html: also write one feedback page per supplier here
	// perSupplier: write a feedback workbook per supplier into this folder
	// instead of the board pack (excel only), or as well when --out is given
	perSupplier string
	outGiven    bool // --out was given, not left at its default
	period      periodFlags
	commentary  string   // excel: a text file for the Summary's commentary box
	suppliers   []string // --suppliers: which suppliers --per-supplier writes
}

func newReportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report html|excel",
		Short: "Write the monthly delivery dashboard (HTML) or board pack (Excel)",
		Long: `report writes the monthly social-value delivery report for a reporting
month and scope: a self-contained HTML dashboard (works offline, from an
email or a shared drive) or an Excel board pack with native charts.
--as-of defaults to the reporting month: the latest month with any return.`,
		Example: `  svhub report html --out dashboard.html
  svhub report excel --as-of 2026-06 --ics QWO --out board-pack-QWO.xlsx`,
		// A format that is not a subcommand ("report pdf --out x.pdf") is a
		// usage error naming the formats, not help with exit 0 or a
		// complaint about --out.
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("%s: missing the format: html or excel (see `%s --help`)", cmd.CommandPath(), cmd.CommandPath())
			}
			hint := ""
			if strings.EqualFold(args[0], "pdf") {
				hint = "; for a PDF, print the HTML dashboard from a browser (it is laid out for A4)"
			}
			return usageErr("%s: unknown format %q: expected html or excel%s", cmd.CommandPath(), args[0], hint)
		},
	}
	for _, format := range []string{"html", "excel"} {
		o := &reportOptions{format: format}
		def := map[string]string{"html": "dashboard.html", "excel": "board-pack.xlsx"}[format]
		sub := &cobra.Command{
			Use:   format,
			Short: map[string]string{"html": "Self-contained HTML dashboard", "excel": "Excel board pack with native charts"}[format],
			Example: map[string]string{
				"html":  "  svhub report html --as-of 2026-09 --out dashboard.html\n  svhub report html --trust RR8 --out rr8.html\n  svhub report html --present --out forum.html\n  svhub report html --per-supplier feedback/",
				"excel": "  svhub report excel --as-of 2026-09 --out board-pack.xlsx\n  svhub report excel --region Y63 --out ney.xlsx\n  svhub report excel --per-supplier feedback/\n  svhub report excel --out board-pack.xlsx --per-supplier feedback/   # both",
			}[format],
			Args: exactArgs(0, "no arguments"),
			RunE: func(cmd *cobra.Command, args []string) error {
				o.outGiven = cmd.Flags().Changed("out")
				return runReport(cmd.Context(), a, o)
			},
		}
		f := sub.Flags()
		f.StringVar(&o.asOf, "as-of", "", "reporting month, YYYY-MM (default: the latest month with returns)")
		f.StringVarP(&o.out, "out", "o", def, "output file")
		f.StringVar(&o.region, "region", "", "only this NHS region code")
		f.StringVar(&o.ics, "ics", "", "only this ICS code")
		f.StringVar(&o.trust, "trust", "", "only this trust (ODS code)")
		f.StringVar(&o.supplier, "supplier", "", "only this supplier name")
		f.StringVar(&o.period.period, "period", "", periodHelp)
		f.StringVar(&o.period.from, "from", "", "first month of the period to total, YYYY-MM (with --to)")
		f.StringVar(&o.period.to, "to", "", "last month of the period to total, YYYY-MM; without --as-of, also the report's month")
		if format == "html" {
			f.BoolVar(&o.present, "present", false, "open in forum mode: one chart per screen, large type, arrow keys to move")
			f.StringVar(&o.perSupp, "per-supplier", "", "also write one feedback page per supplier into this folder")
		}
		if format == "excel" {
			f.StringVar(&o.perSupplier, "per-supplier", "", "write one feedback workbook per supplier into this folder: instead of the board pack, or as well with --out")
			f.StringVar(&o.commentary, "commentary", "", "a UTF-8 text file whose words go in the Summary's commentary box (default: an empty box to type in)")
		}
		f.StringArrayVar(&o.suppliers, "suppliers", nil, suppliersHelp+", with --per-supplier (default: all)")
		cmd.AddCommand(sub)
	}
	return cmd
}

func parseMonth(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return t, usageErr("--as-of %q: expected a month as YYYY-MM, e.g. 2026-09", s)
	}
	return t, nil
}

func runReport(ctx context.Context, a *app, o *reportOptions) error {
	params, err := o.params()
	if err != nil {
		return err
	}
	if o.format == "html" && !html.HasECharts() {
		return html.ErrNoECharts
	}
	sup, err := o.supplierChoice()
	if err != nil {
		return err
	}
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// The file name only: the page is emailed, the analyst's folders are not.
	params.Now, params.Source = a.now().UTC(), "svhub "+svhubVersion()+" · "+filepath.Base(a.dbPath)
	if o.perSupplier != "" {
		n, err := writeSupplierFeedback(ctx, db, params, o.perSupplier, sup, a)
		if err != nil {
			return usageIfBadParams(err)
		}
		a.status("wrote %d supplier feedback workbook(s) to %s", n, o.perSupplier)
		if !o.outGiven {
			return nil
		}
		// --out given too: the board pack as well, as `report html` writes
		// the dashboard beside its pages (it was ignored without a word).
	}
	r, err := o.write(ctx, db, params)
	if err != nil {
		return usageIfBadParams(err)
	}
	a.status("wrote %s (%s, reporting month %s)", shownpath.Slash(o.out), sizeOf(o.out), r.AsOf.Format("Jan 2006"))
	if o.perSupp != "" {
		paths, err := pipeline.WriteSupplierPages(ctx, db, params, o.perSupp, r, sup)
		if err != nil {
			return usageIfBadParams(err)
		}
		a.status("wrote %d supplier feedback pages to %s", len(paths), o.perSupp)
	}
	return nil
}

// params reads the report's flags: the month, the scope, the period, the
// commentary file.
func (o *reportOptions) params() (dashboard.Params, error) {
	asOf, err := parseMonth(o.asOf)
	if err != nil {
		return dashboard.Params{}, err
	}
	from, to, err := o.period.parse()
	if err != nil {
		return dashboard.Params{}, err
	}
	commentary, err := readCommentary(o.commentary)
	if err != nil {
		return dashboard.Params{}, err
	}
	return dashboard.Params{AsOf: asOf, Region: o.region, ICS: o.ics, Trust: o.trust, Supplier: o.supplier, From: from, To: to, Commentary: commentary}, nil
}

// write writes the board pack or the dashboard to --out.
func (o *reportOptions) write(ctx context.Context, db dashboard.Querier, params dashboard.Params) (*spec.Report, error) {
	if o.format == "excel" {
		return pipeline.WriteBoardPack(ctx, db, params, o.out, svhubVersion())
	}
	r, err := pipeline.BuildReport(ctx, db, params)
	if err != nil {
		return nil, err
	}
	return r, pipeline.WriteDashboard(o.out, r, html.Options{Present: o.present})
}

// suppliersHelp is --suppliers' help, on run and report.
const suppliersHelp = `which suppliers get a page and a workbook of their own: all (every supplier in scope), none, or a supplier's name (repeat the flag, or separate names with "|")`

// supplierChoice reads --suppliers, which only picks among the suppliers
// --per-supplier writes (default: all of them in scope).
func (o *reportOptions) supplierChoice() (suppliers.Choice, error) {
	sup, err := suppliers.ParseChoice(o.suppliers)
	if err != nil {
		return sup, usageErr("%v", err)
	}
	if sup.Mode != suppliers.Unset && o.perSupp == "" && o.perSupplier == "" {
		return sup, usageErr("--suppliers picks the suppliers --per-supplier writes; give --per-supplier DIR too")
	}
	if sup.Mode == suppliers.Unset {
		sup.Mode = suppliers.All
	}
	return sup, nil
}

// usageIfBadParams makes parameters the database cannot answer (a scope
// it does not hold) a usage error, exit 2.
func usageIfBadParams(err error) error {
	if errors.Is(err, dashboard.ErrBadParams) {
		return &exitError{exitUsage, err}
	}
	return err
}

// writeSupplierFeedback writes one feedback workbook per supplier in scope
// into dir and lists them on stdout.
func writeSupplierFeedback(ctx context.Context, db dashboard.Querier, params dashboard.Params, dir string, sup suppliers.Choice, a *app) (int, error) {
	paths, err := pipeline.WriteSupplierWorkbooks(ctx, db, params, dir, svhubVersion(), sup)
	for _, p := range paths {
		fmt.Fprintln(a.stdout, p)
	}
	return len(paths), err
}

func sizeOf(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	n := float64(st.Size())
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", n/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", n/(1<<10))
	}
	return fmt.Sprintf("%d bytes", st.Size())
}
