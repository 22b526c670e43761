package tabular

import "bytes"

// What a file's first bytes say it is, whatever its name says.
type content int

const (
	contentEmpty content = iota
	contentZip           // an .xlsx, .xlsm, .ods, .numbers or other zip package
	contentOLE           // an old .xls, or an encrypted (password-protected) workbook
	contentUTF16LE
	contentUTF16BE
	contentText
	contentBinary
)

var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff classifies a file by its first bytes (head holds up to sniffBytes).
// UTF-16 without a byte-order mark is recognised by its zero bytes: text in
// the Latin alphabet has a zero in every other byte, which UTF-8 and
// Windows-1252 text never has.
func sniff(head []byte) content {
	switch {
	case len(head) == 0:
		return contentEmpty
	case bytes.HasPrefix(head, magicZip):
		return contentZip
	case bytes.HasPrefix(head, magicOLE):
		return contentOLE
	case bytes.HasPrefix(head, bomUTF16LE):
		return contentUTF16LE
	case bytes.HasPrefix(head, bomUTF16BE):
		return contentUTF16BE
	}
	if le, be := zeroParity(head); le {
		return contentUTF16LE
	} else if be {
		return contentUTF16BE
	}
	if looksBinary(head) {
		return contentBinary
	}
	return contentText
}

// zeroParity reports UTF-16 without a BOM: most odd bytes zero (little
// endian) or most even bytes zero (big endian), and few zeros elsewhere.
func zeroParity(head []byte) (le, be bool) {
	n := len(head) &^ 1
	if n < 4 {
		return false, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return odd*10 >= pairs*7 && even*10 < pairs, even*10 >= pairs*7 && odd*10 < pairs
}

// looksBinary: NUL bytes or many control characters, which no CSV has.
func looksBinary(head []byte) bool {
	ctl := 0
	for _, b := range head {
		if b == 0 {
			return true
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctl++
		}
	}
	return ctl*20 > len(head)
}

// looksLikeCSV: text whose first line has a comma, semicolon or tab.
func looksLikeCSV(head []byte) bool {
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return bytes.ContainsAny(line, ",;\t")
}
