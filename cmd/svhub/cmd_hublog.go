package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nhs-hubs/svhub/report/hublog"
)

// runHubLogTemplate writes the hub log workbook of the reporting month into
// dir (svhub template --hub-log).
func runHubLogTemplate(ctx context.Context, a *app, dir string) error {
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	items, err := hublog.Load(ctx, db)
	if err != nil {
		return err
	}
	var month = a.now()
	if err := db.QueryRowContext(ctx, `select reporting_month from int_reporting_month`).Scan(&month); err != nil {
		return fmt.Errorf("hub log: read the reporting month: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("hub log: %w", err)
	}
	path := filepath.Join(dir, hublog.FileName(month))
	if err := hublog.Write(ctx, path, items, month, a.now()); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, path)
	letters, err := hublog.Letters(ctx, db, dir)
	if err != nil {
		return err
	}
	for _, l := range letters {
		fmt.Fprintln(a.stdout, l)
	}
	a.status("wrote the hub log for %s to %s (%d open items) and %d chase letter(s)", month.Format("January 2006"), path, len(items), len(letters))
	return nil
}
