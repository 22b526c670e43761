package tabular

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sharedStrings is a workbook's shared-string table as excelize reads it,
// each entry turned into text once (excelize's xlsxSI.String builds and
// unescapes it again on every cell that uses it).
type sharedStrings struct {
	loaded bool
	n      int
	text   []string
	done   []bool
	at     func(i int) string // the entry's text, from excelize's table
}

// sharedString gives entry i of the workbook's shared strings. excelize
// reads the table the first time a row is read, so it is made to read it
// through its own row reader (one row of the sheet being read): its parse,
// namespaces and errors stay the ones the values were always read with.
// A table excelize left on disk because it is large is read here the way
// excelize reads one (getFromStringItem).
func (f *File) sharedString(sheet string, i int) (string, error) {
	t := &f.sst
	if !t.loaded {
		if err := f.loadSharedStrings(sheet); err != nil {
			return "", err
		}
	}
	if i < 0 || i >= t.n {
		return "", fmt.Errorf("index %d out of range of the shared strings (%d entries)", i, t.n)
	}
	if !t.done[i] {
		t.text[i], t.done[i] = t.at(i), true
	}
	return t.text[i], nil
}

func (f *File) loadSharedStrings(sheet string) error {
	t := &f.sst
	if f.xl.SharedStrings == nil {
		rows, err := f.xl.Rows(sheet)
		if err != nil {
			return err
		}
		for f.xl.SharedStrings == nil && rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil && f.xl.SharedStrings == nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
	}
	t.loaded = true
	if _, inMemory := f.xl.Pkg.Load(sstPath); !inMemory {
		items, err := f.sharedStringsFromZip()
		if err != nil {
			return err
		}
		if items != nil {
			t.n, t.text, t.done = len(items), items, make([]bool, len(items))
			for i := range t.done {
				t.done[i] = true
			}
			return nil
		}
	}
	if f.xl.SharedStrings == nil {
		return nil // no table: every index is out of range
	}
	si := f.xl.SharedStrings.SI
	t.n, t.text, t.done = len(si), make([]string, len(si)), make([]bool, len(si))
	t.at = func(i int) string { return si[i].String() }
	return nil
}

const sstPath = "xl/sharedStrings.xml"

// sharedStringsFromZip reads a shared-string table excelize did not keep
// in memory, as excelize's getFromStringItem does: every <si> element,
// decoded by encoding/xml. It returns nil when the workbook has none.
func (f *File) sharedStringsFromZip() ([]string, error) {
	z, err := zip.OpenReader(f.Path)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	var part *zip.File
	for _, zf := range z.File {
		if strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), sstPath) {
			part = zf
		}
	}
	if part == nil {
		return nil, nil
	}
	rc, err := part.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	items := []string{}
	for {
		tok, _ := dec.Token()
		if tok == nil {
			return items, nil
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			var si xmlSI
			_ = dec.DecodeElement(&si, &se)
			items = append(items, si.String())
		}
	}
}

// xmlSI mirrors excelize's xlsxSI as far as its text goes.
type xmlSI struct {
	T *xmlT  `xml:"t,omitempty"`
	R []xmlR `xml:"r"`
}

type xmlR struct {
	XMLName xml.Name `xml:"r"`
	T       *xmlT    `xml:"t"`
}

type xmlT struct {
	XMLName xml.Name `xml:"t"`
	Val     string   `xml:",chardata"`
}

func (x xmlSI) String() string {
	var b strings.Builder
	if x.T != nil {
		b.WriteString(x.T.Val)
	}
	for _, r := range x.R {
		if r.T != nil {
			b.WriteString(r.T.Val)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return string(bstrUnmarshal([]byte(b.String())))
}
