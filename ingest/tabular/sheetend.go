package tabular

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
)

// ErrSheetCutShort is a sheet whose XML stops part-way inside a zip that is
// otherwise sound (a copy interrupted, a tool that wrote half a file).
// excelize's row reader stops at the decoding error without saying so, so
// without this check the rows after the cut would be lost in silence.
var ErrSheetCutShort = fmt.Errorf("the sheet's data stops part-way (the file is damaged or was cut short), so rows after the last one read may be missing")

// sheetClose is the end of every complete sheet part: </worksheet>, with or
// without a namespace prefix, then only white space.
var sheetClose = regexp.MustCompile(`</(?:[A-Za-z_][\w.-]*:)?worksheet>\s*$`)

// checkSheetEnd reads the sheet's XML part through (decompressing only, no
// XML parsing) and reports ErrSheetCutShort unless it ends as a complete
// sheet does.
func checkSheetEnd(path, sheet string) error {
	rc, err := openSheetXML(path, sheet)
	if err != nil {
		return err
	}
	defer rc.Close()
	const keep = 256
	buf := make([]byte, 64<<10)
	tail := make([]byte, 0, keep+len(buf))
	for {
		n, err := rc.Read(buf)
		tail = append(tail, buf[:n]...)
		if len(tail) > keep {
			tail = append(tail[:0], tail[len(tail)-keep:]...)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrSheetCutShort, err)
		}
	}
	if !sheetClose.Match(bytes.TrimRight(tail, "\x00")) {
		return ErrSheetCutShort
	}
	return nil
}
