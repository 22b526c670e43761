package ziptest

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

// A part's text comes back whole, the part asked for and not another.
func TestPart_ReadsTheNamedPart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	for name, text := range map[string]string{"xl/a.xml": "<a/>", "xl/b.xml": "<b>two</b>"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := Part(t, path, "xl/b.xml"); got != "<b>two</b>" {
		t.Errorf("Part(xl/b.xml) = %q; want <b>two</b>", got)
	}
}
