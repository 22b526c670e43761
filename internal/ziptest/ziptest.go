// Package ziptest reads the parts of a zip file (an .xlsx workbook) for
// tests that check what a writer put in a part no reader API shows, such
// as a sheet's protection or its sparklines.
package ziptest

import (
	"archive/zip"
	"io"
	"testing"
)

// Part returns the text of the part name of the zip file at path, and
// fails the test when the file cannot be read or has no such part.
func Part(t testing.TB, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != name {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("read %s of %s: %v", name, path, err)
		}
		return string(b)
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}
