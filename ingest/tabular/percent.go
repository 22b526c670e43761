package tabular

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// IsPercent tells whether an xlsx cell (0-based column, row number as
// shown) has a percent number format, so its raw value 0.45 means 45%.
// Always false for csv, where "45%" is already text.
//
// The streaming row reader does not expose cell styles, and excelize's
// GetCellStyle loads the whole sheet into memory (the GetRows problem), so
// the first call for a sheet streams the sheet's XML once and keeps only the
// addresses of percent-formatted cells.
func (f *File) IsPercent(sheet string, col, row int) bool {
	if f.xl == nil {
		return false
	}
	cells, ok := f.percentCells[sheet]
	if !ok {
		var err error
		cells, err = f.scanPercentCells(sheet)
		if err != nil {
			cells = nil // unreadable styles: treat values as written
		}
		if f.percentCells == nil {
			f.percentCells = map[string]map[string]bool{}
		}
		f.percentCells[sheet] = cells
	}
	if len(cells) == 0 {
		return false
	}
	ref, err := excelize.CoordinatesToCellName(col+1, row)
	return err == nil && cells[ref]
}

// percentStyles lists the workbook's cell style indexes whose number format
// is a percentage: built-in 9 (0%) or 10 (0.00%), or a custom format with a
// % outside quotes.
func (f *File) percentStyles() map[int]bool {
	out := map[int]bool{}
	for i := 1; i < 1<<16; i++ {
		st, err := f.xl.GetStyle(i)
		if err != nil || st == nil {
			break
		}
		if st.NumFmt == 9 || st.NumFmt == 10 || (st.CustomNumFmt != nil && strings.Contains(unquoted(*st.CustomNumFmt), "%")) {
			out[i] = true
		}
	}
	return out
}

func (f *File) scanPercentCells(sheet string) (map[string]bool, error) {
	styles := f.percentStyles()
	if len(styles) == 0 {
		return nil, nil
	}
	rc, err := openSheetXML(f.Path, sheet)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	cells := map[string]bool{}
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return cells, nil
		}
		if err != nil {
			return nil, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Local != "c" {
			continue
		}
		var ref string
		style := 0
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "r":
				ref = a.Value
			case "s":
				style, _ = strconv.Atoi(a.Value)
			}
		}
		if ref != "" && styles[style] {
			cells[ref] = true
		}
	}
}

// sheetPart finds a sheet's XML part from the workbook and its relationships.
func sheetPart(z *zip.Reader, sheet string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for name, v := range map[string]any{"xl/workbook.xml": &wb, "xl/_rels/workbook.xml.rels": &rels} {
		rc, err := openPart(z, name)
		if err != nil {
			return "", err
		}
		err = xml.NewDecoder(rc).Decode(v)
		rc.Close()
		if err != nil {
			return "", fmt.Errorf("read %s: %w", name, err)
		}
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("sheet %q not found in the workbook", sheet)
}

// openSheetXML opens the XML part of one sheet of the workbook at path, for
// the passes that read what excelize's row reader does not give (percent
// formats, cell types). Closing it closes the workbook too.
func openSheetXML(path, sheet string) (io.ReadCloser, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	part, err := sheetPart(&z.Reader, sheet)
	if err != nil {
		z.Close()
		return nil, err
	}
	rc, err := openPart(&z.Reader, part)
	if err != nil {
		z.Close()
		return nil, err
	}
	return sheetXML{rc, z}, nil
}

type sheetXML struct {
	io.ReadCloser
	z *zip.ReadCloser
}

func (s sheetXML) Close() error {
	err := s.ReadCloser.Close()
	if zerr := s.z.Close(); err == nil {
		err = zerr
	}
	return err
}

func openPart(z *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range z.File {
		if f.Name == name {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("%s not found in the workbook", name)
}

// unquoted drops the quoted literal parts of a number format ("%" in
// `0" %"` is text, not a percent format).
func unquoted(format string) string {
	var b strings.Builder
	in := false
	for _, r := range format {
		if r == '"' {
			in = !in
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}
