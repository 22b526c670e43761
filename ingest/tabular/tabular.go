// Package tabular reads suppliers' .csv and .xlsx files as sheets of raw text
// rows, so that the classifier and the loaders see one shape whatever the
// file type, and every row keeps the number a person would look for when a
// rejection points at it.
package tabular

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Row is one non-blank row of a sheet.
type Row struct {
	// Number is the row number a person sees: for xlsx the row number Excel
	// shows; for csv the record number counting the header, any title rows
	// and blank lines, as Excel shows the file when it opens it.
	Number int
	// Cells holds the raw cell text, untrimmed, with trailing empty cells
	// dropped (so a csv row and the same xlsx row compare equal). xlsx cells
	// are read raw: numbers and date serials come back as stored ("46142",
	// "0.45"), which keeps UK dates from being turned into locale text.
	Cells []string
	// Problem, when set, says why the row could not be read at all (Cells
	// is then nil, Text holds its raw text and Hint what to do); the row is
	// to be rejected as a whole, and reading goes on after it.
	Problem, Hint, Text string

	// marks says, for an xlsx row, which cells are booleans, uncalculated
	// formulas or percent-formatted (by 0-based column; see Kind and
	// Percent). It may be longer than Cells: an uncalculated formula reads
	// as an empty trailing cell.
	marks []mark
}

// File is an opened input file together with the provenance that every
// loaded or rejected row carries.
type File struct {
	Path      string
	SHA256    string // hex of the whole file's bytes, so a re-ingest can be recognised
	Format    string // "csv" or "xlsx"
	Encoding  string // csv: "utf-8", "utf-8-bom" or "windows-1252"; xlsx: ""
	Delimiter rune   // csv only: ',' or ';'

	xl         *excelize.File
	limits     Limits // see limits.go; zero fields mean the defaults
	styles     []mark // style index → percent or date format (styleMarks)
	stylesDone bool
	sst        sharedStrings
	eols       [3]int // csv: records ended by LF, CRLF and a bare CR (eolScan)
}

// DecimalComma tells whether the file's numbers are written with a decimal
// comma (12,5). Excel in most of Europe separates its "CSV" with semicolons
// because the comma is its decimal mark, so a semicolon-separated file is
// read that way; comma- and tab-separated files and workbooks (whose number
// cells are stored raw) are not.
func (f *File) DecimalComma() bool { return f.Format == "csv" && f.Delimiter == ';' }

// ErrStop may be returned by the function given to Rows to end reading early
// (a classifier only needs the first rows); Rows then returns nil.
var ErrStop = errors.New("stop reading")

// Extensions svhub reads, and the ones it recognises but cannot read (a
// folder holding them must say so, not skip them silently).
var (
	ReadExts    = []string{".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}
	RefusedExts = map[string]string{
		".xls":     "an old-style Excel workbook (.xls), which svhub cannot read",
		".xlsb":    "an Excel binary workbook (.xlsb), which svhub cannot read",
		".ods":     "a LibreOffice/OpenDocument spreadsheet (.ods), which svhub cannot read",
		".numbers": "an Apple Numbers spreadsheet, which svhub cannot read",
	}
)

// openFile recognises the file by its extension and its first bytes, hashes
// it, and for csv works out the encoding and delimiter once so that later
// passes over the rows agree. A file svhub cannot read comes back as a
// *FileError saying why and what to do.
func openFile(path string) (*File, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if why, ok := RefusedExts[ext]; ok {
		return nil, fileErr(path, "this is "+why, saveAsHint, nil)
	}
	switch ext {
	case ".csv", ".tsv", ".txt":
		return openCSV(path)
	case ".xlsx", ".xlsm":
		return openXLSX(path)
	default:
		kind := ext
		if kind == "" {
			kind = "no extension"
		}
		return nil, fileErr(path, fmt.Sprintf("unsupported file type (%s)", kind), "send the data as .xlsx or .csv (svhub reads .csv, .tsv, .txt, .xlsx and .xlsm)", nil)
	}
}

func openErr(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fileErr(path, "no such file", "check the name and folder", err)
	case errors.Is(err, fs.ErrPermission):
		return fileErr(path, "permission denied: svhub may not read this file", "check the file's permissions, or copy it somewhere svhub can read", err)
	}
	return fileErr(path, "the file cannot be read: "+err.Error(), "", err)
}

func openXLSX(path string) (*File, error) {
	head, err := readHead(path, sniffBytes)
	if err != nil {
		return nil, err
	}
	switch sniff(head) {
	case contentEmpty:
		return nil, fileErr(path, "the file is empty (0 bytes)", "send the file again with its data", nil)
	case contentZip:
	case contentOLE:
		return nil, fileErr(path, "this workbook is password-protected (encrypted), or an old-style .xls workbook renamed "+filepath.Ext(path),
			"remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) and save it as .xlsx", nil)
	case contentText, contentUTF16LE, contentUTF16BE:
		if looksLikeCSV(head) || sniff(head) != contentText {
			return nil, fileErr(path, "this is not an Excel workbook: it looks like a CSV file renamed to "+filepath.Ext(path), "rename it to .csv, or open it in Excel and save it as .xlsx", nil)
		}
		return nil, fileErr(path, "this is not an Excel workbook: it is a text file", saveAsHint, nil)
	default:
		return nil, fileErr(path, "this is not an Excel workbook", saveAsHint, nil)
	}
	sum, err := hashFile(path)
	if err != nil {
		return nil, err
	}
	xl, err := excelize.OpenFile(path, openOptions...)
	if err != nil {
		return nil, fileErr(path, "this is not an Excel workbook, or it is damaged ("+err.Error()+")", "open it in Excel and save it again as .xlsx", err)
	}
	return &File{Path: path, SHA256: sum, Format: "xlsx", xl: xl}, nil
}

// openOptions are excelize's, left at its defaults; the tests lower its
// size above which a part is kept on disk rather than in memory, to read
// those parts (sheets, shared strings) the way a large workbook's are.
var openOptions []excelize.Options

func readHead(path string, n int) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, openErr(path, err)
	}
	defer fh.Close()
	buf := make([]byte, n)
	k, err := io.ReadFull(fh, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fileErr(path, "the file cannot be read: "+err.Error(), "", err)
	}
	return buf[:k], nil
}

func hashFile(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Sheets lists the sheets in workbook order, hidden ones included; a csv
// file has one sheet named "" so callers can treat both formats alike.
func (f *File) Sheets() []string {
	if f.Format == "xlsx" {
		return f.xl.GetSheetList()
	}
	return []string{""}
}

// Hidden reports whether a workbook sheet is hidden (or very hidden): such
// a sheet is a lookup list or a template's workings, not data to load.
func (f *File) Hidden(sheet string) bool {
	if f.xl == nil {
		return false
	}
	visible, err := f.xl.GetSheetVisible(sheet)
	return err == nil && !visible
}

// Rows calls fn for every non-blank row of sheet, in order. It reads the file
// afresh each time, so it may be called again for the same sheet. It stops
// with ctx's error when ctx is done, with nil when fn returns ErrStop, and
// returns any other error from fn unchanged so callers' own error types
// survive.
func (f *File) Rows(ctx context.Context, sheet string, fn func(Row) error) error {
	fn = f.limits.WithDefaults().guard(f.Path, sheet, fn)
	var err error
	if f.Format == "xlsx" {
		err = f.xlsxRows(ctx, sheet, fn)
	} else {
		if sheet != "" {
			return fmt.Errorf("read %s: a csv file has no sheet %q", f.Path, sheet)
		}
		err = f.csvRows(ctx, fn)
	}
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// Close releases the workbook; it is safe to call on a csv file.
func (f *File) Close() error {
	if f.xl != nil {
		err := f.xl.Close()
		f.xl = nil
		if err != nil {
			return fmt.Errorf("close %s: %w", f.Path, err)
		}
	}
	return nil
}

// blank reports whether a row holds nothing but whitespace, so that rows a
// person would see as empty are skipped in both formats.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// trimTrailing drops trailing empty cells, which excelize already omits, so
// a csv row such as "a,b,," matches its xlsx twin.
func trimTrailing(cells []string) []string {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	return cells[:n]
}
