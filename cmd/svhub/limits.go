package main

import (
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/internal/config"
)

// limitsFrom reads the input limits from the configuration ([limits] in
// svhub.toml, SVHUB_LIMITS_*, --set limits.NAME=N); their defaults are
// tabular.DefaultLimits.
func limitsFrom(c *config.Config) tabular.Limits {
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
