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
	width   int // the most fields any record so far had
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
	lines := []string{first}
	broken := func() (rawRecord, error) {
		// Give back every line after the first, in order, ahead of any
		// lines already pending.
		r.pending = append(append([]string{}, lines[1:]...), r.pending...)
		return rawRecord{problem: problemUnclosedQuote, hint: hintUnclosedQuote, text: trimEOL(first), lines: 1}, nil
	}
	var (
		fields []string
		f      strings.Builder
		cur    = trimEOL(first)
		i      = 0
	)
	for {
		if i < len(cur) && cur[i] == '"' {
			i++
			for {
				j := strings.IndexByte(cur[i:], '"')
				if j < 0 {
					f.WriteString(cur[i:])
					next, ok, err := r.readLine()
					if err != nil {
						return rawRecord{}, err
					}
					if !ok {
						return broken()
					}
					f.WriteByte('\n')
					lines = append(lines, next)
					if r.width >= 3 && strings.Count(next, string(r.comma)) >= r.width-1 {
						return broken()
					}
					cur, i = trimEOL(next), 0
					continue
				}
				f.WriteString(cur[i : i+j])
				i += j + 1
				if i < len(cur) && cur[i] == '"' { // a doubled quote is one quote
					f.WriteByte('"')
					i++
					continue
				}
				if i == len(cur) || cur[i] == r.comma {
					break // closed properly
				}
				if len(lines) > 1 {
					// The field ran onto later lines and then "closed" in the
					// middle of text: it was never closed, a later quote was
					// taken for its end.
					return broken()
				}
				f.WriteByte('"') // a bare quote inside a quoted field: keep it
			}
		} else {
			j := strings.IndexByte(cur[i:], r.comma)
			if j < 0 {
				j = len(cur) - i
			}
			if f.Len() == 0 {
				// An unquoted field is a slice of its line: no copy.
				fields = append(fields, cur[i:i+j])
				i += j
				if i >= len(cur) {
					break
				}
				i++ // the delimiter
				continue
			}
			f.WriteString(cur[i : i+j])
			i += j
		}
		fields = append(fields, f.String())
		f.Reset()
		if i >= len(cur) {
			break
		}
		i++ // the delimiter
	}
	r.width = max(r.width, len(fields))
	return rawRecord{fields: fields, lines: len(lines)}, nil
}
