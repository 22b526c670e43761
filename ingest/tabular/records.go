package tabular

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// Why a record could not be read. A row with a Problem is rejected on its
// own; the reader then carries on from the next line, so one stray quote
// never swallows the rows after it.
const (
	problemUnclosedQuote = `a quote (") opens a field in this row and is never closed, so the row's end cannot be told; the row was not read (the rows after it were read on their own)`
	hintUnclosedQuote    = `remove the stray quote, or quote the whole field and double any quote inside it ("")`
)

// recordReader splits delimited text into records, one physical line at a
// time. Fields follow RFC 4180 (a quoted field may hold delimiters, doubled
// quotes and line breaks) with Excel's leniency for a bare quote inside a
// field (12" monitor). What encoding/csv's LazyQuotes does with a quote that
// is never closed, swallowing every later line into one field, is refused:
// a quoted field may run onto later lines only if it is closed properly
// (a quote followed by the delimiter or the end of a line) and none of the
// lines it runs over looks like a record of its own (as many delimiters as
// the widest record so far, less one). Otherwise the record's first line
// becomes a rejected row and reading resumes on the line after it. Refusing
// a real multi-line note that happens to hold many commas costs one
// rejected row with its reason; merging rows would lose them without a word.
type recordReader struct {
	br      *bufio.Reader
	comma   byte
	pending []string // lines read ahead of a broken record, to be read again
	rest    string   // what follows a bare CR in the text last read
	eof     bool
	width   int      // the most fields any record so far had
	lines   []string // the physical lines of the record being read
}

// rawRecord is one record: its fields, or a problem and the text of its
// first line. lines is how many physical lines it took (for tests).
type rawRecord struct {
	fields  []string
	problem string
	hint    string
	text    string
	lines   int
}

func newRecordReader(r io.Reader, comma rune) *recordReader {
	return &recordReader{br: bufio.NewReader(r), comma: byte(comma)}
}

// readLine returns the next physical line with its ending. CR, LF and CRLF
// each end a line (old Mac files end lines with a bare CR; read as one
// line, the next row would be swallowed into the last field).
func (r *recordReader) readLine() (string, bool, error) {
	if len(r.pending) > 0 {
		l := r.pending[0]
		r.pending = r.pending[1:]
		return l, true, nil
	}
	if r.rest == "" {
		if r.eof {
			return "", false, nil
		}
		s, err := r.br.ReadString('\n')
		if errors.Is(err, io.EOF) {
			r.eof = true
		} else if err != nil {
			return "", false, err
		}
		if s == "" {
			return "", false, nil
		}
		r.rest = s
	}
	// ReadString stops at an LF; a CR before it ends a line of its own
	// unless the LF follows it at once.
	end := len(r.rest)
	if i := strings.IndexByte(r.rest, '\r'); i >= 0 && i < len(r.rest)-1 {
		end = i + 1
		if r.rest[i+1] == '\n' {
			end = i + 2
		}
	}
	line := r.rest[:end]
	r.rest = r.rest[end:]
	return line, true, nil
}

func trimEOL(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// lineEnds counts the line endings of text as the reader splits it: CRLF
// once, a bare CR or LF once each.
func lineEnds(s string) int {
	return strings.Count(s, "\n") + strings.Count(s, "\r") - strings.Count(s, "\r\n")
}

// next returns the next record, or io.EOF.
func (r *recordReader) next() (rawRecord, error) {
	first, ok, err := r.readLine()
	if err != nil {
		return rawRecord{}, err
	}
	if !ok {
		return rawRecord{}, io.EOF
	}
	r.lines = append(r.lines[:0], first)
	c := lineCursor{line: trimEOL(first)}
	// Records are about as wide as the widest so far: one allocation.
	fields := make([]string, 0, max(r.width, 1))
	for {
		if !c.quoteOpens() {
			fields = append(fields, c.unquoted(r.comma))
		} else {
			field, ok, err := r.quoted(&c)
			if err != nil {
				return rawRecord{}, err
			}
			if !ok {
				return r.broken(first), nil
			}
			fields = append(fields, field)
		}
		if c.i >= len(c.line) {
			break
		}
		c.i++ // the delimiter
	}
	r.width = max(r.width, len(fields))
	return rawRecord{fields: fields, lines: len(r.lines)}, nil
}

// broken gives back every line of the record after its first, in order
// ahead of any lines already pending, and makes the first a rejected row.
func (r *recordReader) broken(first string) rawRecord {
	r.pending = append(append([]string{}, r.lines[1:]...), r.pending...)
	return rawRecord{problem: problemUnclosedQuote, hint: hintUnclosedQuote, text: trimEOL(first), lines: 1}
}

// lineCursor is where a record's reading stands: the line being read (its
// ending cut off) and the position in it.
type lineCursor struct {
	line string
	i    int
}

// quoteOpens tells whether the field at the cursor starts with a quote.
func (c *lineCursor) quoteOpens() bool { return c.i < len(c.line) && c.line[c.i] == '"' }

// unquoted reads a field that does not start with a quote, up to the next
// delimiter or the line's end: a slice of the line, no copy.
func (c *lineCursor) unquoted(comma byte) string {
	j := strings.IndexByte(c.line[c.i:], comma)
	if j < 0 {
		j = len(c.line) - c.i
	}
	field := c.line[c.i : c.i+j]
	c.i += j
	return field
}

// quoted reads a quoted field from its opening quote at the cursor, onto
// later lines if it runs over them, leaving the cursor after its closing
// quote. ok is false when the field is never closed properly (see
// recordReader): the record is then broken.
func (r *recordReader) quoted(c *lineCursor) (field string, ok bool, err error) {
	c.i++ // the opening quote
	// Most quoted fields ("£1,714.58") close on their own line with no
	// quote inside: a slice of the line, as an unquoted field is.
	if j := strings.IndexByte(c.line[c.i:], '"'); j >= 0 {
		if end := c.i + j + 1; end == len(c.line) || c.line[end] == r.comma {
			field, c.i = c.line[c.i:c.i+j], end
			return field, true, nil
		}
	}
	var f strings.Builder
	for {
		j := strings.IndexByte(c.line[c.i:], '"')
		if j < 0 {
			f.WriteString(c.line[c.i:])
			if ok, err := r.continueField(c); !ok || err != nil {
				return "", false, err
			}
			f.WriteByte('\n')
			continue
		}
		f.WriteString(c.line[c.i : c.i+j])
		c.i += j + 1
		switch {
		case c.i < len(c.line) && c.line[c.i] == '"': // a doubled quote is one quote
			f.WriteByte('"')
			c.i++
		case c.i == len(c.line) || c.line[c.i] == r.comma:
			return f.String(), true, nil // closed properly
		case len(r.lines) > 1:
			// The field ran onto later lines and then "closed" in the middle
			// of text: it was never closed, a later quote was taken for its
			// end.
			return "", false, nil
		default:
			f.WriteByte('"') // a bare quote inside a quoted field: keep it
		}
	}
}

// continueField moves the cursor to the next line, for a quoted field that
// runs over its line's end. ok is false when there is no next line, or the
// next line looks like a record of its own.
func (r *recordReader) continueField(c *lineCursor) (ok bool, err error) {
	next, ok, err := r.readLine()
	if err != nil || !ok {
		return false, err
	}
	r.lines = append(r.lines, next)
	if r.width >= 3 && strings.Count(next, string(r.comma)) >= r.width-1 {
		return false, nil
	}
	c.line, c.i = trimEOL(next), 0
	return true, nil
}
