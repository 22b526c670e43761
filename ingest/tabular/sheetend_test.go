package tabular

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// rezip writes a copy of the workbook with one part's bytes replaced.
func rezip(t *testing.T, book []byte, part string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			b = edit(b)
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A sheet whose XML stops part-way inside a sound zip is an error naming the
// last row read, never a sheet that quietly ends early; a complete sheet
// (also one whose XML ends in white space) reads all its rows.
func TestRows_SheetCutShortIsAnError(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"contract_ref", "period", "measure_code", "value"})
	for r := 2; r <= 40; r++ {
		x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r), &[]any{"C1", "2026-04", "SVM25.1.2", r})
	}
	var book bytes.Buffer
	if err := x.Write(&book); err != nil {
		t.Fatal(err)
	}
	const part = "xl/worksheets/sheet1.xml"
	cutAfterRow := func(n int) func([]byte) []byte {
		return func(b []byte) []byte {
			i := bytes.Index(b, []byte(fmt.Sprintf(`<row r="%d"`, n+1)))
			return b[:i] // ends right after </row> of row n: well-formed so far
		}
	}
	cases := []struct {
		name     string
		data     []byte
		wantRows int
		cut      bool
	}{
		{"complete", book.Bytes(), 40, false},
		{"complete with trailing space", rezip(t, book.Bytes(), part, func(b []byte) []byte { return append(b, "\r\n  "...) }), 40, false},
		{"cut between rows", rezip(t, book.Bytes(), part, cutAfterRow(20)), 20, true},
		{"cut inside a cell", rezip(t, book.Bytes(), part, func(b []byte) []byte {
			i := bytes.Index(b, []byte(`<row r="31"`))
			return b[:i+25]
		}), 31, true}, // row 31 was reached, though not whole
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.xlsx")
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows := 0
			err = f.Rows(context.Background(), "Sheet1", func(Row) error { rows++; return nil })
			if got := errors.Is(err, ErrSheetCutShort); got != c.cut {
				t.Fatalf("error %v; want cut short: %v", err, c.cut)
			}
			if c.cut && !strings.Contains(err.Error(), fmt.Sprintf("the last row reached was %d", c.wantRows)) {
				t.Errorf("error %q does not name the last row read (%d)", err, c.wantRows)
			}
			if !c.cut && rows != c.wantRows {
				t.Errorf("read %d rows, want %d", rows, c.wantRows)
			}
		})
	}
}
