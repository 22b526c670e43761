package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"testing"
	"testing/iotest"
)

// The csv pre-pass (eolScan) and the line limiter read their bytes a span
// at a time. These tests hold them to the byte-at-a-time state machines
// they replaced, kept here as the reference, on random text made of the
// bytes that matter (quotes, delimiters, CR, LF) written in random chunks.

type byteEOLScan struct {
	comma                         byte
	counts                        [3]int
	fieldStart, quoted, quote, cr bool
}

func (e *byteEOLScan) Write(p []byte) (int, error) {
	for _, b := range p {
		if e.cr {
			e.cr = false
			if b == '\n' {
				e.counts[eolCR]--
				e.counts[eolCRLF]++
				continue
			}
		}
		if e.quoted {
			switch {
			case b == '"':
				e.quote = !e.quote
				continue
			case !e.quote:
				continue
			}
			e.quoted, e.quote = false, false
		}
		switch b {
		case '\n':
			e.counts[eolLF]++
			e.fieldStart = true
		case '\r':
			e.counts[eolCR]++
			e.cr, e.fieldStart = true, true
		case e.comma:
			e.fieldStart = true
		case '"':
			e.quoted = e.fieldStart
			e.fieldStart = false
		default:
			e.fieldStart = false
		}
	}
	return len(p), nil
}

func randomCSVText(r *rand.Rand) []byte {
	const alphabet = "ab,;\t\"\"\n\r\r\n "
	b := make([]byte, r.Intn(200))
	for i := range b {
		b[i] = alphabet[r.Intn(len(alphabet))]
	}
	return b
}

// writeChunks writes b to w in random pieces.
func writeChunks(r *rand.Rand, w io.Writer, b []byte) {
	for len(b) > 0 {
		n := 1 + r.Intn(len(b))
		w.Write(b[:n])
		b = b[n:]
	}
}

func TestEOLScan_SameAsByteLoop(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for i := range 20000 {
		text := randomCSVText(r)
		comma := ",;\t"[i%3]
		want := byteEOLScan{comma: comma, fieldStart: true}
		want.Write(text)
		got := eolScan{comma: comma, fieldStart: true}
		writeChunks(r, &got, text)
		if got.counts != want.counts {
			t.Fatalf("%q (delimiter %q): counts LF, CRLF, CR %v, the byte loop %v", text, comma, got.counts, want.counts)
		}
	}
}

// TestEOLScan_Counts is worked by hand: a quoted field's line break is not
// a record's end, a quote inside a field opens nothing, CRLF split across
// writes is one ending.
func TestEOLScan_Counts(t *testing.T) {
	e := eolScan{comma: ',', fieldStart: true}
	for _, part := range []string{"a,\"x\ny\"\r", "\nb,12\" monitor\r", "c\n", "\"q\"\"\r\n\",d\r"} {
		e.Write([]byte(part))
	}
	// Record ends: \r\n after "x\ny" (CRLF across writes), \r after
	// monitor, \n after c, \r at the end; the \n inside "x\ny" and the \r\n
	// inside "q""\r\n" are in quotes.
	if want := [3]int{1, 1, 2}; e.counts != want {
		t.Errorf("LF, CRLF, CR = %v, want %v", e.counts, want)
	}
}

type byteLimiter struct {
	max, run, line int
	cr             bool
}

// read is the byte loop's result for the whole text: the bytes passed
// before it tripped, and the line and length it reported.
func (l *byteLimiter) read(text []byte) (passed int, tripLine int) {
	for i, c := range text {
		if c == '\n' || c == '\r' {
			if !(c == '\n' && l.cr) {
				l.line++
			}
			l.run, l.cr = 0, c == '\r'
			continue
		}
		l.cr = false
		l.run++
		if l.run > l.max {
			return i, l.line
		}
	}
	return len(text), 0
}

func TestLineLimiter_SameAsByteLoop(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for i := range 20000 {
		text := randomCSVText(r)
		max := 1 + r.Intn(12)
		ref := byteLimiter{max: max, line: 1}
		_, tripLine := ref.read(text)

		var src io.Reader = bytes.NewReader(text)
		if i%2 == 0 {
			src = iotest.OneByteReader(src)
		}
		got, err := io.ReadAll(limitLines(src, "f.csv", max))
		var le *LimitError
		switch {
		case tripLine == 0 && err != nil:
			t.Fatalf("%q (max %d): %v, the byte loop passes it", text, max, err)
		case tripLine == 0 && !bytes.Equal(got, text):
			t.Fatalf("%q (max %d): passed %q", text, max, got)
		case tripLine > 0 && !errors.As(err, &le):
			t.Fatalf("%q (max %d): no limit error (%v), the byte loop trips on line %d", text, max, err, tripLine)
		case tripLine > 0 && (le.Where != fmt.Sprintf("line %d", tripLine) || le.Got != int64(max+1)):
			t.Fatalf("%q (max %d): tripped at %s with %d bytes, the byte loop on line %d with %d", text, max, le.Where, le.Got, tripLine, max+1)
		}
	}
}

// TestLineLimiter_Lines is worked by hand: CRLF is one line end, a bare CR
// and an LF one each, so the long line is the fourth.
func TestLineLimiter_Lines(t *testing.T) {
	_, err := io.ReadAll(limitLines(bytes.NewReader([]byte("ab\r\ncd\ref\nghijk\n")), "f.csv", 4))
	var le *LimitError
	if !errors.As(err, &le) || le.Where != "line 4" || le.Got != 5 {
		t.Fatalf("got %v, want line 4 over 4 bytes", err)
	}
	if _, err := io.ReadAll(limitLines(bytes.NewReader([]byte("abcd\r\nabcd\rabcd\n")), "f.csv", 4)); err != nil {
		t.Fatalf("lines of 4 bytes under a limit of 4: %v", err)
	}
}
