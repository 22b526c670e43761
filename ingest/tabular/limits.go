package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Limits bound what one input file may cost. Supplier files are hostile
// input: a 1.5 MB .xlsx can hold 1.5 GB of sheet XML (a zip bomb), and a
// CSV can be 200 MB of one line. Each limit is checked before the work it
// guards is done (workbook sizes from the zip's central directory, before
// anything is decompressed) and is named in its error, so an analyst can
// raise it for a file that is big for a good reason.
type Limits struct {
	// MaxWorkbookBytes caps the decompressed size of all parts of an .xlsx.
	MaxWorkbookBytes int64
	// MaxSheetXMLBytes caps the decompressed size of any one part (a sheet's
	// XML is the part that grows with the data).
	MaxSheetXMLBytes int64
	// MaxSharedStringsBytes caps the shared-string table, which is held in
	// memory while a workbook's sheets are read.
	MaxSharedStringsBytes int64
	// MaxRows caps the rows of one sheet (or csv file), counted as a person
	// sees them. Excel's own limit is 1,048,576.
	MaxRows int
	// MaxColumns caps the cells of one row. Excel's own limit is 16,384.
	MaxColumns int
	// MaxCellChars caps the characters in one cell: Excel's own limit is
	// 32,767, so a longer cell did not come from a spreadsheet.
	MaxCellChars int
	// MaxLineBytes caps one physical line of a csv file.
	MaxLineBytes int
	// MaxRejectedRows is how many rows of one file may be rejected before
	// the file is refused as not a returns file (the rest is not read).
	MaxRejectedRows int
}

// DefaultLimits are generous for any real monthly return (the largest
// synthetic region's files are a few MB) and small enough that a hostile
// file is refused in well under a second and 100 MB of memory.
func DefaultLimits() Limits {
	return Limits{
		MaxWorkbookBytes:      1 << 30,   // 1 GiB
		MaxSheetXMLBytes:      256 << 20, // 256 MiB
		MaxSharedStringsBytes: 128 << 20, // 128 MiB
		MaxRows:               1_048_576,
		MaxColumns:            16_384,
		MaxCellChars:          32_767,
		MaxLineBytes:          1 << 20, // 1 MiB
		MaxRejectedRows:       1_000,
	}
}

// WithDefaults fills zero fields from DefaultLimits, so a caller can set
// only the limits it cares about.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	set64 := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set64(&l.MaxWorkbookBytes, d.MaxWorkbookBytes)
	set64(&l.MaxSheetXMLBytes, d.MaxSheetXMLBytes)
	set64(&l.MaxSharedStringsBytes, d.MaxSharedStringsBytes)
	set(&l.MaxRows, d.MaxRows)
	set(&l.MaxColumns, d.MaxColumns)
	set(&l.MaxCellChars, d.MaxCellChars)
	set(&l.MaxLineBytes, d.MaxLineBytes)
	set(&l.MaxRejectedRows, d.MaxRejectedRows)
	return l
}

// ErrLimit is wrapped by every *LimitError.
var ErrLimit = errors.New("over a limit")

// LimitError says which limit a file went over, where, and how to raise it.
type LimitError struct {
	Path  string
	Where string // `sheet "Returns" row 12`, or "" for the whole file
	What  string // "decompressed sheet XML", "cell text"
	Name  string // the setting's name, e.g. "max_sheet_xml_bytes"
	Got   int64  // how much was found (or at least how much, when reading stopped)
	Max   int64
	Unit  string // "bytes", "rows", "characters"
}

func (e *LimitError) Error() string {
	where := e.Path
	if e.Where != "" {
		where += ", " + e.Where
	}
	got := fmt.Sprintf("%s %s", group(e.Got), e.Unit)
	if e.Unit == "bytes" {
		got = size(e.Got)
	}
	max := fmt.Sprintf("%s %s", group(e.Max), e.Unit)
	if e.Unit == "bytes" {
		max = size(e.Max)
	}
	return fmt.Sprintf("%s: %s is %s, over the limit of %s (limits.%s); the file was not read. If it is a real return, split it, or raise limits.%s in svhub.toml or with --set",
		where, e.What, got, max, e.Name, e.Name)
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// checkWorkbook reads only the zip's central directory and refuses a
// workbook whose parts would decompress past the limits. archive/zip fails
// a part that inflates past the size its directory entry declares, so the
// declared sizes are binding. A file that is not a zip is left to the
// normal open path, which explains what it is.
func (l Limits) checkWorkbook(path string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil
	}
	defer z.Close()
	var total uint64
	for _, f := range z.File {
		n := f.UncompressedSize64
		if strings.HasSuffix(strings.ToLower(f.Name), "sharedstrings.xml") && n > uint64(l.MaxSharedStringsBytes) {
			return &LimitError{Path: path, Where: "part " + f.Name, What: "the shared-string table", Name: "max_shared_strings_bytes", Got: clamp(n), Max: l.MaxSharedStringsBytes, Unit: "bytes"}
		}
		if n > uint64(l.MaxSheetXMLBytes) {
			return &LimitError{Path: path, Where: "part " + f.Name, What: "decompressed sheet XML", Name: "max_sheet_xml_bytes", Got: clamp(n), Max: l.MaxSheetXMLBytes, Unit: "bytes"}
		}
		total += n
		if total > uint64(l.MaxWorkbookBytes) || total < n {
			return &LimitError{Path: path, What: "the decompressed workbook", Name: "max_workbook_bytes", Got: clamp(total), Max: l.MaxWorkbookBytes, Unit: "bytes"}
		}
	}
	return nil
}

func clamp(n uint64) int64 {
	if n > 1<<62 {
		return 1 << 62
	}
	return int64(n)
}

// guard wraps a row callback with the per-row limits, so both readers are
// bounded by the same rules, and shows invalid UTF-8 as U+FFFD (�).
func (l Limits) guard(path, sheet string, fn func(Row) error) func(Row) error {
	where := func(r Row) string {
		if sheet == "" {
			return fmt.Sprintf("row %d", r.Number)
		}
		return fmt.Sprintf("sheet %q row %d", sheet, r.Number)
	}
	return func(r Row) error {
		if r.Number > l.MaxRows {
			return &LimitError{Path: path, Where: where(r), What: "the number of rows", Name: "max_rows", Got: int64(r.Number), Max: int64(l.MaxRows), Unit: "rows"}
		}
		if len(r.Cells) > l.MaxColumns {
			return &LimitError{Path: path, Where: where(r), What: "the number of columns", Name: "max_columns", Got: int64(len(r.Cells)), Max: int64(l.MaxColumns), Unit: "columns"}
		}
		for i, c := range r.Cells {
			if !utf8.ValidString(c) {
				// A byte sequence that is not UTF-8 (a BOM'd file with a stray
				// Windows-1252 byte) is repaired visibly, never stored as is.
				c = strings.ToValidUTF8(c, string(utf8.RuneError))
				r.Cells[i] = c
			}
			if len(c) > l.MaxCellChars { // bytes ≥ characters: count only when it may matter
				if n := utf8.RuneCountInString(c); n > l.MaxCellChars {
					return &LimitError{Path: path, Where: fmt.Sprintf("%s column %d", where(r), i+1), What: "the cell's text", Name: "max_cell_chars", Got: int64(n), Max: int64(l.MaxCellChars), Unit: "characters"}
				}
			}
		}
		return fn(r)
	}
}

// lineLimiter passes a csv file's bytes through and fails as soon as one
// line runs past max bytes, before a line reader has buffered it whole.
type lineLimiter struct {
	r       io.Reader
	path    string
	max     int
	run     int  // bytes since the last newline
	cr      bool // the last byte was a CR (a CRLF is one line end)
	line    int  // physical line number, from 1
	tripped error
}

func limitLines(r io.Reader, path string, max int) io.Reader {
	return &lineLimiter{r: r, path: path, max: max, line: 1}
}

// Read passes over the bytes between line ends a span at a time
// (bytes.IndexByte), not one by one.
func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.tripped != nil {
		return 0, l.tripped
	}
	n, err := l.r.Read(p)
	for b := p[:n]; len(b) > 0; {
		j := lineEnd(b)
		if j < 0 {
			j = len(b)
		}
		if j > 0 {
			l.cr = false
			if l.run+j > l.max {
				l.tripped = &LimitError{Path: l.path, Where: fmt.Sprintf("line %d", l.line), What: "the line", Name: "max_line_bytes", Got: int64(l.max + 1), Max: int64(l.max), Unit: "bytes"}
				return 0, l.tripped
			}
			l.run += j
		}
		if j == len(b) {
			break
		}
		// CR, LF and CRLF each end a line, as the record reader splits.
		if b[j] == '\r' || !l.cr {
			l.line++
		}
		l.run, l.cr = 0, b[j] == '\r'
		b = b[j+1:]
	}
	return n, err
}

// lineEnd is the index of the first LF or CR in b, or -1 (the search for a
// CR stops at the first LF).
func lineEnd(b []byte) int {
	j := bytes.IndexByte(b, '\n')
	within := b
	if j >= 0 {
		within = b[:j]
	}
	if r := bytes.IndexByte(within, '\r'); r >= 0 {
		j = r
	}
	return j
}

// OpenLimited is Open with explicit limits (zero fields take the defaults).
// A workbook is checked against the size limits before it is opened.
func OpenLimited(path string, l Limits) (*File, error) {
	l = l.WithDefaults()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		if err := l.checkWorkbook(path); err != nil {
			return nil, err
		}
	}
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	f.limits = l
	return f, nil
}

// group writes n with thousands commas: 1048576 → "1,048,576".
func group(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// size writes a byte count as people read it: "1.5 GB", "256 MB".
func size(n int64) string {
	const k = 1024
	switch {
	case n >= k*k*k:
		return fmt.Sprintf("%.1f GB", float64(n)/(k*k*k))
	case n >= k*k:
		return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
	case n >= k:
		return fmt.Sprintf("%.1f KB", float64(n)/k)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Open recognises the file by its extension (and, for csv, its encoding and
// delimiter) under DefaultLimits; see OpenLimited.
func Open(path string) (*File, error) {
	return OpenLimited(path, DefaultLimits())
}
