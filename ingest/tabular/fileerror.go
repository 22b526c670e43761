package tabular

import (
	"errors"
	"fmt"
)

// FileError is a whole file (or a whole sheet) svhub cannot read. It is a
// rejection of that file, not a failure of the run: the other files still
// load. Reason says what is wrong in words a supplier can act on, Hint what
// to do about it. Checks that refuse a file (format sniffing here, and
// resource limits) return one so the caller can record it with the file.
type FileError struct {
	Path   string
	Reason string // "this is not an Excel workbook: it looks like a CSV file renamed to .xlsx"
	Hint   string // "rename it to .csv, or open it in Excel and save it as .xlsx"
	Err    error  // the underlying error, if any, for logs
}

func (e *FileError) Error() string {
	msg := fmt.Sprintf("%s: %s", e.Path, e.Reason)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *FileError) Unwrap() error { return e.Err }

// AsFileError returns the FileError inside err, if there is one.
func AsFileError(err error) (*FileError, bool) {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe, true
	}
	return nil, false
}

func fileErr(path, reason, hint string, err error) *FileError {
	return &FileError{Path: path, Reason: reason, Hint: hint, Err: err}
}

const saveAsHint = "open it and save it as an Excel Workbook (.xlsx) or as CSV UTF-8 (.csv)"
