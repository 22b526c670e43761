package tabular

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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

// TestRows_CRLineEndings: a bare CR (old Mac) between rows swallowed the
// next row into the last field ("first note\rC2,…") or merged two rows
// (issue 18). CR, LF and CRLF each end a record outside quotes; a line
// break inside a quoted field stays in the field; a file that mixes
// endings has a note saying how many of each.
func TestRows_CRLineEndings(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, text string
		want       [][]string
		note       string
	}{
		{"text last column, CR only", "contract_ref,notes\rC1,first note\rC2,second note\r",
			[][]string{{"contract_ref", "notes"}, {"C1", "first note"}, {"C2", "second note"}}, ""},
		{"number last column, CR only, no final CR", "contract_ref,value\rC1,5\rC2,7",
			[][]string{{"contract_ref", "value"}, {"C1", "5"}, {"C2", "7"}}, ""},
		{"CRLF with a quoted line break (Excel): no note", "contract_ref,notes\r\nC1,\"two\nlines\"\r\nC2,x\r\n",
			[][]string{{"contract_ref", "notes"}, {"C1", "two\nlines"}, {"C2", "x"}}, ""},
		{"mixed: 2 CRLF, 1 CR, 1 LF", "contract_ref,value\r\nC1,5\rC2,7\nC3,9\r\n",
			[][]string{{"contract_ref", "value"}, {"C1", "5"}, {"C2", "7"}, {"C3", "9"}}, "1 by LF (Linux, Mac), 2 by CRLF (Windows), 1 by a bare CR (old Mac)"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("cr%d.csv", i))
			if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			f := open(t, path)
			var got [][]string
			for _, r := range readAll(t, f, "") {
				if r.Problem != "" {
					t.Fatalf("row %d refused: %s", r.Number, r.Problem)
				}
				got = append(got, r.Cells)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("rows\n got %q\nwant %q", got, c.want)
			}
			notes := strings.Join(f.Notes(), " ")
			if c.note == "" && notes != "" || !strings.Contains(notes, c.note) {
				t.Errorf("notes %q, want %q", notes, c.note)
			}
		})
	}
}
