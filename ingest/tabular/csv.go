package tabular

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const (
	sniffBytes = 64 << 10 // enough for the title, header and first data lines
	sniffLines = 20
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// openCSV reads the file once to hash it and to decide its encoding: Excel
// on Windows writes "CSV (comma delimited)" as Windows-1252, so a file that
// is not valid UTF-8 is taken to be that rather than rejected; "Unicode
// Text" is UTF-16 with tabs, which is decoded. A file whose bytes say it is
// something else (a workbook renamed .csv) is a FileError.
func openCSV(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, openErr(path, err)
	}
	defer fh.Close()

	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(fh, h), sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	head = bytes.Clone(head)
	kind := sniff(head)
	if err := notCSV(path, kind); err != nil {
		return nil, err
	}

	// Line endings are counted in the same pass, outside quoted fields,
	// with the delimiter the first lines show (UTF-16's bytes are not
	// ASCII text, so its endings are not counted).
	utf16 := kind == contentUTF16LE || kind == contentUTF16BE
	var eols eolScan
	var rest io.Reader = br
	if !utf16 {
		eols.comma = byte(sniffDelimiter(bytes.TrimPrefix(head, bomUTF8)))
		eols.fieldStart = true
		rest = io.TeeReader(br, &eols)
	}
	valid, err := validUTF8(rest, kind == contentText)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}

	f := &File{Path: path, SHA256: hex.EncodeToString(h.Sum(nil)), Format: "csv", eols: eols.counts}
	if f.Encoding, head, err = csvEncoding(path, kind, head, valid); err != nil {
		return nil, err
	}
	f.Delimiter = sniffDelimiter(head)
	return f, nil
}

// notCSV says why a file whose first bytes show this kind of content
// cannot be read as CSV, and what to do; nil for text.
func notCSV(path string, kind content) error {
	switch kind {
	case contentEmpty:
		return fileErr(path, "the file is empty (0 bytes)", "send the file again with its data", nil)
	case contentZip:
		return fileErr(path, "this is not a CSV file: it is an Excel workbook (or another zip package) named "+filepath.Ext(path), "rename it to .xlsx", nil)
	case contentOLE:
		return fileErr(path, "this is not a CSV file: it is an old-style Excel .xls workbook or a password-protected workbook", saveAsHint+", without a password", nil)
	case contentBinary:
		return fileErr(path, "this is not a text file, so it cannot be read as CSV", saveAsHint, nil)
	}
	return nil
}

// csvEncoding names a csv file's encoding from its kind, its first bytes
// and whether all of it is valid UTF-8, and gives those first bytes as
// UTF-8 without a BOM, for the delimiter to be sniffed from.
func csvEncoding(path string, kind content, head []byte, valid bool) (string, []byte, error) {
	switch {
	case kind == contentUTF16LE || kind == contentUTF16BE:
		enc := "utf-16le"
		if kind == contentUTF16BE {
			enc = "utf-16be"
		}
		text, err := utf16Decoder(enc).Bytes(head[:len(head)&^1])
		if err != nil {
			return "", nil, fileErr(path, "the file looks like UTF-16 text but cannot be decoded", saveAsHint, err)
		}
		return enc, bytes.TrimPrefix(text, bomUTF8), nil
	case bytes.HasPrefix(head, bomUTF8):
		// A BOM is a deliberate UTF-8 marker; trust it over stray bytes.
		return "utf-8-bom", head[len(bomUTF8):], nil
	case valid:
		return "utf-8", head, nil
	}
	return "windows-1252", head, nil
}

// eolScan counts, as a csv file's bytes go by, how its records end outside
// quoted fields: by LF, CRLF or a bare CR (old Mac files). A quote opens a
// field only at the field's start, as in the record reader; a line break
// inside a quoted field (Excel's for a note on several lines) is not a
// record's end and is not counted.
type eolScan struct {
	comma      byte
	counts     [3]int // LF, CRLF, CR
	fieldStart bool
	quoted     bool // inside a quoted field
	quote      bool // a quote was just seen inside a quoted field
	cr         bool // the last byte was a CR ending a record
}

// Write reads p a span at a time: bytes.IndexByte finds the next quote
// or line end, so the bytes between are passed over at memory speed
// rather than one by one (a byte loop here was a fifth of reading a csv).
func (e *eolScan) Write(p []byte) (int, error) {
	b := p
	for len(b) > 0 {
		switch {
		case e.cr:
			e.cr = false
			if b[0] == '\n' { // the CR and this LF end one record
				e.counts[eolCR]--
				e.counts[eolCRLF]++
				b = b[1:]
			}
		case e.quoted:
			b = e.inQuotes(b)
		default:
			b = e.outside(b)
		}
	}
	return len(p), nil
}

// inQuotes passes over a quoted field's bytes through the next quote; the
// byte after that quote says whether it was doubled (one quote in the
// field) or closed the field.
func (e *eolScan) inQuotes(b []byte) []byte {
	if e.quote {
		e.quote = false
		if b[0] == '"' { // a doubled quote is one quote
			return b[1:]
		}
		e.quoted = false // closed: b[0] follows the field
		return b
	}
	j := bytes.IndexByte(b, '"')
	if j < 0 {
		return nil
	}
	e.quote = true
	return b[j+1:]
}

// outside passes over bytes outside quoted fields through the next line
// end or quote. A quote opens a field only at the field's start: after a
// delimiter or a line end, or at the file's start.
func (e *eolScan) outside(b []byte) []byte {
	j := lineEndOrQuote(b)
	span := b
	if j >= 0 {
		span = b[:j]
	}
	if len(span) > 0 {
		e.fieldStart = span[len(span)-1] == e.comma
	}
	if j < 0 {
		return nil
	}
	switch b[j] {
	case '\n':
		e.counts[eolLF]++
		e.fieldStart = true
	case '\r':
		e.counts[eolCR]++
		e.cr, e.fieldStart = true, true
	case '"':
		e.quoted = e.fieldStart
		e.fieldStart = false
	}
	return b[j+1:]
}

// lineEndOrQuote is the index of the first LF, CR or quote in b, or -1.
// Each search stops at the first LF, so a file is searched about once
// whatever its lines hold.
func lineEndOrQuote(b []byte) int {
	j := bytes.IndexByte(b, '\n')
	within := b
	if j >= 0 {
		within = b[:j]
	}
	if q := bytes.IndexByte(within, '"'); q >= 0 {
		j, within = q, within[:q]
	}
	if r := bytes.IndexByte(within, '\r'); r >= 0 {
		j = r
	}
	return j
}

const (
	eolLF = iota
	eolCRLF
	eolCR
)

// Notes are what a reader of the file should know although nothing was
// refused: a csv file whose records end in more than one way (LF, CRLF, a
// bare CR), as when files from two systems were pasted together. Each ends
// a record, so no row is joined to the next; the note says so, to check.
func (f *File) Notes() []string {
	var kinds []string
	for i, name := range []string{"LF (Linux, Mac)", "CRLF (Windows)", "a bare CR (old Mac)"} {
		if n := f.eols[i]; n > 0 {
			kinds = append(kinds, fmt.Sprintf("%d by %s", n, name))
		}
	}
	if len(kinds) < 2 {
		return nil
	}
	return []string{fmt.Sprintf("the file mixes line endings: of its rows, %s; each was read as the end of a row, so check that no row was split or joined",
		strings.Join(kinds, ", "))}
}

// validUTF8 reads r to its end (which hashes the file, through the tee
// under it) and, when check is set, tells whether all of it is UTF-8. It
// checks whole chunks with utf8.Valid, carrying a character cut by a
// chunk's end over to the next chunk, rather than decoding rune by rune.
func validUTF8(r io.Reader, check bool) (bool, error) {
	buf := make([]byte, 64<<10)
	carry := 0 // bytes of a character cut by the last chunk's end, at buf[:carry]
	valid := check
	for {
		n, err := r.Read(buf[carry:])
		if valid {
			data := buf[:carry+n]
			cut := len(data)
			// A character cut at the end: its lead byte is within the last
			// three bytes and the bytes from it do not make a whole rune.
			for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax+1; i-- {
				if utf8.RuneStart(data[i]) {
					if !utf8.FullRune(data[i:]) {
						cut = i
					}
					break
				}
			}
			if errors.Is(err, io.EOF) {
				cut = len(data) // a cut character at the very end is invalid
			}
			if !utf8.Valid(data[:cut]) {
				valid, carry = false, 0
			} else {
				carry = copy(buf, data[cut:])
			}
		}
		if errors.Is(err, io.EOF) {
			return valid, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// utf16Decoder decodes UTF-16 in the given byte order, or the one a BOM
// gives (and drops the BOM).
func utf16Decoder(enc string) *encoding.Decoder {
	order := unicode.LittleEndian
	if enc == "utf-16be" {
		order = unicode.BigEndian
	}
	return unicode.UTF16(order, unicode.UseBOM).NewDecoder()
}

// delimiters are the candidates sniffDelimiter picks from, the first
// winning ties.
const delimiters = ",;\t"

// sniffDelimiter picks ',', ';' (Excel in many European locales writes
// semicolons) or a tab (Excel's "Unicode Text" and "Text (Tab delimited)").
// For each candidate it counts occurrences outside quotes on each of the
// first lines and scores how many lines share the most common non-zero
// count: a real delimiter appears the same number of times on the header
// and data lines, while a comma used as a decimal mark in a semicolon file,
// or in a title line, does not. Ties go to the comma.
func sniffDelimiter(head []byte) rune {
	perLine := countDelimiters(head)
	best, bestScore, bestMode := rune(delimiters[0]), 0, 0
	for i, c := range delimiters {
		score, mode := steadiest(perLine[i])
		if score > bestScore || (score == bestScore && mode > bestMode) {
			best, bestScore, bestMode = c, score, mode
		}
	}
	return best
}

// delimiterCount counts each candidate delimiter on each line.
type delimiterCount struct {
	perLine [len(delimiters)][]int // by candidate, its count on each line that holds any candidate
	line    [len(delimiters)]int   // the counts on the line being read
	lines   int
}

// countDelimiters counts the candidates outside quotes on each of the
// first sniffLines lines that hold any of them.
func countDelimiters(head []byte) [len(delimiters)][]int {
	var d delimiterCount
	inQuotes := false
	for _, b := range head {
		if d.lines >= sniffLines {
			break
		}
		switch {
		case b == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case b == '\n' || b == '\r':
			d.endLine() // a CRLF's LF ends an empty line, which is not counted
		default:
			if i := strings.IndexByte(delimiters, b); i >= 0 {
				d.line[i]++
			}
		}
	}
	if d.lines < sniffLines {
		d.endLine()
	}
	return d.perLine
}

func (d *delimiterCount) endLine() {
	if d.line == [len(delimiters)]int{} {
		return
	}
	for i, n := range d.line {
		d.perLine[i] = append(d.perLine[i], n)
	}
	d.lines++
	d.line = [len(delimiters)]int{}
}

// steadiest is how many lines share the most common non-zero count, and
// that count (the larger of equally common ones).
func steadiest(counts []int) (score, mode int) {
	freq := map[int]int{}
	for _, n := range counts {
		if n > 0 {
			freq[n]++
		}
	}
	for n, k := range freq {
		if k > score || (k == score && n > mode) {
			score, mode = k, n
		}
	}
	return score, mode
}

// csvRows numbers records the way Excel shows the file: each record is one
// row even when a quoted field spans lines, and each blank line still takes
// up a row. A record that cannot be read (a quote never closed) comes back
// as a row with a Problem, numbered like any other.
func (f *File) csvRows(ctx context.Context, fn func(Row) error) error {
	fh, err := os.Open(f.Path)
	if err != nil {
		return fmt.Errorf("read %s: %w", f.Path, err)
	}
	defer fh.Close()

	br := bufio.NewReader(limitLines(fh, f.Path, f.limits.WithDefaults().MaxLineBytes))
	var in io.Reader = br
	switch f.Encoding {
	case "utf-8-bom":
		if _, err := br.Discard(len(bomUTF8)); err != nil {
			return fmt.Errorf("read %s: %w", f.Path, err)
		}
	case "windows-1252":
		in = charmap.Windows1252.NewDecoder().Reader(br)
	case "utf-16le", "utf-16be":
		in = utf16Decoder(f.Encoding).Reader(br)
	}

	r := newRecordReader(in, f.Delimiter)
	number := 0
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("read %s: %w", f.Path, err)
		}
		rec, err := r.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", f.Path, err)
		}
		number++
		row := Row{Number: number}
		switch {
		case rec.problem != "":
			row.Problem, row.Hint, row.Text = rec.problem, rec.hint, rec.text
		case blank(rec.fields):
			continue
		default:
			row.Cells = trimTrailing(rec.fields)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}
