package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/report/cellsafe"
	"github.com/nhs-hubs/svhub/report/spec"
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
	res, err := spec.FromRows(rows)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	cols, data := res.Columns, res.Rows
	switch o.format {
	case "csv":
		return writeCSV(a.stdout, cols, data)
	case "json":
		return writeJSON(a.stdout, cols, data)
	}
	return writeTable(a.stdout, cols, data)
}

// cellText renders a value for table and CSV output.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case float64:
		if math.Trunc(x) == x && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', 0, 64)
		}
		// Sums of decimals carry binary noise (12.530000000000001); twelve
		// significant digits is more than any return is precise to.
		return strconv.FormatFloat(x, 'g', 12, 64)
	case float32:
		return cellText(float64(x))
	case []byte:
		return string(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
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
			cells[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(cellText(v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", len(data))
	return err
}

// writeCSV neutralises formula-like text: the file will be opened in Excel.
func writeCSV(w io.Writer, cols []string, data [][]any) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return err
	}
	for _, row := range data {
		rec := make([]string, len(row))
		for i, v := range row {
			if s, ok := v.(string); ok {
				rec[i] = cellsafe.Text(s)
			} else {
				rec[i] = cellText(v)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSON(w io.Writer, cols []string, data [][]any) error {
	out := make([]map[string]any, 0, len(data))
	for _, row := range data {
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			switch x := row[i].(type) {
			case time.Time:
				m[c] = cellText(x)
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
