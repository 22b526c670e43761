package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/internal/config"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/transform"
)

// ingestOptions completes o with what the run decides, not the command:
// the reference date, and the file limits and supplier-name check its
// configuration sets (none: the ingest's defaults).
func (d Database) ingestOptions(o ingest.Options) ingest.Options {
	o.Today = d.Today
	if d.Config != nil {
		o.Limits = limits(d.Config)
		o.Suppliers = validate.SupplierCheck(d.Config.Get("ingest.supplier_name_check").Text)
	}
	return o
}

// limits reads the input limits from the configuration ([limits] in
// svhub.toml, SVHUB_LIMITS_*, --set limits.NAME=N); their defaults are
// tabular.DefaultLimits.
func limits(c *config.Config) tabular.Limits {
	return tabular.Limits{
		MaxWorkbookBytes:      int64(c.Int("limits.max_workbook_bytes")),
		MaxSheetXMLBytes:      int64(c.Int("limits.max_sheet_xml_bytes")),
		MaxSharedStringsBytes: int64(c.Int("limits.max_shared_strings_bytes")),
		MaxRows:               c.Int("limits.max_rows"),
		MaxColumns:            c.Int("limits.max_columns"),
		MaxCellChars:          c.Int("limits.max_cell_chars"),
		MaxLineBytes:          c.Int("limits.max_line_bytes"),
		MaxRejectedRows:       c.Int("limits.max_rejected_rows"),
	}
}

// Settings are the settings the configuration gives the views (the ones
// not at their default), by name, as the settings table writes them; the
// export carries them.
func (d Database) Settings() map[string]string {
	out := map[string]string{}
	if d.Config == nil {
		return out
	}
	for _, v := range d.Config.Values() {
		if v.Key.SQLVar && v.Source != config.FromDefault {
			out[v.Key.Name] = v.Text
		}
	}
	return out
}

// Ingest loads paths into db (see ingest.Run) on d's reference date and
// settings. The ingest loads and says what it loaded; the pipeline decides
// when the marts follow: once the load has committed, in a transaction of
// their own (ingest.Result.NeedsRebuild says why not in the load's), only
// for the contracts the load touched (transform.UpdateMarts), so a small
// correction does not cost a rebuild of every mart. The result comes back
// with a failed update's error: the files are loaded.
func Ingest(ctx context.Context, db *store.DB, d Database, paths []string, o ingest.Options) (*ingest.Result, error) {
	return ingestThenMarts(ctx, db, d, paths, o, false)
}

// IngestFull is Ingest followed by a rebuild of every mart whole (svhub
// ingest --full), the path the incremental update must equal.
func IngestFull(ctx context.Context, db *store.DB, d Database, paths []string, o ingest.Options) (*ingest.Result, error) {
	return ingestThenMarts(ctx, db, d, paths, o, true)
}

func ingestThenMarts(ctx context.Context, db *store.DB, d Database, paths []string, o ingest.Options, full bool) (*ingest.Result, error) {
	restore, err := ingestMemory(ctx, db, d)
	if err != nil {
		return nil, err
	}
	defer restore()
	res, err := ingest.Run(ctx, db, paths, d.ingestOptions(o))
	if err != nil || !res.NeedsRebuild {
		return res, err
	}
	touched := transform.Touched(res.Touched)
	touched.All = touched.All || full
	began := time.Now()
	err = transform.UpdateMarts(ctx, db, touched)
	if o.Logger != nil {
		o.Logger.Info("marts rebuilt", "elapsed", time.Since(began).Round(time.Millisecond))
	}
	if err != nil {
		return res, fmt.Errorf("ingest: the files are loaded, but rebuilding the report tables failed (%w); "+
			"reports build them as they run, more slowly, until the next load rebuilds them", err)
	}
	return res, nil
}

// ingestMemory lowers DuckDB's memory limit to ingest_memory_limit for the
// load and the marts after it, until restore: DuckDB's own use goes past
// its limit (a window's state, the allocator), and the rows being read sit
// beside it in Go.
func ingestMemory(ctx context.Context, db *store.DB, d Database) (restore func(), err error) {
	return d.limitMemory(ctx, db, "ingest_memory_limit")
}

// limitMemory lowers DuckDB's memory limit to the size the setting key
// gives (ingest_memory_limit, output_memory_limit), until restore; a blank
// setting, or no settings, leaves memory_limit alone.
func (d Database) limitMemory(ctx context.Context, db *store.DB, key string) (restore func(), err error) {
	if d.Config == nil || d.Config.Get(key).Text == "" {
		return func() {}, nil
	}
	restore, err = db.LimitMemory(ctx, d.Config.Get(key).Text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return restore, nil
}

// Withdraw takes a loaded file's rows out of db (see ingest.Withdraw); the
// set of loaded files changed, so the marts follow, in a transaction of
// their own.
func Withdraw(ctx context.Context, db *store.DB, o ingest.WithdrawOptions) (*ingest.Withdrawal, error) {
	w, err := ingest.Withdraw(ctx, db, o)
	if err != nil {
		return w, err
	}
	if err := transform.RebuildMarts(ctx, db); err != nil {
		return w, fmt.Errorf("withdraw %s: the rows are out, but rebuilding the report tables failed (%w); "+
			"reports build them as they run until the next load", w.File, err)
	}
	return w, nil
}
