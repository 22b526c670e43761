package tabular

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// FuzzRecordReader checks that no row can vanish: every physical line is
// the start of exactly one record (read, or rejected with a reason) or a
// continuation line of a quoted field that closed properly, so records plus
// rejected rows equal the record starts, and lines are never lost. Where
// strict RFC 4180 (encoding/csv without LazyQuotes) reads the input and no
// row was refused, both readers agree field for field.
func FuzzRecordReader(f *testing.F) {
	for _, seed := range []string{
		"a,b,c\n1,2,3\n",
		"a,b,c,d,e\nC1,1,2,3,\"unterminated\nC1,1,2,3,ok\nC1,1,2,3,\"x \"\"y\"\" z\"\n",
		"a,b\n\"two\nlines\",2\n",
		"a;b\r\n1;\"x;y\"\r\n\r\n",
		"12\" monitor,3\n",
		"\"a\"b,c\n",
		"a,b,c\n\"\n",
		"",
		"\n\n",
		"a,b\rC1,first note\rC2,second\r",
		"a,b\r\n1,2\r3,4\n5,\"x\ry\"\r\n",
	} {
		f.Add(seed, byte(','))
		f.Add(seed, byte(';'))
	}
	f.Fuzz(func(t *testing.T, in string, comma byte) {
		if comma != ',' && comma != ';' && comma != '\t' {
			comma = ','
		}
		r := newRecordReader(strings.NewReader(in), rune(comma))
		var recs [][]string
		starts, lines, problems := 0, 0, 0
		for {
			rec, err := r.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			starts++
			lines += rec.lines
			if rec.problem != "" {
				problems++
				if rec.lines != 1 || rec.fields != nil {
					t.Fatalf("a refused row must take exactly its own line: %+v", rec)
				}
				continue
			}
			if rec.lines < 1 {
				t.Fatalf("record took %d lines", rec.lines)
			}
			recs = append(recs, rec.fields)
		}
		physical := lineEnds(in)
		if in != "" && !strings.HasSuffix(in, "\n") && !strings.HasSuffix(in, "\r") {
			physical++
		}
		if lines != physical {
			t.Fatalf("records took %d lines, the input has %d: a line vanished or was read twice", lines, physical)
		}
		if len(recs)+problems != starts {
			t.Fatalf("%d records + %d refused != %d starts", len(recs), problems, starts)
		}
		if !strings.Contains(in, `"`) && starts != physical {
			t.Fatalf("without quotes every line is a record: %d records, %d lines", starts, physical)
		}
		if problems > 0 || strings.Contains(in, "\r") {
			return
		}
		cr := csv.NewReader(strings.NewReader(in))
		cr.Comma = rune(comma)
		cr.FieldsPerRecord = -1
		all, err := cr.ReadAll()
		if err != nil {
			return
		}
		// encoding/csv skips empty lines; a lone empty field is a blank row
		// either way, which callers skip.
		nonEmpty := func(rs [][]string) [][]string {
			var out [][]string
			for _, rec := range rs {
				if len(rec) != 1 || rec[0] != "" {
					out = append(out, rec)
				}
			}
			return out
		}
		got, want := nonEmpty(recs), nonEmpty(all)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("records differ from encoding/csv\n got %q\nwant %q", got, want)
		}
	})
}
