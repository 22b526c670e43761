package tabular

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// validUTF8 agrees with utf8.Valid on the whole text however the reads
// cut it: one byte at a time, in halves, whole; a character cut at the
// very end, a stray Windows-1252 byte and an encoded surrogate are not
// UTF-8.
func TestValidUTF8_ChunkBoundaries(t *testing.T) {
	long := bytes.Repeat([]byte("café £5 — 😀 "), 30_000) // > one 256 KiB chunk
	cases := map[string][]byte{
		"ascii":             []byte("contract_ref,value\nC1,5\n"),
		"multibyte":         []byte("café £5 — 😀"),
		"long, valid":       long,
		"long, bad at end":  append(append([]byte{}, long...), 0xE9),
		"cut 4-byte at end": []byte("ok \xF0\x9F\x98"),
		"windows-1252":      []byte("caf\xe9,na\xefve\n"),
		"surrogate":         []byte("a\xed\xa0\x80b"),
		"empty":             {},
	}
	for name, b := range cases {
		want := utf8.Valid(b)
		readers := map[string]io.Reader{
			"whole":    bytes.NewReader(b),
			"one byte": iotest.OneByteReader(bytes.NewReader(b)),
			"halves":   iotest.HalfReader(bytes.NewReader(b)),
		}
		for how, r := range readers {
			got, err := validUTF8(r, true)
			if err != nil || got != want {
				t.Errorf("%s read %s: valid %v (err %v), want %v", name, how, got, err, want)
			}
		}
	}
	if got, _ := validUTF8(bytes.NewReader([]byte("abc")), false); got {
		t.Error("not asked to check: reported valid")
	}
}
