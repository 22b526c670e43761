package tabular

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"github.com/xuri/nfp"

	"github.com/nhs-hubs/svhub/internal/infosheet"
)

// xlsxRows reads a sheet's XML in one streaming pass (xmlscan.go): cell
// values as excelize's row reader gives them with RawCellValue (numbers
// and date serials as stored, shared and inline strings resolved), the
// cells' kinds (boolean, uncalculated formula) and percent styles, and
// whether the part ends as a complete sheet does. excelize still opens the
// workbook (sheet list, shared strings, styles); only the rows are read
// here, because its row reader decodes each cell through encoding/xml and
// reflection, and gives neither cell types nor styles, which took three
// more passes over the XML. The differential tests in xlsx_test.go and
// FuzzSheetXML check that the values are the ones excelize reads.
//
// Rows are numbered as Excel shows them: from their r attribute, or one
// after the row before when it has none. A row numbered before the one
// above it is an error (excelize would renumber it silently; no
// spreadsheet program writes one).
func (f *File) xlsxRows(ctx context.Context, sheet string, fn func(Row) error) (err error) {
	src, err := f.sheetSource(sheet)
	if err != nil {
		return fmt.Errorf("read sheet %q of %s: %w", sheet, f.Path, err)
	}
	defer src.Close()
	rd := sheetReader{f: f, sheet: sheet, x: newXMLScan(src), styles: f.styleMarks()}
	if err := rd.read(ctx, fn); err != nil {
		if errors.Is(err, ErrStop) || !isSheetError(err) {
			return err
		}
		if errors.Is(err, ErrSheetCutShort) || errors.Is(err, errXMLDamaged) {
			// The file is refused whole (ingest files are atomic), so a row
			// cut in the middle never loads half-read.
			return fmt.Errorf("read sheet %q of %s: %w (the last row reached was %d)", sheet, f.Path, err, rd.number)
		}
		return fmt.Errorf("read sheet %q of %s, row %d: %w", sheet, f.Path, rd.number, err)
	}
	return nil
}

// sheetError marks the reader's own errors, so that an error returned by
// the row callback passes through unchanged.
type sheetError struct{ err error }

func (e *sheetError) Error() string { return e.err.Error() }
func (e *sheetError) Unwrap() error { return e.err }

func isSheetError(err error) bool {
	var se *sheetError
	return errors.As(err, &se)
}

// ErrSheetCutShort is a sheet whose XML stops part-way inside a zip that is
// otherwise sound (a copy interrupted, a tool that wrote half a file).
var ErrSheetCutShort = fmt.Errorf("the sheet's data stops part-way (the file is damaged or was cut short), so rows after the last one read may be missing")

// sheetClose is the end of a complete sheet part: </worksheet>, with or
// without a namespace prefix.
var sheetClose = regexp.MustCompile(`^(?:[A-Za-z_][\w.-]*:)?worksheet$`)

type sheetReader struct {
	f      *File
	sheet  string
	x      *xmlScan
	styles []mark // style index → percent or date number format
	number int    // the row being read (0 before the first)

	cells   []string
	marks   []mark
	inRow   bool
	lastCol int // excelize's column counter: the last cell's column

	// per cell
	cellName, refBuf []byte
	v, is            []byte
	intern           map[string]string
}

// mark is what a cell's raw text alone does not say.
type mark uint8

const (
	markBool         mark = 1 << iota // a TRUE/FALSE cell (raw "1"/"0")
	markUncalculated                  // a formula with no cached value
	markPercent                       // a percent number format (raw 0.45 is 45%)
	markDate                          // a number with a date or time format (raw 46295 is 30 Sep 2026)
)

func (rd *sheetReader) fail(err error) error { return &sheetError{err} }

func (rd *sheetReader) read(ctx context.Context, fn func(Row) error) error {
	x := rd.x
	for {
		k, err := x.next()
		if err != nil {
			return rd.fail(err)
		}
		switch {
		case k == tokEOF:
			return rd.end(fn)
		case k == tokStart:
			if err := rd.element(ctx, fn); err != nil {
				return err
			}
		case k == tokEnd && string(localName(x.name)) == "sheetData":
			if err := rd.emit(fn); err != nil {
				return err
			}
			rd.inRow = false
			return rd.tail()
		}
	}
}

// element reads an element that opens among the rows: a row, which ends
// the row before it, or a cell of the row.
func (rd *sheetReader) element(ctx context.Context, fn func(Row) error) error {
	switch string(localName(rd.x.name)) {
	case "row":
		if err := rd.emit(fn); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("read sheet %q of %s: %w", rd.sheet, rd.f.Path, err)
		}
		if err := rd.startRow(); err != nil {
			return rd.fail(err)
		}
	case "c":
		if rd.inRow { // excelize looks for cells only once a row began
			return rd.cell()
		}
	}
	return nil
}

// tail reads what follows the rows, only to check the part is whole.
func (rd *sheetReader) tail() error {
	for {
		k, err := rd.x.next()
		if err != nil {
			return rd.fail(err)
		}
		if k == tokEOF {
			return rd.end(nil)
		}
	}
}

// end checks the part ended as a sheet does, then gives the last row.
func (rd *sheetReader) end(fn func(Row) error) error {
	if !rd.x.done || !sheetClose.Match(rd.x.name) {
		return rd.fail(ErrSheetCutShort)
	}
	if fn != nil {
		return rd.emit(fn)
	}
	return nil
}

func (rd *sheetReader) startRow() error {
	n := 0
	var bad error
	err := rd.x.eachAttr(func(name, val []byte) bool {
		if string(name) == "r" {
			v, err := strconv.Atoi(string(val))
			if err != nil {
				bad = err
				return false
			}
			n = v
		}
		return true
	})
	if err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	switch {
	case n > excelize.TotalRows:
		return excelize.ErrMaxRows
	case n < 0:
		return fmt.Errorf("row number %d is not a row number", n)
	case n == 0:
		n = rd.number + 1
	case n <= rd.number:
		return fmt.Errorf("row %d comes after row %d: the rows are out of order, which no spreadsheet program writes; open the file in Excel and save it again", n, rd.number)
	}
	rd.number = n
	rd.inRow = true
	rd.lastCol = 0
	rd.cells = make([]string, 0, cap(rd.cells))
	rd.marks = nil
	return nil
}

// emit gives the row read so far, unless it is blank.
func (rd *sheetReader) emit(fn func(Row) error) error {
	if !rd.inRow {
		return nil
	}
	rd.inRow = false
	cells := rd.cells
	if blank(cells) {
		return nil
	}
	return fn(Row{Number: rd.number, Cells: trimTrailing(cells), marks: rd.marks})
}

// cell reads one <c> element the way excelize's row reader does (cell.go
// and rows.go of excelize v2.11: getValueFrom with raw values): its
// position from r, or one after the cell before; its value by type;
// appended, padded with empty cells, when it has a value or a formula.
func (rd *sheetReader) cell() error {
	x := rd.x
	rd.cellName = append(rd.cellName[:0], x.name...)
	h, err := rd.cellHead()
	if err != nil {
		return rd.fail(err)
	}
	rd.lastCol = h.col
	if h.styleBad {
		if err := x.skip(); err != nil { // excelize stops reading the cell at its style
			return rd.fail(err)
		}
		return nil
	}
	var body cellBody
	rd.v, rd.is = rd.v[:0], rd.is[:0]
	if !x.selfEnd {
		if body, err = rd.cellBody(); err != nil {
			return rd.fail(err)
		}
	}
	val, err := rd.cellValue(h.typ, body.hasIS)
	if err != nil {
		return rd.fail(err)
	}
	if val != "" || body.hasF {
		for len(rd.cells) < h.col-1 {
			rd.cells = append(rd.cells, "")
		}
		rd.cells = append(rd.cells, val)
	}
	rd.setMark(h.col, rd.markOf(h, body))
	return nil
}

// cellHead is what a <c> tag's attributes say.
type cellHead struct {
	col      int // 1-based
	style    int
	typ      cellType
	styleBad bool // a style index that is not a number: excelize stops reading the cell there
}

// cellHead reads the attributes of the <c> tag just read: its reference
// (r), style (s) and type (t).
func (rd *sheetReader) cellHead() (cellHead, error) {
	h := cellHead{col: rd.lastCol + 1}
	var ref []byte
	err := rd.x.eachAttr(func(name, val []byte) bool {
		switch string(name) {
		case "r":
			ref = append(rd.refBuf[:0], val...)
			rd.refBuf = ref
		case "s":
			h.style, h.styleBad = styleIndex(val)
			return !h.styleBad
		case "t":
			h.typ = typeOf(val)
		}
		return true
	})
	if err != nil || len(ref) == 0 {
		return h, err
	}
	h.col, err = refColumn(ref)
	return h, err
}

// styleIndex reads a cell's style index; bad is true when it is not a
// number.
func styleIndex(val []byte) (n int, bad bool) {
	if n, ok := smallInt(val); ok {
		return n, false
	}
	v, err := strconv.ParseInt(string(val), 10, 64)
	if err != nil {
		return 0, true
	}
	return int(v), false
}

// refColumn is the column of a cell reference, read quickly in the plain
// form and by excelize otherwise.
func refColumn(ref []byte) (int, error) {
	if c, ok := cellColumn(ref); ok {
		return c, nil
	}
	c, _, err := excelize.CellNameToCoordinates(string(ref))
	return c, err
}

// cellBody is what the elements inside a <c> held, beside the text read
// into rd.v (its <v>) and rd.is (its <is>).
type cellBody struct {
	hasF   bool // a formula
	valued bool // a <v> or <is> with more than white space: a formula's cached value
	hasIS  bool // an inline string
}

// cellBody reads the elements inside the <c> just opened, through its end.
func (rd *sheetReader) cellBody() (cellBody, error) {
	x := rd.x
	var body cellBody
	for {
		k, err := x.next()
		if err != nil {
			return body, err
		}
		switch k {
		case tokEOF:
			return body, ErrSheetCutShort
		case tokEnd:
			if bytes.Equal(x.name, rd.cellName) {
				return body, nil
			}
		case tokStart:
			if x.selfEnd && bytes.Equal(x.name, rd.cellName) {
				return body, nil // encoding/xml ends the cell at any </c>
			}
			if err := rd.cellChild(&body); err != nil {
				return body, err
			}
		}
	}
}

// cellChild reads one element inside a cell: its raw value <v>, a formula
// <f> (only that there is one counts) or an inline string <is>. Any other
// element is walked into, as excelize's decoder does.
func (rd *sheetReader) cellChild(body *cellBody) error {
	var err error
	switch string(localName(rd.x.name)) {
	case "v":
		if rd.v, err = rd.directText(rd.v[:0]); err != nil {
			return err
		}
		body.valued = body.valued || len(bytes.TrimSpace(rd.v)) > 0
	case "f":
		body.hasF = true
		return rd.x.skip()
	case "is":
		body.hasIS = true
		var any bool
		if rd.is, any, err = rd.inlineString(rd.is); err != nil {
			return err
		}
		body.valued = body.valued || any
	}
	return nil
}

// cellValue is a cell's text by its type: a shared string's, an inline
// string's, or the raw value.
func (rd *sheetReader) cellValue(typ cellType, hasIS bool) (string, error) {
	switch {
	case typ == typeShared:
		if len(rd.v) == 0 {
			return "", nil
		}
		i, err := strconv.Atoi(string(bytes.TrimSpace(rd.v)))
		if err != nil {
			i = 0 // as excelize does
		}
		return rd.f.sharedString(rd.sheet, i)
	case typ == typeInline && hasIS:
		return rd.text(bstrUnmarshal(rd.is)), nil
	}
	return rd.text(rd.v), nil
}

// markOf is what a cell's raw text does not say, from its type, what it
// held and its style.
func (rd *sheetReader) markOf(h cellHead, body cellBody) mark {
	uncalculated := body.hasF && !body.valued
	var m mark
	switch {
	case uncalculated:
		m = markUncalculated
	case h.typ == typeBool:
		m = markBool
	}
	if h.style >= 0 && h.style < len(rd.styles) {
		sm := rd.styles[h.style]
		if h.typ != typeOther || uncalculated {
			sm &^= markDate // text, a yes/no or no value: not a date serial
		}
		m |= sm
	}
	return m
}

// setMark records a cell's mark in the row's marks (col is 1-based).
func (rd *sheetReader) setMark(col int, m mark) {
	if m == 0 {
		return
	}
	for len(rd.marks) < col {
		rd.marks = append(rd.marks, 0)
	}
	rd.marks[col-1] |= m
}

type cellType uint8

const (
	typeOther  cellType = iota // a number ("n" or none), "e", "str", "d": the raw value
	typeShared                 // "s": an index into the shared strings
	typeInline                 // "inlineStr"
	typeBool                   // "b"
)

func typeOf(t []byte) cellType {
	switch string(t) {
	case "s":
		return typeShared
	case "inlineStr":
		return typeInline
	case "b":
		return typeBool
	}
	return typeOther
}

// smallInt reads plain decimal digits (no sign), the form every style
// index is written in; anything else goes to strconv.
func smallInt(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// cellColumn reads the column of a plain reference such as "AB12": capital
// letters then digits, the row not starting with 0. Any other form (lower
// case, $, a bad reference) goes to excelize, which decides.
func cellColumn(ref []byte) (int, bool) {
	i, col := 0, 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i > 3 || col > excelize.MaxColumns || i == len(ref) || len(ref)-i > 7 || ref[i] == '0' {
		return 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if row, _ := smallInt(ref[i:]); row > excelize.TotalRows {
		return 0, false
	}
	return col, true
}

// directText reads the text directly inside the element just opened, as
// encoding/xml decodes an element into a string: nested elements and their
// text are skipped.
func (rd *sheetReader) directText(dst []byte) ([]byte, error) {
	x := rd.x
	if x.selfEnd {
		return dst, nil
	}
	depth := x.depth()
	for {
		k, err := x.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokEOF:
			return nil, ErrSheetCutShort
		case tokText:
			if x.depth() == depth {
				dst = append(dst, x.text...)
			}
		case tokStart:
			if err := x.skip(); err != nil {
				return nil, err
			}
		case tokEnd:
			if x.depth() < depth {
				return dst, nil
			}
		}
	}
}

// inlineString reads an <is> (or a shared string's <si>) as excelize's
// xlsxSI.String does before unescaping: the text of its last direct <t>,
// then of each direct <r>'s last <t>. It also says whether any text inside
// is more than white space (a formula's cached value).
func (rd *sheetReader) inlineString(dst []byte) ([]byte, bool, error) {
	x := rd.x
	dst = dst[:0]
	if x.selfEnd {
		return dst, false, nil
	}
	any := false
	depth := x.depth()
	var t, runs []byte
	for {
		k, err := x.next()
		if err != nil {
			return nil, false, err
		}
		switch k {
		case tokEOF:
			return nil, false, ErrSheetCutShort
		case tokEnd:
			if x.depth() < depth {
				return append(append(dst, t...), runs...), any, nil
			}
		case tokStart:
			some := false
			switch string(localName(x.name)) {
			case "t":
				t, err = rd.directText(t[:0])
				some = len(bytes.TrimSpace(t)) > 0
			case "r":
				runs, some, err = rd.run(runs)
			default:
				err = x.skip()
			}
			if err != nil {
				return nil, false, err
			}
			any = any || some
		}
	}
}

// run reads an <r>, a run of rich text, just opened: the text of its last
// <t> is appended to runs; some says whether any <t> in it held more than
// white space.
func (rd *sheetReader) run(runs []byte) (_ []byte, some bool, _ error) {
	x := rd.x
	if x.selfEnd {
		return runs, false, nil
	}
	var rt []byte
	haveT := false
	depth := x.depth()
	for {
		k, err := x.next()
		if err != nil {
			return nil, false, err
		}
		switch k {
		case tokEOF:
			return nil, false, ErrSheetCutShort
		case tokEnd:
			if x.depth() < depth {
				if haveT {
					runs = append(runs, rt...)
				}
				return runs, some, nil
			}
		case tokStart:
			if string(localName(x.name)) != "t" {
				err = x.skip()
			} else if rt, err = rd.directText(rt[:0]); err == nil {
				haveT = true
				some = some || len(bytes.TrimSpace(rt)) > 0
			}
			if err != nil {
				return nil, false, err
			}
		}
	}
}

// text makes a cell's string, sharing one copy of each short text a sheet
// repeats (contract references, months, measure codes, supplier names).
func (rd *sheetReader) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > 48 {
		return string(b)
	}
	if s, ok := rd.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if rd.intern == nil {
		rd.intern = make(map[string]string, 256)
	}
	if len(rd.intern) < 1<<14 {
		rd.intern[s] = s
	}
	return s
}

// bstrUnmarshal undoes Excel's escapes of characters XML cannot hold
// (_x0008_ for U+0008; _x005F_ for a literal underscore before one), as
// excelize does for shared and inline strings (lib.go, bstrUnmarshal).
func bstrUnmarshal(b []byte) []byte {
	if !bytes.Contains(b, []byte("_x")) {
		return b
	}
	s := string(b)
	var out []byte
	cursor := 0
	for _, m := range bstrExp.FindAllStringIndex(s, -1) {
		out = append(out, s[cursor:m[0]]...)
		sub := s[m[0]:m[1]]
		cursor = m[1]
		if sub == "_x005F_" {
			out = append(out, '_')
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		out = append(out, v...)
	}
	return append(out, s[cursor:]...)
}

var bstrExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// Kind says whether cell col (0-based) of an xlsx row is a boolean, a
// formula Excel never calculated, or a number shown as a date or time;
// CellPlain otherwise, and for csv.
func (r Row) Kind(col int) CellKind {
	if col < 0 || col >= len(r.marks) {
		return CellPlain
	}
	switch m := r.marks[col]; {
	case m&markUncalculated != 0:
		return CellUncalculated
	case m&markBool != 0:
		return CellBool
	case m&markDate != 0:
		return CellDate
	}
	return CellPlain
}

// Percent says whether cell col (0-based) of an xlsx row has a percent
// number format, so its raw value 0.45 means 45%. Always false for csv,
// where "45%" is already text.
func (r Row) Percent(col int) bool {
	return col >= 0 && col < len(r.marks) && r.marks[col]&markPercent != 0
}

// CellKind says what an xlsx cell holds when its raw text alone would
// mislead: a boolean (raw "1"/"0", which must not pass as a number), a
// formula Excel never calculated (no cached value, which reads as empty),
// or a date or time (raw 46295, which must not pass as an amount).
type CellKind int

const (
	CellPlain        CellKind = iota
	CellBool                  // a TRUE/FALSE cell
	CellUncalculated          // a formula with no cached value
	CellDate                  // a number with a date or time format
)

// styleMarks lists, by cell style index, the styles whose number format is
// a percentage (built-in 9 or 10, or a custom format with a % outside
// quotes) or a date or time (see dateFormat). It is worked out once per
// workbook.
func (f *File) styleMarks() []mark {
	if f.stylesDone {
		return f.styles
	}
	f.stylesDone = true
	for i := 1; i < 1<<16; i++ {
		st, err := f.xl.GetStyle(i)
		if err != nil || st == nil {
			break
		}
		var m mark
		if st.NumFmt == 9 || st.NumFmt == 10 || (st.CustomNumFmt != nil && strings.Contains(unquoted(*st.CustomNumFmt), "%")) {
			m |= markPercent
		}
		if dateFormat(st.NumFmt, st.CustomNumFmt) {
			m |= markDate
		}
		if m != 0 {
			for len(f.styles) <= i {
				f.styles = append(f.styles, 0)
			}
			f.styles[i] = m
		}
	}
	return f.styles
}

// dateFormat tells whether a number format shows a date or a time: one of
// the built-in date and time formats (ECMA-376 Part 1, 18.8.30: 14–22,
// 45–47, and the East Asian 27–36 and 50–58), or a custom format that
// Excel's format grammar (parsed by excelize's own parser, nfp) reads as
// having date or time parts ("dd/mm/yyyy", "h:mm", "[h]:mm"), not literal
// text ("0\" days\"").
func dateFormat(id int, custom *string) bool {
	switch {
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return true
	case custom == nil:
		return false
	}
	ps := nfp.NumberFormatParser()
	for _, sec := range ps.Parse(*custom) {
		for _, tok := range sec.Items {
			if tok.TType == nfp.TokenTypeDateTimes || tok.TType == nfp.TokenTypeElapsedDateTimes {
				return true
			}
		}
	}
	return false
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

// sheetSource opens a sheet's XML part: from the workbook excelize holds
// in memory, or, for a part excelize left on disk because it is large,
// streamed from the zip. The part is found as excelize finds it
// (getSheetXMLPath, getWorksheetPath), from the workbook and its
// relationships excelize has already read.
func (f *File) sheetSource(sheet string) (io.ReadCloser, error) {
	name, err := f.sheetXMLPath(sheet)
	if err != nil {
		return nil, err
	}
	if b, ok := f.xl.Pkg.Load(name); ok {
		if data, ok := b.([]byte); ok {
			return io.NopCloser(bytes.NewReader(data)), nil
		}
	}
	z, err := zip.OpenReader(f.Path)
	if err != nil {
		return nil, err
	}
	for _, zf := range z.File {
		if strings.ReplaceAll(zf.Name, "\\", "/") == name {
			rc, err := zf.Open()
			if err != nil {
				z.Close()
				return nil, err
			}
			return sheetXML{rc, z}, nil
		}
	}
	z.Close()
	return nil, fmt.Errorf("%s not found in the workbook", name)
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

// sheetXMLPath is excelize's path of a sheet's part: the workbook's
// relationship target of the sheet (names compared ignoring case),
// relative to the workbook's folder unless it starts with "/".
func (f *File) sheetXMLPath(sheet string) (string, error) {
	wb := f.xl.WorkBook
	if wb == nil {
		return "", fmt.Errorf("the workbook has no sheet list")
	}
	wbPath := ""
	if v, ok := f.xl.Relationships.Load("_rels/.rels"); ok {
		if rels := relsOf(v); rels != nil {
			for _, r := range rels {
				if r.typ == excelize.SourceRelationshipOfficeDocument {
					wbPath = strings.TrimPrefix(r.target, "/")
					break
				}
			}
		}
	}
	relsPath := "_rels/" + filepath.Base(wbPath) + ".rels"
	if dir := filepath.Dir(wbPath); dir != "." {
		relsPath = strings.TrimPrefix(dir+"/_rels/"+filepath.Base(wbPath)+".rels", "/")
	}
	v, ok := f.xl.Relationships.Load(relsPath)
	if !ok {
		return "", fmt.Errorf("the workbook's relationships are missing")
	}
	rels := relsOf(v)
	for _, s := range wb.Sheets.Sheet {
		if !strings.EqualFold(s.Name, sheet) {
			continue
		}
		for _, r := range rels {
			if r.id != s.ID {
				continue
			}
			if strings.HasPrefix(r.target, "/") {
				return filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(r.target), "\\", "/"), "/")), nil
			}
			return filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(filepath.Dir(wbPath)+"/"+r.target), "\\", "/"), "/")), nil
		}
	}
	return "", fmt.Errorf("sheet %q not found in the workbook", sheet)
}

type rel struct{ id, target, typ string }

// relsOf reads the relationships excelize keeps (a pointer to an
// unexported type whose fields are exported) without naming its type.
func relsOf(v any) []rel {
	p := reflect.ValueOf(v)
	if p.Kind() != reflect.Pointer || p.IsNil() || p.Elem().Kind() != reflect.Struct {
		return nil
	}
	list := p.Elem().FieldByName("Relationships")
	if list.Kind() != reflect.Slice {
		return nil
	}
	out := make([]rel, 0, list.Len())
	for i := 0; i < list.Len(); i++ {
		e := list.Index(i)
		str := func(name string) string {
			if f := e.FieldByName(name); f.Kind() == reflect.String {
				return f.String()
			}
			return ""
		}
		out = append(out, rel{id: str("ID"), target: str("Target"), typ: str("Type")})
	}
	return out
}

// InfoSheet reports whether a sheet is marked as information only.
func (f *File) InfoSheet(sheet string) bool {
	if f.xl == nil {
		return false
	}
	for _, d := range f.xl.GetDefinedName() {
		if d.Name == infosheet.Name && d.Scope == sheet {
			return true
		}
	}
	return false
}

// DateText writes the raw value of a date- or time-formatted cell (see
// CellDate) as the date or time it shows: "2026-09-30" for 46295, "07:30"
// for 0.3125, "2026-09-30 12:00" for 46295.5; raw text that is not a
// serial comes back as it is. The 1900 date system is assumed (a 1904
// workbook's dates show four years later); the text is for messages and
// for the number parser to refuse, not for loading.
func DateText(raw string) string {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || v < 0 || v > 2958465 { // 31 Dec 9999
		return raw
	}
	day, frac := math.Modf(v)
	t, err := excelize.ExcelDateToTime(v, false)
	if err != nil {
		return raw
	}
	switch {
	case day == 0:
		return t.Format("15:04")
	case frac == 0:
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04")
}
