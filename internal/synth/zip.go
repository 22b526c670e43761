package synth

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"
)

// sortedZip is an excelize.ZipWriter that makes workbooks reproducible:
// excelize writes stream-writer sheets in map order, so entries are buffered
// and written sorted by name, each with the same fixed modification time.
type sortedZip struct {
	w       io.Writer
	modTime time.Time
	entries map[string]*bytes.Buffer
}

func newSortedZip(w io.Writer, modTime time.Time) excelize.ZipWriter {
	return &sortedZip{w: w, modTime: modTime, entries: map[string]*bytes.Buffer{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.entries[name]; dup {
		return nil, errors.New("duplicate zip entry " + name)
	}
	b := new(bytes.Buffer)
	z.entries[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fs.FS) error { return errors.New("sorted zip: AddFS not supported") }

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.entries))
	for n := range z.entries {
		names = append(names, n)
	}
	slices.Sort(names)
	zw := zip.NewWriter(z.w)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: z.modTime})
		if err != nil {
			return err
		}
		if _, err := w.Write(z.entries[n].Bytes()); err != nil {
			return err
		}
	}
	z.entries = nil
	return zw.Close()
}
