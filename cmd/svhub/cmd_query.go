package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/report/rowset"
)

type queryOptions struct {
	sql    string
	format string
}

func newQueryCmd(a *app) *cobra.Command {
	o := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run a read-only SQL query over the database",
		Long: `query runs one SQL statement against the database, opened read-only, and
prints the result to stdout. The stable views are: measures, returns_clean,
rejections, commitment_status, commitment_status_latest, missing_returns,
commitment_flags and rollup_status (see the README).`,
		Example: `  svhub query "select rag, count(*) from commitment_status_latest group by 1"
  svhub query --format csv "select * from rejections" > rejections.csv
  svhub query --format json "select * from missing_returns order by days_overdue desc limit 10"`,
		Args: exactArgs(1, "one SQL statement in quotes"),
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
	return cmd
}

func runQuery(ctx context.Context, a *app, o *queryOptions) error {
	db, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, o.sql)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	res, err := rowset.Read(rows)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	cols, data := res.Columns, res.Rows
	switch o.format {
	case "csv":
		return rowset.WriteCSV(a.stdout, res)
	case "json":
		return writeJSON(a.stdout, cols, data)
	}
	return writeTable(a.stdout, cols, data)
}

func writeTable(w io.Writer, cols []string, data [][]any) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	seps := make([]string, len(cols))
	for i, c := range cols {
		seps[i] = strings.Repeat("-", max(len(c), 3))
	}
	fmt.Fprintln(tw, strings.Join(seps, "\t"))
	for _, row := range data {
		cells := make([]string, len(row))
		for i, v := range row {
			// Tabs and newlines in supplier text would break the columns.
			cells[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(rowset.PlainText(v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", len(data))
	return err
}

func writeJSON(w io.Writer, cols []string, data [][]any) error {
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
