package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/termsafe"
	"github.com/nhs-hubs/svhub/report/rowset"
	"github.com/nhs-hubs/svhub/report/spec"
)

type queryOptions struct {
	sql        string
	format     string
	allowFiles []string
}

func newQueryCmd(a *app) *cobra.Command {
	o := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run a read-only SQL query over the database",
		Long: `query runs one SQL statement against the database, opened read-only, and
prints the result to stdout. The stable views are: measures, returns_clean,
rejections, commitment_status, commitment_status_latest, missing_returns,
commitment_flags and rollup_status (see the README).

The SQL cannot read or write other files (COPY ... TO, read_csv, ATTACH)
unless --allow-files names the folder. Text is printed as stored, except
that control characters (terminal escape codes) are shown escaped, as \x1b,
in the table format and whenever the output is a terminal.`,
		Example: helpText("query-examples"),
		Args:    exactArgs(1, "one SQL statement in quotes"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.sql = args[0]
			switch o.format {
			case "table", "csv", "json":
			default:
				return usageErr("--format %q: expected table, csv or json", o.format)
			}
			return runQuery(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "output format: table, csv or json")
	cmd.Flags().StringArrayVar(&o.allowFiles, "allow-files", nil, "let the SQL read and write files under this folder (repeatable); off by default")
	return cmd
}

func runQuery(ctx context.Context, a *app, o *queryOptions) error {
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a.status("reference date %s (%s)", a.usedToday.Format("2 Jan 2006"), a.usedTodayFrom)
	if err := store.RestrictFiles(ctx, db, o.allowFiles); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, o.sql)
	if err != nil {
		return fmt.Errorf("query: %w", store.ExplainFileAccess(err))
	}
	res, err := rowset.Read(rows)
	if err != nil {
		return fmt.Errorf("query: %w", store.ExplainFileAccess(err))
	}
	cols, data := res.Columns, res.Rows
	switch o.format {
	case "csv":
		if termsafe.IsTerminal(a.stdout) {
			res = escapedText(res)
		}
		return rowset.WriteCSV(a.stdout, res)
	case "json":
		var b bytes.Buffer
		if err := writeQueryJSON(&b, cols, data); err != nil {
			return err
		}
		_, err := a.stdout.Write(termsafe.JSON(b.Bytes()))
		return err
	}
	return writeTable(a.stdout, cols, data)
}

// escapedText is res with its text shown safely on a terminal.
func escapedText(res *spec.Result) *spec.Result {
	out := &spec.Result{Columns: make([]string, len(res.Columns)), Rows: make([][]any, len(res.Rows))}
	for i, c := range res.Columns {
		out.Columns[i] = termsafe.Text(c)
	}
	for i, row := range res.Rows {
		r := make([]any, len(row))
		for j, v := range row {
			if s, ok := v.(string); ok {
				v = termsafe.Text(s)
			}
			r[j] = v
		}
		out.Rows[i] = r
	}
	return out
}

func writeTable(w io.Writer, cols []string, data [][]any) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = termsafe.Text(c)
	}
	fmt.Fprintln(tw, strings.Join(heads, "\t"))
	seps := make([]string, len(cols))
	for i, c := range cols {
		seps[i] = strings.Repeat("-", max(len(c), 3))
	}
	fmt.Fprintln(tw, strings.Join(seps, "\t"))
	for _, row := range data {
		cells := make([]string, len(row))
		for i, v := range row {
			// Tabs and newlines in supplier text would break the columns.
			// Escape codes are shown, not obeyed.
			cells[i] = termsafe.Text(strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(rowset.PlainText(v)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", len(data))
	return err
}

func writeQueryJSON(w io.Writer, cols []string, data [][]any) error {
	out := make([]map[string]any, 0, len(data))
	for _, row := range data {
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			switch x := row[i].(type) {
			case time.Time:
				m[c] = rowset.PlainText(x)
			case float64:
				if math.IsNaN(x) || math.IsInf(x, 0) {
					m[c] = nil
				} else {
					m[c] = x
				}
			case []byte:
				m[c] = string(x)
			default:
				m[c] = x
			}
		}
		out = append(out, m)
	}
	return writeJSON(w, out)
}
