// Package infosheet holds the mark svhub puts on the sheets of its workbooks
// that carry information for the reader (instructions, commitments,
// drop-down lists), not data. The writers (return templates, hub log) set it
// and the ingest reads it, so it lives below both.
package infosheet

// Name is the sheet-scoped defined name that marks a sheet as information
// only: the ingest passes over such a sheet instead of reporting it as
// unrecognised.
const Name = "svhub_info"
