package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/ingest/tabular"
)

func TestIngest_TooManyRejectionsRefusesTheFile(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	// Two good rows, then 50 rows of garbage under a valid header.
	var b strings.Builder
	b.WriteString("contract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,2\n")
	for i := 0; i < 50; i++ {
		b.WriteString("zq#,zq#,zq#,zq#\n")
	}
	garbage := filepath.Join(dir, "garbage.csv")
	os.WriteFile(garbage, []byte(b.String()), 0o644)
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("contract_ref,period,measure_code,value\nC2,2026-05,SVM25.4.2,4\n"), 0o644)

	res, err := ingest.Run(ctx, db, []string{garbage, good}, ingest.Options{Limits: tabular.Limits{MaxRejectedRows: 10}})
	if err != nil {
		t.Fatal(err)
	}
	// The garbage file: its 2 good rows are not loaded, 10 rows are listed
	// (each with its problems), plus one rejection that refuses the file.
	if g := res.Files[0]; g.Loaded != 0 || g.Rejected != 10 {
		t.Errorf("garbage file: loaded %d rejected %d; want 0 and 10", g.Loaded, g.Rejected)
	}
	if n := rows(t, db, `select count(distinct row_number) from rejections where source_file = ? and row_number is not null`, garbage)[0][0].(int64); n != 10 {
		t.Errorf("%d rejected rows recorded; want 10 (rows 4-13)", n)
	}
	last := rows(t, db, `select reason from rejections where source_file = ? and row_number is null`, garbage)
	if len(last) != 1 || !strings.Contains(last[0][0].(string), "does not look like a returns file") || !strings.Contains(last[0][0].(string), "max_rejected_rows") {
		t.Errorf("summary rejection = %v; want one naming max_rejected_rows", last)
	}
	got := rows(t, db, `select source_file, value from returns_clean`)
	if len(got) != 1 || got[0][0] != good || got[0][1] != 4.0 {
		t.Errorf("returns_clean = %v; want only the good file's row", got)
	}
}

func TestIngest_InvalidUTF8RepairedVisibly(t *testing.T) {
	db := newDB(t)
	// A BOM says UTF-8, but a Windows-1252 "é" (0xE9) slipped in: the note is
	// kept with U+FFFD where the byte was, and the bad contract ref is
	// rejected with its value shown the same way.
	p := filepath.Join(t.TempDir(), "mixed.csv")
	os.WriteFile(p, []byte("\xef\xbb\xbfcontract_ref,period,measure_code,value,notes,comment\n"+
		"C1,2026-04,SVM25.1.2,1,caf\xe9 visit,ok\xe9\n"+
		"C\xe91,2026-05,SVM25.1.2,2,x,y\n"), 0o644)
	res, err := ingest.Run(ctx, db, []string{p}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 1 || res.Rejected != 1 {
		t.Fatalf("loaded %d rejected %d; want 1 and 1", res.Loaded, res.Rejected)
	}
	got := rows(t, db, `select notes, extra from returns where source_file = ?`, p)
	if len(got) != 1 || got[0][0] != "caf\uFFFD visit" || got[0][1] != `{"comment":"ok`+"\uFFFD"+`"}` {
		t.Errorf("stored %q; want the note and extra with U+FFFD", got)
	}
	rej := rows(t, db, `select value from rejections where source_file = ?`, p)
	if len(rej) != 1 || rej[0][0] != "C\uFFFD1" {
		t.Errorf("rejected value %q; want %q", rej, "C\uFFFD1")
	}
	for _, r := range append(got, rej...) {
		for _, v := range r {
			if s, ok := v.(string); ok && !utf8.ValidString(s) {
				t.Errorf("stored invalid UTF-8: %q", s)
			}
		}
	}
}

func TestIngest_LimitErrorNamesTheLimitAndLoadsNothing(t *testing.T) {
	db := newDB(t)
	p := filepath.Join(t.TempDir(), "wide.csv")
	os.WriteFile(p, []byte("contract_ref,period,measure_code,value\nC1,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,"+strings.Repeat("9", 200)+"\n"), 0o644)
	// Over a limit is a file-level rejection (issue 5): the run goes on.
	res, err := ingest.Run(ctx, db, []string{p}, ingest.Options{Limits: tabular.Limits{MaxLineBytes: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Files[0]; !strings.Contains(f.Problem, "max_line_bytes") || !strings.Contains(f.Problem, "line 3") || res.Problems() == 0 {
		t.Fatalf("file problem %q; want a max_line_bytes refusal at line 3", f.Problem)
	}
	if n := rows(t, db, `select count(*) from returns`)[0][0].(int64); n != 0 {
		t.Errorf("%d rows loaded from a refused file; want 0", n)
	}
}
