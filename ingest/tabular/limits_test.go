package tabular

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// deflateRun writes a raw DEFLATE stream (one final block, fixed Huffman
// codes) of prefix, then n copies of fill, then suffix: the run is coded as
// back-references of 258 bytes at distance 1, 13 bits each, which is how a
// real zip bomb packs 1.5 GB into about 1.5 MB.
func deflateRun(prefix string, fill byte, n int64, suffix string) []byte {
	var out bytes.Buffer
	var acc uint64
	var nbits uint
	put := func(v uint64, bits uint) { // LSB first
		acc |= v << nbits
		nbits += bits
		for nbits >= 8 {
			out.WriteByte(byte(acc))
			acc >>= 8
			nbits -= 8
		}
	}
	putCode := func(code uint64, bits uint) { // Huffman codes go MSB first
		var r uint64
		for i := uint(0); i < bits; i++ {
			r = r<<1 | (code>>i)&1
		}
		put(r, bits)
	}
	lit := func(b byte) {
		if b < 144 {
			putCode(0x30+uint64(b), 8)
		} else {
			putCode(0x190+uint64(b)-144, 9)
		}
	}
	rev := func(code uint64, bits uint) uint64 {
		var r uint64
		for i := uint(0); i < bits; i++ {
			r = r<<1 | (code>>i)&1
		}
		return r
	}
	run258 := rev(0xC0+285-280, 8) // the 5-bit distance code 0 is all zeros above it
	put(1, 1)                      // final block
	put(1, 2)                      // fixed Huffman
	for i := 0; i < len(prefix); i++ {
		lit(prefix[i])
	}
	if n > 0 {
		lit(fill)
		left := n - 1
		for left > 0 {
			l := int64(258)
			if left < 258 {
				if left < 3 {
					for ; left > 0; left-- {
						lit(fill)
					}
					break
				}
				l = left
			}
			// Length code: 258 is code 285 with no extra bits; for shorter
			// tails use the codes 257-264 (3-10) or literals.
			if l == 258 {
				put(run258, 13) // code 285, then distance code 0
				left -= l
				continue
			}
			if l <= 10 {
				putCode(uint64(l-3+257-256), 7) // codes 257..264 are 7-bit 0000001..0001000
			} else {
				for ; l > 10; l-- {
					lit(fill)
					left--
				}
				putCode(uint64(l-3+257-256), 7)
			}
			putCode(0, 5) // distance 1
			left -= l
		}
	}
	for i := 0; i < len(suffix); i++ {
		lit(suffix[i])
	}
	putCode(0, 7) // end of block (256)
	if nbits > 0 {
		out.WriteByte(byte(acc))
	}
	return out.Bytes()
}

// bombWorkbook writes a valid workbook whose Sheet1 XML is replaced by a
// part that inflates to sheetBytes of well-formed XML (whitespace inside
// sheetData), so without the limits excelize would really read all of it.
func bombWorkbook(t *testing.T, sheetBytes int64) string {
	t.Helper()
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "contract_ref")
	var base bytes.Buffer
	if err := x.Write(&base); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(fh)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		prefix := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
		suffix := `</sheetData></worksheet>`
		fill := sheetBytes - int64(len(prefix)+len(suffix))
		raw := deflateRun(prefix, ' ', fill, suffix)
		crc := crc32.NewIEEE()
		io.WriteString(crc, prefix)
		spaces := bytes.Repeat([]byte{' '}, 1<<20)
		for left := fill; left > 0; {
			k := min(left, int64(len(spaces)))
			crc.Write(spaces[:k])
			left -= k
		}
		io.WriteString(crc, suffix)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(sheetBytes)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	return path
}

func TestDeflateRun_IsRealDeflate(t *testing.T) {
	// The bomb must be a real one: the stream inflates to what it claims.
	for _, n := range []int64{0, 1, 2, 3, 9, 10, 11, 258, 259, 261, 270, 5000} {
		raw := deflateRun("<a>", ' ', n, "</a>")
		got, err := io.ReadAll(flateReader(raw))
		want := "<a>" + strings.Repeat(" ", int(n)) + "</a>"
		if err != nil || string(got) != want {
			t.Fatalf("n=%d: inflated %d bytes (want %d), err %v", n, len(got), len(want), err)
		}
	}
}

func TestOpen_ZipBombRefusedFromDirectory(t *testing.T) {
	path := bombWorkbook(t, 1500<<20) // 1.5 GB of sheet XML
	st, _ := os.Stat(path)
	// Fixed Huffman codes give ~160:1 (a real bomb's dynamic codes ~1000:1);
	// what matters here is the 1.5 GB its directory declares.
	if st.Size() > 12<<20 {
		t.Fatalf("bomb is %d bytes; want about 10 MB", st.Size())
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	readBefore := bytesRead()
	f, err := Open(path)
	readAfter := bytesRead()
	runtime.ReadMemStats(&after)
	if f != nil {
		f.Close()
	}
	var le *LimitError
	if !errors.As(err, &le) || le.Name != "max_sheet_xml_bytes" {
		t.Fatalf("Open(bomb) = %v; want a max_sheet_xml_bytes LimitError", err)
	}
	if !strings.Contains(err.Error(), "1.5 GB") || !strings.Contains(err.Error(), "256.0 MB") || !strings.Contains(err.Error(), "xl/worksheets/sheet1.xml") {
		t.Errorf("message does not say what and where: %v", err)
	}
	// Refused from the zip's directory, before any of the sheet is read:
	// a few KB of allocations (9 KB when measured), where reading even the
	// compressed sheet would take its 10 MB and inflating it 1.5 GB. Bytes
	// allocated, not wall time: a busy machine cannot make it fail.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing allocated %d KB; want under 1 MB (the zip directory only)", alloc>>10)
	}
	// and read: where the system counts it, the bytes read from files,
	// under 1 MB of the 10 MB file (a reader that inflated the sheet and
	// threw it away would allocate little but read it all)
	if readBefore >= 0 && readAfter-readBefore > 1<<20 {
		t.Errorf("refusing read %d KB from files; want under 1 MB (the zip directory only)", (readAfter-readBefore)>>10)
	}
}

// bytesRead is what this process has read so far (rchar of Linux's
// /proc/self/io), or -1 where the system does not say.
func bytesRead() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "rchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

func TestOpen_WorkbookLimitsConfigurable(t *testing.T) {
	path := bombWorkbook(t, 2<<20) // 2 MB sheet: fine by default
	f, err := Open(path)
	if err != nil {
		t.Fatalf("a 2 MB sheet was refused by default: %v", err)
	}
	var rows int
	if err := f.Rows(context.Background(), "Sheet1", func(Row) error { rows++; return nil }); err != nil {
		t.Fatalf("reading the 2 MB sheet: %v", err)
	}
	f.Close()
	for _, c := range []struct {
		lim  Limits
		name string
	}{
		{Limits{MaxSheetXMLBytes: 1 << 20}, "max_sheet_xml_bytes"},
		{Limits{MaxWorkbookBytes: 1 << 20}, "max_workbook_bytes"},
	} {
		_, err := OpenLimited(path, c.lim)
		var le *LimitError
		if !errors.As(err, &le) || le.Name != c.name || !errors.Is(err, ErrLimit) {
			t.Errorf("OpenLimited(%+v) = %v; want %s", c.lim, err, c.name)
		}
	}
}

func TestOpen_SharedStringsLimit(t *testing.T) {
	x := excelize.NewFile()
	for i := 1; i <= 200; i++ {
		x.SetCellValue("Sheet1", "A"+itoa(i), strings.Repeat("x", 100)+itoa(i))
	}
	path := filepath.Join(t.TempDir(), "sst.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	// 200 distinct strings of ~103 characters: the table is over 20,000 bytes.
	_, err := OpenLimited(path, Limits{MaxSharedStringsBytes: 20_000})
	var le *LimitError
	if !errors.As(err, &le) || le.Name != "max_shared_strings_bytes" {
		t.Fatalf("got %v; want max_shared_strings_bytes", err)
	}
	if f, err := OpenLimited(path, Limits{MaxSharedStringsBytes: 40_000}); err != nil {
		t.Fatalf("under the limit: %v", err)
	} else {
		f.Close()
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func flateReader(raw []byte) io.Reader { return flate.NewReader(bytes.NewReader(raw)) }

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readErr(t *testing.T, path string, lim Limits) (int, error) {
	t.Helper()
	f, err := OpenLimited(path, lim)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	err = f.Rows(context.Background(), f.Sheets()[0], func(Row) error { n++; return nil })
	return n, err
}

func TestRows_RowLimits(t *testing.T) {
	long := strings.Repeat("é", 32_768) // one character over Excel's cell limit
	for _, c := range []struct {
		name, content string
		lim           Limits
		limit, where  string
		rowsBefore    int // rows handed on before the limit stopped reading
	}{
		{"rows", "a,b\n1,2\n3,4\n5,6\n", Limits{MaxRows: 3}, "max_rows", "row 4", 3},
		{"columns", "a,b\n1,2,3\n", Limits{MaxColumns: 2}, "max_columns", "row 2", 1},
		{"cell text, Excel's limit", "a,b\n1," + long + "\n", Limits{}, "max_cell_chars", "row 2 column 2", 1},
		{"line length", "a,b\n1," + strings.Repeat("x", 200) + "\n", Limits{MaxLineBytes: 100}, "max_line_bytes", "line 2", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, err := readErr(t, writeFile(t, "f.csv", c.content), c.lim)
			var le *LimitError
			if !errors.As(err, &le) || le.Name != c.limit || !strings.Contains(err.Error(), c.where) || !strings.Contains(err.Error(), c.limit) {
				t.Fatalf("got %v; want %s at %s", err, c.limit, c.where)
			}
			if c.limit != "max_line_bytes" && n != c.rowsBefore {
				t.Errorf("%d rows before the limit; want %d", n, c.rowsBefore)
			}
		})
	}
	// Exactly at the limits is fine.
	n, err := readErr(t, writeFile(t, "ok.csv", "a,b\n1,"+strings.Repeat("é", 32_767)+"\n"), Limits{MaxRows: 2, MaxColumns: 2})
	if err != nil || n != 2 {
		t.Fatalf("at the limits: %d rows, %v", n, err)
	}
}

func TestRows_LongLineStopsEarly(t *testing.T) {
	// 20 MB of garbage on one line under a valid header: refused after the
	// first MiB of the line, not after buffering all of it.
	p := filepath.Join(t.TempDir(), "garbage.csv")
	fh, _ := os.Create(p)
	fh.WriteString("contract_ref,period,measure_code,value\n")
	chunk := bytes.Repeat([]byte("zq"), 1<<19)
	for i := 0; i < 20; i++ {
		fh.Write(chunk)
	}
	fh.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := readErr(t, p, Limits{})
	runtime.ReadMemStats(&after)
	var le *LimitError
	if !errors.As(err, &le) || le.Name != "max_line_bytes" {
		t.Fatalf("got %v; want max_line_bytes", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 15<<20 {
		t.Errorf("allocated %d MB reading a refused 20 MB line; want well under the file's size", alloc>>20)
	}
}

func TestRows_XLSXRowAndCellLimits(t *testing.T) {
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "h")
	x.SetCellValue("Sheet1", "A5", "late")
	x.SetCellValue("Sheet1", "D2", "wide")
	path := filepath.Join(t.TempDir(), "w.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lim   Limits
		limit string
		where string
	}{
		{Limits{MaxRows: 4}, "max_rows", `sheet "Sheet1" row 5`},
		{Limits{MaxColumns: 3}, "max_columns", `sheet "Sheet1" row 2`},
	} {
		_, err := readErr(t, path, c.lim)
		var le *LimitError
		if !errors.As(err, &le) || le.Name != c.limit || !strings.Contains(err.Error(), c.where) {
			t.Errorf("%+v: got %v; want %s at %s", c.lim, err, c.limit, c.where)
		}
	}
}
