package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScan is a small streaming XML tokenizer for a worksheet part: start
// and end tags with their attributes, and character data with entities
// decoded and line ends normalised the way encoding/xml does (\r\n and \r
// become \n). It checks what a sheet needs to be read whole: every tag
// closes the element it should, and the document ends where its root
// element ends. It does not allocate per token; the slices it returns are
// valid until the next call.
//
// It exists because encoding/xml allocates for every token and excelize's
// row reader decodes every cell through reflection: a sheet read that way
// cost several times the decompression, and svhub read each sheet three
// more times for cell types, percent styles and the end check.
type xmlScan struct {
	r     *bufio.Reader
	stack []byte // open element names, each followed by a 0 byte
	ends  []int  // where each open name starts in stack
	done  bool   // the root element has closed

	// The current token.
	name     []byte // raw tag name (prefix:local)
	attrs    []byte // raw attribute text of a start tag
	selfEnd  bool   // <tag/>
	text     []byte // character data, decoded (kind == tokText)
	scratch  []byte
	attrBuf  []byte
	valueBuf []byte
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
	tokSkip // a comment, processing instruction, declaration or white space around the root: never returned by next
)

// maxXMLDepth bounds element nesting: a worksheet nests about six deep, so
// a deeper document is not a sheet (and would only grow the stack).
const maxXMLDepth = 1000

// errXMLDamaged is an XML part that is not well-formed: mismatched tags, a
// bad entity, text after the end.
var errXMLDamaged = errors.New("the sheet's XML is damaged")

func newXMLScan(r io.Reader) *xmlScan {
	return &xmlScan{r: bufio.NewReaderSize(r, 64<<10)}
}

func damaged(format string, args ...any) error {
	return fmt.Errorf("%w (%s)", errXMLDamaged, fmt.Sprintf(format, args...))
}

// readUntil reads through the next occurrence of delim and returns what
// came before it. A delimiter never found is io.ErrUnexpectedEOF (a part
// cut short), or the reader's own error.
func (x *xmlScan) readUntil(delim byte) ([]byte, error) {
	b, err := x.r.ReadSlice(delim)
	if err == nil {
		return b[:len(b)-1], nil
	}
	x.scratch = append(x.scratch[:0], b...)
	for errors.Is(err, bufio.ErrBufferFull) {
		b, err = x.r.ReadSlice(delim)
		x.scratch = append(x.scratch, b...)
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			if delim == '<' {
				return x.scratch, io.EOF // text at the end of the part
			}
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return x.scratch[:len(x.scratch)-1], nil
}

// readThrough reads until the byte sequence end (for comments, CDATA and
// processing instructions) and returns what came before it.
func (x *xmlScan) readThrough(end string) ([]byte, error) {
	x.scratch = x.scratch[:0]
	last := end[len(end)-1]
	for {
		b, err := x.r.ReadSlice(last)
		x.scratch = append(x.scratch, b...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if bytes.HasSuffix(x.scratch, []byte(end)) {
			return x.scratch[:len(x.scratch)-len(end)], nil
		}
	}
}

// next reads the next tag or run of text. Comments, processing
// instructions and declarations are skipped; CDATA sections come back as
// text. At the end of the part it returns tokEOF, or an error if the part
// stops inside an element (ErrSheetCutShort) or is not well-formed.
func (x *xmlScan) next() (tokKind, error) {
	for {
		k, err := x.token()
		if err != nil {
			return tokEOF, err
		}
		if k != tokSkip {
			return k, nil
		}
	}
}

// token reads one piece of the part, by what its first bytes say it is.
func (x *xmlScan) token() (tokKind, error) {
	c, err := x.r.ReadByte()
	if err != nil {
		return x.partEnd(err)
	}
	if c != '<' {
		x.r.UnreadByte()
		return x.textRun()
	}
	c, err = x.r.ReadByte()
	if err != nil {
		return tokEOF, x.cut(err)
	}
	switch c {
	case '/':
		return x.endTag()
	case '?':
		_, err := x.readThrough("?>")
		return x.skipped(err)
	case '!':
		return x.markup()
	}
	x.r.UnreadByte()
	return x.startTag()
}

// partEnd is the end of the part's bytes: the sheet's end if its root
// element has closed, else a part cut short.
func (x *xmlScan) partEnd(err error) (tokKind, error) {
	switch {
	case !errors.Is(err, io.EOF):
		return tokEOF, fmt.Errorf("%w: %v", ErrSheetCutShort, err)
	case !x.done:
		return tokEOF, ErrSheetCutShort
	}
	return tokEOF, nil
}

// textRun reads character data up to the next tag. Only white space (and
// the NULs some tools pad with) may stand outside the root element.
func (x *xmlScan) textRun() (tokKind, error) {
	raw, err := x.readUntil('<')
	if errors.Is(err, io.EOF) { // the part ends in text
		if !x.done || !xmlSpace(raw) {
			return tokEOF, ErrSheetCutShort
		}
		return tokEOF, nil
	}
	if err != nil {
		return tokEOF, x.cut(err)
	}
	x.r.UnreadByte() // give back the '<'
	if len(x.ends) == 0 {
		if x.done && !xmlSpace(raw) {
			return tokEOF, ErrSheetCutShort
		}
		return tokSkip, nil
	}
	if x.text, err = x.decodeText(x.valueBuf[:0], raw); err != nil {
		return tokEOF, err
	}
	x.valueBuf = x.text
	return tokText, nil
}

func xmlSpace(b []byte) bool { return len(bytes.Trim(b, " \t\r\n\f\x00")) == 0 }

// endTag reads an end tag, which must close the element open last.
func (x *xmlScan) endTag() (tokKind, error) {
	raw, err := x.readUntil('>')
	if err != nil {
		return tokEOF, x.cut(err)
	}
	name := bytes.TrimRight(raw, " \t\r\n")
	if len(x.ends) == 0 {
		return tokEOF, damaged("</%s> closes nothing", clipName(name))
	}
	top := x.ends[len(x.ends)-1]
	open := x.stack[top : len(x.stack)-1]
	if !bytes.Equal(open, name) {
		return tokEOF, damaged("<%s> is closed by </%s>", clipName(open), clipName(name))
	}
	x.name = append(x.attrBuf[:0], name...)
	x.attrBuf = x.name
	x.stack = x.stack[:top]
	x.ends = x.ends[:len(x.ends)-1]
	if len(x.ends) == 0 {
		x.done = true
	}
	return tokEnd, nil
}

// nameEnd is where a tag's name ends: at the first white space, or the
// tag's end (a loop: bytes.IndexAny builds its set on every call, once per
// tag of the sheet).
func nameEnd(raw []byte) int {
	for i, c := range raw {
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			return i
		}
	}
	return len(raw)
}

// markup reads what follows "<!": a comment (skipped), a CDATA section
// (text) or a declaration such as <!DOCTYPE ...> (skipped).
func (x *xmlScan) markup() (tokKind, error) {
	if x.ahead("--") {
		_, err := x.readThrough("-->")
		return x.skipped(err)
	}
	if !x.ahead("[CDATA[") {
		_, err := x.readUntil('>')
		return x.skipped(err)
	}
	raw, err := x.readThrough("]]>")
	if err != nil {
		return tokEOF, x.cut(err)
	}
	if len(x.ends) == 0 {
		return tokEOF, damaged("text outside the sheet")
	}
	x.text = normaliseNewlines(x.valueBuf[:0], raw)
	x.valueBuf = x.text
	return tokText, nil
}

// ahead consumes s if the part continues with it.
func (x *xmlScan) ahead(s string) bool {
	head, err := x.r.Peek(len(s))
	if err != nil || string(head) != s {
		return false
	}
	x.r.Discard(len(s))
	return true
}

// skipped is the result of reading something next does not return.
func (x *xmlScan) skipped(err error) (tokKind, error) {
	if err != nil {
		return tokEOF, x.cut(err)
	}
	return tokSkip, nil
}

// startTag reads a start tag (or an empty element's tag) and opens its
// element.
func (x *xmlScan) startTag() (tokKind, error) {
	raw, err := x.readTag()
	if err != nil {
		return tokEOF, x.cut(err)
	}
	if x.done {
		return tokEOF, ErrSheetCutShort // a second root: not a sheet's end
	}
	x.selfEnd = len(raw) > 0 && raw[len(raw)-1] == '/'
	if x.selfEnd {
		raw = raw[:len(raw)-1]
	}
	i := nameEnd(raw)
	if i == 0 {
		return tokEOF, damaged("a tag with no name")
	}
	x.name, x.attrs = raw[:i], raw[i:]
	switch {
	case x.selfEnd:
		x.done = len(x.ends) == 0
	case len(x.ends) >= maxXMLDepth:
		return tokEOF, damaged("elements nested more than %d deep", maxXMLDepth)
	default:
		x.ends = append(x.ends, len(x.stack))
		x.stack = append(append(x.stack, x.name...), 0)
	}
	return tokStart, nil
}

func (x *xmlScan) cut(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrSheetCutShort
	}
	if errors.Is(err, errXMLDamaged) || errors.Is(err, ErrSheetCutShort) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrSheetCutShort, err)
}

// readTag reads a start tag's text up to its closing '>', which may not be
// one inside a quoted attribute value.
func (x *xmlScan) readTag() ([]byte, error) {
	raw, err := x.readUntil('>')
	if err != nil {
		return nil, err
	}
	if !unbalancedQuotes(raw) {
		return raw, nil
	}
	buf := append(x.attrBuf[:0], raw...)
	for unbalancedQuotes(buf) {
		buf = append(buf, '>')
		more, err := x.readUntil('>')
		if err != nil {
			return nil, err
		}
		buf = append(buf, more...)
	}
	x.attrBuf = buf
	return buf, nil
}

func unbalancedQuotes(b []byte) bool {
	if bytes.IndexByte(b, '"') < 0 && bytes.IndexByte(b, '\'') < 0 {
		return false
	}
	var q byte
	for _, c := range b {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

func clipName(b []byte) string {
	if len(b) > 40 {
		b = b[:40]
	}
	return string(b)
}

// localName is a tag or attribute name without its namespace prefix, as
// encoding/xml splits it: at the colon, when there is exactly one with text
// on both sides.
func localName(name []byte) []byte {
	i := bytes.IndexByte(name, ':')
	if i <= 0 || i == len(name)-1 || bytes.IndexByte(name[i+1:], ':') >= 0 {
		return name
	}
	return name[i+1:]
}

// eachAttr calls fn with each attribute's local name and decoded value, in
// order, until fn returns false.
func (x *xmlScan) eachAttr(fn func(name, value []byte) bool) error {
	a := x.attrs
	for {
		a = bytes.TrimLeft(a, " \t\r\n")
		if len(a) == 0 {
			return nil
		}
		eq := bytes.IndexByte(a, '=')
		if eq <= 0 {
			return damaged("an attribute without a value")
		}
		name := bytes.TrimRight(a[:eq], " \t\r\n")
		a = bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
			return damaged("an attribute value without quotes")
		}
		end := bytes.IndexByte(a[1:], a[0])
		if end < 0 {
			return damaged("an attribute value that never ends")
		}
		val := a[1 : 1+end]
		a = a[2+end:]
		if bytes.IndexByte(val, '&') >= 0 || bytes.IndexByte(val, '\r') >= 0 {
			v, err := x.decodeText(nil, val)
			if err != nil {
				return err
			}
			val = v
		}
		if !fn(localName(name), val) {
			return nil
		}
	}
}

// decodeText appends raw character data to dst with entities decoded and
// \r\n and \r turned into \n, as encoding/xml reads text.
func (x *xmlScan) decodeText(dst, raw []byte) ([]byte, error) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return append(dst, raw...), nil
	}
	for {
		i := bytes.IndexAny(raw, "&\r")
		if i < 0 {
			return append(dst, raw...), nil
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = bytes.TrimPrefix(raw[1:], []byte{'\n'})
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			return nil, damaged("an entity without its ';'")
		}
		var err error
		if dst, err = appendEntity(dst, raw[1:semi]); err != nil {
			return nil, err
		}
		raw = raw[semi+1:]
	}
}

// xmlEntities are the entities XML defines by name.
var xmlEntities = map[string]byte{"lt": '<', "gt": '>', "amp": '&', "apos": '\'', "quot": '"'}

// appendEntity appends the character an entity (the text between & and ;)
// stands for: one of XML's named five, or a character reference such as
// #163 or #xA3.
func appendEntity(dst, ent []byte) ([]byte, error) {
	if c, ok := xmlEntities[string(ent)]; ok {
		return append(dst, c), nil
	}
	if len(ent) < 2 || ent[0] != '#' {
		return nil, damaged("unknown entity &%s;", clipName(ent))
	}
	base, digits := 10, ent[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(string(digits), base, 64)
	if err != nil || n > utf8.MaxRune || len(digits) == 0 || digits[0] == '+' || digits[0] == '-' {
		return nil, damaged("bad character reference &%s;", clipName(ent))
	}
	return utf8.AppendRune(dst, rune(n)), nil
}

func normaliseNewlines(dst, raw []byte) []byte {
	if bytes.IndexByte(raw, '\r') < 0 {
		return append(dst, raw...)
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\r' {
			dst = append(dst, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// skip reads through the end of the element whose start tag was the last
// token (nothing, for a self-closing tag).
func (x *xmlScan) skip() error {
	if x.selfEnd {
		return nil
	}
	depth := len(x.ends) - 1
	for len(x.ends) > depth {
		k, err := x.next()
		if err != nil {
			return err
		}
		if k == tokEOF {
			return ErrSheetCutShort
		}
	}
	return nil
}

// depth is how many elements are open.
func (x *xmlScan) depth() int { return len(x.ends) }
