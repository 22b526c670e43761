package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// The listing commands (config, rules, query, validate) print for a person
// as an aligned table, or for a machine as indented JSON (--format json).

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeListing writes rows as JSON when format is "json", else as a table:
// the header, then the lines body prints (cells separated by tabs).
func writeListing(w io.Writer, format string, rows any, header []string, body func(tw io.Writer)) error {
	if format == "json" {
		return writeJSON(w, rows)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	body(tw)
	return tw.Flush()
}
