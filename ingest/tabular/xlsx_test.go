package tabular

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeRows reads a sheet the way svhub did before its own scanner:
// excelize's streaming row reader with raw values, one row number per
// Next, blank rows skipped, trailing empty cells dropped, and the part's
// tail checked for </worksheet>. It is the reference the scanner's values
// are compared with.
func excelizeRows(path, sheet string) ([]Row, error) {
	xl, err := excelize.OpenFile(path, openOptions...)
	if err != nil {
		return nil, err
	}
	defer xl.Close()
	rows, err := xl.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return out, err
		}
		if blank(cells) {
			continue
		}
		out = append(out, Row{Number: n, Cells: trimTrailing(cells)})
	}
	if err := rows.Error(); err != nil {
		return out, err
	}
	return out, nil
}

// rowsOf reads every row of a sheet with svhub's reader, marks dropped.
func rowsOf(path, sheet string) ([]Row, error) {
	f, err := OpenLimited(path, fuzzLimits)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Row
	err = f.Rows(context.Background(), sheet, func(r Row) error {
		out = append(out, Row{Number: r.Number, Cells: append([]string(nil), r.Cells...)})
		return nil
	})
	return out, err
}

// workbookWith writes a workbook whose first sheet's XML and shared
// strings are given (nil shared strings: the part is left out).
func workbookWith(t testing.TB, sheetXML, sstXML []byte) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", string(sheetXML)},
	}
	if sstXML != nil {
		parts = append(parts, struct{ name, body string }{"xl/sharedStrings.xml", string(sstXML)})
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "w.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

const sstBody = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">` +
	`<si><t>contract_ref</t></si>` +
	`<si><t xml:space="preserve"> C-001 </t></si>` +
	`<si><r><rPr><b/></rPr><t>rich </t></r><r><t>text</t></r><rPh><t>phonetic, not read</t></rPh></si>` +
	`<si><t>line_x000D_break and _x005F_x0041_ literal</t></si>` +
	`<si><t>caf&#xe9; &amp; &lt;tag&gt;</t></si>` +
	`</sst>`

// mustMatchExcelize reads the sheet both ways and fails unless both read
// the same rows (numbers and cell text), or both refuse the sheet.
func mustMatchExcelize(t testing.TB, path string) []Row {
	t.Helper()
	want, werr := excelizeRows(path, "Sheet1")
	got, gerr := rowsOf(path, "Sheet1")
	if werr != nil || gerr != nil {
		if werr == nil || gerr == nil {
			t.Fatalf("excelize error %v, svhub error %v", werr, gerr)
		}
		return nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows differ from excelize's\n got: %q\nwant: %s", show(got), show(want))
	}
	return got
}

// The scanner reads what excelize reads, for every form of cell Excel and
// other writers produce. Each case's expected rows are written out by hand
// too, so a case that both readers got wrong the same way still fails.
func TestRows_XLSXMatchesExcelize(t *testing.T) {
	cases := []struct {
		name, rows string
		want       []Row
	}{
		{"shared strings, rich text, escapes and entities",
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v> 1 </v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>`,
			[]Row{{Number: 1, Cells: []string{"contract_ref", " C-001 ", "rich text", "line\rbreak and _x0041_ literal", "café & <tag>"}}}},
		{"numbers, dates as serials, booleans, errors, formula results",
			`<row r="2"><c r="A2"><v>1234.5</v></c><c r="B2" s="3"><v>46142</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#DIV/0!</v></c><c r="E2" t="str"><f>A2&amp;"x"</f><v>1234.5x</v></c><c r="F2" t="n"><v>1.5E-05</v></c></row>`,
			[]Row{{Number: 2, Cells: []string{"1234.5", "46142", "1", "#DIV/0!", "1234.5x", "1.5E-05"}}}},
		{"inline strings, CDATA, line ends, white space kept",
			"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>in&#10;line</t></is></c><c r=\"B3\" t=\"inlineStr\"><is><r><t>two </t></r><r><t>runs</t></r></is></c><c r=\"C3\" t=\"str\"><v><![CDATA[a<b]]></v></c><c r=\"D3\" t=\"inlineStr\"><is><t>crlf\r\nend</t></is></c><c r=\"E3\" t=\"inlineStr\"><is><t>  </t></is></c></row>",
			[]Row{{Number: 3, Cells: []string{"in\nline", "two runs", "a<b", "crlf\nend", "  "}}}},
		{"sparse references, row gaps, empty cells, a blank row",
			`<row r="5"><c r="C5"><v>3</v></c><c r="E5"/><c r="F5" t="s"/></row><row r="6"><c r="A6" t="inlineStr"><is><t> </t></is></c></row><row r="9" spans="1:3"><c r="B9"><v>2</v></c></row>`,
			[]Row{{Number: 5, Cells: []string{"", "", "3"}}, {Number: 9, Cells: []string{"", "2"}}}},
		{"no r attributes: rows and cells counted",
			`<row><c><v>1</v></c><c><v>2</v></c></row><row><c t="inlineStr"><is><t>x</t></is></c><c r="D2"><v>4</v></c><c><v>5</v></c></row>`,
			[]Row{{Number: 1, Cells: []string{"1", "2"}}, {Number: 2, Cells: []string{"x", "", "", "4", "5"}}}},
		{"an uncalculated formula reads empty but keeps its place",
			`<row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><v>7</v></c><c r="C1"><f>B1</f><v></v></c></row>`,
			[]Row{{Number: 1, Cells: []string{"", "7"}}}},
		{"namespace prefixes, lower-case and absolute references",
			`<x:row r="1" xmlns:x="urn:x"><x:c r="b1"><x:v>2</x:v></x:c><x:c r="$D$1"><x:v>4</x:v></x:c></x:row>`,
			[]Row{{Number: 1, Cells: []string{"", "2", "", "4"}}}},
		{"attributes in any order and quoting, a '>' in a value",
			`<row r='1' ht="15"><c t='inlineStr' r='A1' foo="a>b"><is><t>ok</t></is></c><c s="0" r="B1" t="n"><v>0</v></c></row>`,
			[]Row{{Number: 1, Cells: []string{"ok", "0"}}}},
		{"comments and processing instructions",
			`<!-- a note --><row r="1"><?pi x?><c r="A1"><!-- x --><v>1<!-- y -->2</v></c></row>`,
			[]Row{{Number: 1, Cells: []string{"12"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := workbookWith(t, []byte(sheetHead+c.rows+sheetTail), []byte(sstBody))
			got := mustMatchExcelize(t, path)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("rows\n got: %s\nwant: %s", show(got), show(c.want))
			}
		})
	}
}

// Forms excelize reads silently wrong or not at all, which the scanner
// refuses: rows out of order (excelize renumbers or merges them), a shared
// string that does not exist, XML that is not well-formed.
func TestRows_XLSXRefusesDamagedSheets(t *testing.T) {
	cases := []struct{ name, rows, want string }{
		{"rows out of order", `<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`, "out of order"},
		{"shared string out of range", `<row r="1"><c r="A1" t="s"><v>9</v></c></row>`, "out of range"},
		{"mismatched tags", `<row r="1"><c r="A1"><v>1</c></v></row>`, "damaged"},
		{"unknown entity", `<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>`, "damaged"},
		{"bad row number", `<row r="x"><c r="A1"><v>1</v></c></row>`, "invalid syntax"},
		{"bad cell reference", `<row r="1"><c r="1A"><v>1</v></c></row>`, "1A"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := workbookWith(t, []byte(sheetHead+c.rows+sheetTail), []byte(sstBody))
			_, err := rowsOf(path, "Sheet1")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}

// A workbook written by excelize itself, with every value type it writes,
// reads the same both ways; the marks say which cells are booleans,
// uncalculated formulas and percentages.
func TestRows_XLSXExcelizeWorkbookAndMarks(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"contract_ref", "period", "value", "flag", "when"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"C-1", "2026-04", 0.45, true, time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)})
	x.SetCellValue("Sheet1", "A3", "x")
	x.SetCellFormula("Sheet1", "C3", "=C2*2")
	x.SetCellRichText("Sheet1", "A4", []excelize.RichTextRun{{Text: "rich "}, {Text: "run"}})
	x.SetCellValue("Sheet1", "D4", false)
	x.SetCellValue("Sheet1", "H7", "far")
	pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10})
	x.SetCellStyle("Sheet1", "C2", "C2", pct)
	path := filepath.Join(t.TempDir(), "x.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	rows := mustMatchExcelize(t, path)
	if len(rows) != 5 || rows[3].Cells[0] != "rich run" || rows[4].Number != 7 {
		t.Fatalf("rows %s", show(rows))
	}
	f := open(t, path)
	marks := map[string]string{}
	f.Rows(context.Background(), "Sheet1", func(r Row) error {
		for col := 0; col < 10; col++ {
			var m []string
			if r.Percent(col) {
				m = append(m, "percent")
			}
			switch r.Kind(col) {
			case CellBool:
				m = append(m, "bool")
			case CellUncalculated:
				m = append(m, "uncalculated")
			}
			if len(m) > 0 {
				marks[fmt.Sprintf("%s%d", string(rune('A'+col)), r.Number)] = strings.Join(m, "+")
			}
		}
		return nil
	})
	want := map[string]string{"C2": "percent", "D2": "bool", "C3": "uncalculated", "D4": "bool"}
	if !reflect.DeepEqual(marks, want) {
		t.Errorf("marks %v, want %v", marks, want)
	}
}

// wellFormed tells whether encoding/xml reads the document to its end, and
// declares no encoding other than UTF-8: only then must the scanner read
// what excelize reads (on XML that is not well-formed excelize stops
// silently where its decoder fails).
func wellFormed(b []byte) bool {
	if m := regexp.MustCompile(`encoding=["']([^"']*)`).FindSubmatch(b); m != nil && !strings.EqualFold(string(m[1]), "utf-8") {
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	depth, root := 0, false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return root && depth == 0
		}
		if err != nil {
			return false
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 && root {
				return false
			}
			depth, root = depth+1, true
		case xml.EndElement:
			depth--
		}
	}
}

// differential compares the scanner with excelize on a workbook whose
// sheet (and shared strings) encoding/xml reads whole. Where the scanner
// refuses what excelize reads, it must be for what it refuses on purpose.
func differential(t *testing.T, sheetXML, sstXML []byte) {
	if !wellFormed(sheetXML) || (sstXML != nil && !wellFormed(sstXML)) {
		return
	}
	path := workbookWith(t, sheetXML, sstXML)
	want, werr := excelizeRows(path, "Sheet1")
	got, gerr := rowsOf(path, "Sheet1")
	var le *LimitError
	switch {
	case errors.As(gerr, &le):
		return // under fuzzLimits; excelize has none
	case gerr != nil && werr != nil:
		return
	case gerr != nil:
		msg := gerr.Error()
		for _, ok := range []string{"out of order", "not a row number", "cut short", "elements nested"} {
			if strings.Contains(msg, ok) {
				return
			}
		}
		t.Fatalf("svhub refused what excelize reads (%s): %v", show(want), gerr)
	case werr != nil:
		t.Fatalf("excelize refused (%v) what svhub reads: %s", werr, show(got))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows differ from excelize's\n got: %s\nwant: %s\nsheet: %q", show(got), show(want), sheetXML)
	}
}

// FuzzSheetCells writes well-formed sheets from the fuzzer's bytes (cells
// of every type, with or without references, gaps between rows and cells,
// text needing escapes) and checks the scanner reads what excelize reads.
func FuzzSheetCells(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"), "a&b<c>_x0041_\r\n é")
	f.Add([]byte("\x10\x21\x32\x43\x54\x65\x76\x87\x98\xa9\xba\xcb"), "  ")
	f.Add([]byte("\xff\xfe\xfd\x00\x00\x13\x37"), "]]>\"'")
	f.Fuzz(func(t *testing.T, plan []byte, text string) {
		if len(plan) > 400 {
			return
		}
		esc := func(s string) string {
			var b bytes.Buffer
			xml.EscapeText(&b, []byte(s))
			return b.String()
		}
		var sb strings.Builder
		sb.WriteString(sheetHead)
		row, col := 0, 0
		for i, p := range plan {
			if p%7 == 0 || i == 0 { // a new row, maybe after a gap, maybe without r
				if row > 0 {
					sb.WriteString("</row>")
				}
				row += 1 + int(p>>5)
				col = 0
				if p&0x10 != 0 {
					fmt.Fprintf(&sb, `<row r="%d">`, row)
				} else {
					sb.WriteString("<row>")
					row = row - int(p>>5) // excelize counts a row without r as the next
				}
				continue
			}
			col += 1 + int(p>>6)
			ref := ""
			if p&0x08 != 0 {
				ref = fmt.Sprintf(` r="%s%d"`, colName(col), row)
			}
			val := text
			if p&0x20 != 0 && len(text) > 0 {
				val = text[:int(p)%len(text)]
			}
			switch p % 6 {
			case 0:
				fmt.Fprintf(&sb, `<c%s><v>%d.%d</v></c>`, ref, i, p)
			case 1:
				fmt.Fprintf(&sb, `<c%s t="s"><v>%d</v></c>`, ref, int(p)%5)
			case 2:
				fmt.Fprintf(&sb, `<c%s t="inlineStr"><is><t>%s</t></is></c>`, ref, esc(val))
			case 3:
				fmt.Fprintf(&sb, `<c%s t="b"><v>%d</v></c>`, ref, p&1)
			case 4:
				fmt.Fprintf(&sb, `<c%s t="str"><f>X</f><v>%s</v></c>`, ref, esc(val))
			case 5:
				fmt.Fprintf(&sb, `<c%s s="%d"/>`, ref, p&3)
			}
		}
		if row > 0 {
			sb.WriteString("</row>")
		}
		sb.WriteString(sheetTail)
		differential(t, []byte(sb.String()), []byte(sstBody))
	})
}

func colName(n int) string {
	s := ""
	for ; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}

func show(rows []Row) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d:%q ", r.Number, r.Cells)
	}
	return b.String()
}

// A large workbook's sheets and shared strings are kept on disk by
// excelize, not in memory; svhub then streams the sheet from the zip and
// reads the shared strings as excelize does from its temporary file. With
// excelize's threshold lowered to one byte every part takes that path, and
// the rows must still be excelize's.
func TestRows_XLSXPartsKeptOnDisk(t *testing.T) {
	openOptions = []excelize.Options{{UnzipXMLSizeLimit: 1}}
	defer func() { openOptions = nil }()
	path := workbookWith(t, []byte(sheetHead+
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="s"><v>3</v></c><c r="D1"><v>7.5</v></c></row>`+
		`<row r="4"><c r="B4" t="inlineStr"><is><t>x</t></is></c><c r="C4" t="s"><v>4</v></c></row>`+sheetTail), []byte(sstBody))
	got := mustMatchExcelize(t, path)
	want := []Row{
		{Number: 1, Cells: []string{"contract_ref", "rich text", "line\rbreak and _x0041_ literal", "7.5"}},
		{Number: 4, Cells: []string{"", "x", "café & <tag>"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got: %s\nwant: %s", show(got), show(want))
	}
	f := open(t, path)
	readAll(t, f, "Sheet1")
	for _, part := range []string{"xl/worksheets/sheet1.xml", sstPath} {
		if _, inMemory := f.xl.Pkg.Load(part); inMemory {
			t.Fatalf("%s is in memory: the test does not reach the on-disk path", part)
		}
	}
	if f.sst.at != nil {
		t.Error("the shared strings were read from excelize's in-memory table, not from the zip")
	}
}
