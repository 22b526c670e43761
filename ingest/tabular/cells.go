package tabular

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// CellKind says what an xlsx cell holds when its raw text alone would
// mislead: a boolean (raw "1"/"0", which must not pass as a number) or a
// formula Excel never calculated (no cached value, which reads as empty).
type CellKind int

const (
	CellPlain        CellKind = iota
	CellBool                  // a TRUE/FALSE cell
	CellUncalculated          // a formula with no cached value
)

// Kind reports the kind of an xlsx cell (0-based column, row number as
// shown); always CellPlain for csv. The first call for a sheet streams the
// sheet's XML once (the streaming row reader does not expose cell types),
// so callers ask only about cells whose text is ambiguous: "0", "1", or
// empty.
func (f *File) Kind(sheet string, col, row int) CellKind {
	if f.xl == nil {
		return CellPlain
	}
	if f.cellKinds == nil {
		f.cellKinds = map[string]map[string]CellKind{}
	}
	kinds, ok := f.cellKinds[sheet]
	if !ok {
		var err error
		if kinds, err = f.scanCellKinds(sheet); err != nil {
			kinds = nil // unreadable: take values as written
		}
		f.cellKinds[sheet] = kinds
	}
	if len(kinds) == 0 {
		return CellPlain
	}
	ref, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		return CellPlain
	}
	return kinds[ref]
}

func (f *File) scanCellKinds(sheet string) (map[string]CellKind, error) {
	rc, err := openSheetXML(f.Path, sheet)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	kinds := map[string]CellKind{}
	var (
		ref                  string
		isBool, hasF, valued bool
		inCell, inValue      bool
	)
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return kinds, nil
		}
		if err != nil {
			return nil, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "c":
				inCell, ref, isBool, hasF, valued = true, "", false, false, false
				for _, a := range el.Attr {
					switch a.Name.Local {
					case "r":
						ref = a.Value
					case "t":
						isBool = a.Value == "b"
					}
				}
			case "f":
				hasF = inCell
			case "v", "is":
				inValue = inCell
			}
		case xml.CharData:
			if inValue && strings.TrimSpace(string(el)) != "" {
				valued = true
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "v", "is":
				inValue = false
			case "c":
				inCell = false
				switch {
				case ref == "":
				case hasF && !valued:
					kinds[ref] = CellUncalculated
				case isBool:
					kinds[ref] = CellBool
				}
			}
		}
	}
}
