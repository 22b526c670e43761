package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/ingest"
)

// Files are opened, classified and read several at a time; what is
// recorded must be what a one-at-a-time read gives. Nine files, in load
// order (modification time):
//
//	a.csv        row 2 loads (C1 2026-04 = 1); row 3 C9 unknown; row 4 value TBC
//	b.xlsx       row 2 loads (C1 2026-05 = 4); row 3 the same key: duplicate of row 2; row 4 loads
//	a-copy.csv   the same bytes as a.csv: skipped
//	broken.xlsx  a CSV file renamed: refused as a whole
//	c.csv        row 2 loads (C1 2026-04 = 3, superseding a.csv's 1); row 3 duplicate of row 2; row 4 unknown measure
//	d1…d3.csv    row 2 loads (C2 2026-07…09 = 1…3); row 3 value n/a (none given)
//
// Loaded rows: 1 + 2 + 1 + 3 = 7; rejected rows: 2 + 1 + 2 + 3 = 8.
func TestConcurrent_SameResultsAsOneFileAtATime(t *testing.T) {
	dir := t.TempDir()
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	const head = "contract_ref,period,measure_code,value\n"
	aText := head + "C1,2026-04,SVM25.1.2,1\nC9,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,TBC\n"
	writeFile(t, filepath.Join(dir, "a.csv"), aText, at(0))
	b := filepath.Join(dir, "b.xlsx")
	writeSheet(t, b, "Returns", [][]any{
		{"contract_ref", "period", "measure_code", "value"},
		{"C1", "2026-05", "SVM25.1.2", 4},
		{"C1", "2026-05", "SVM25.1.2", 5},
		{"C2", "2026-06", "SVM25.4.2", 1},
	}, at(1))
	writeFile(t, filepath.Join(dir, "a-copy.csv"), aText, at(2))
	copyFile(t, filepath.Join(corpus, "17-csv-renamed.xlsx"), filepath.Join(dir, "broken.xlsx"))
	chtimes(t, filepath.Join(dir, "broken.xlsx"), at(3))
	writeFile(t, filepath.Join(dir, "c.csv"), head+"C1,2026-04,SVM25.1.2,3\nC1,2026-04,SVM25.1.2,3\nC1,2026-07,SVM99.1.1,2\n", at(4))
	for i := 1; i <= 3; i++ {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("d%d.csv", i)),
			head+fmt.Sprintf("C2,2026-%02d,SVM25.4.2,%d\nC1,2026-%02d,SVM25.1.3,n/a\n", 6+i, i, 6+i), at(4+i))
	}

	type run struct {
		res                  *ingest.Result
		returns, rejs, files [][]any
		dryRes               *ingest.Result
	}
	do := func(workers int) run {
		defer ingest.SetReadWorkers(workers)()
		var r run
		db := newDB(t)
		var err error
		if r.dryRes, err = ingest.Run(ctx, db, []string{dir}, ingest.Options{DryRun: true, Today: corpusToday}); err != nil {
			t.Fatal(err)
		}
		if r.res, err = ingest.Run(ctx, db, []string{dir}, ingest.Options{Today: corpusToday}); err != nil {
			t.Fatal(err)
		}
		for _, res := range []*ingest.Result{r.res, r.dryRes} {
			for _, f := range res.Files {
				f.Elapsed = 0 // a measurement, not a result
			}
		}
		r.returns = rows(t, db, `select rowid, contract_ref, strftime(period, '%Y-%m'), measure_code, value, load_seq, source_file, sheet, row_number, cell from returns order by rowid`)
		r.rejs = rows(t, db, `select rowid, source_file, sheet, row_number, column_name, cell, value, reason, load_seq from rejections_raw order by rowid`)
		r.files = rows(t, db, `select file_sha256, source_file, format, load_seq, rows_loaded, rows_rejected, strict_failed from ingest_files order by load_seq`)
		return r
	}
	one, many := do(1), do(4)

	// What one at a time gives, worked out from the files above.
	res := one.res
	if res.Loaded != 7 || res.Rejected != 8 || res.FileProblems != 1 {
		t.Errorf("loaded %d rejected %d file problems %d; want 7, 8 and 1", res.Loaded, res.Rejected, res.FileProblems)
	}
	var got []string
	for _, r := range res.Rejections {
		reason, _, _ := strings.Cut(r.Reason, ":")
		got = append(got, fmt.Sprintf("%s %s %d %s %s", filepath.Base(r.File), r.Sheet, r.Row, r.Cell, reason))
	}
	number := `expected a number such as 1,250 or £3,400.50, got "TBC"`
	want := []string{
		"broken.xlsx  0  this is not an Excel workbook",
		`a.csv  3 A3 unknown contract "C9"`,
		"a.csv  4 D4 " + number,
		"b.xlsx Returns 3  duplicate",
		"c.csv  3  duplicate",
		`c.csv  4 C4 unknown measure "SVM99.1.1"`,
		"d1.csv  3 D3 required", // n/a: no value given
		"d2.csv  3 D3 required",
		"d3.csv  3 D3 required",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejections, in order:\n got %q\nwant %q", got, want)
	}
	if r := res.Rejections[3].Reason; r != `duplicate: row 2 of sheet "Returns" already gives C1 / 2026-05 / SVM25.1.2` {
		t.Errorf("b.xlsx's duplicate: %q", r)
	}
	if r := res.Rejections[4].Reason; r != "duplicate: row 2 already gives C1 / 2026-04 / SVM25.1.2" {
		t.Errorf("c.csv's duplicate: %q", r)
	}
	if f := res.Files[2]; filepath.Base(f.Path) != "a-copy.csv" || f.SkipReason != "same content as a.csv, read earlier in this run" {
		t.Errorf("third file %s: skipped %v (%q), want a-copy.csv skipped as the same as a.csv", f.Path, f.Skipped, f.SkipReason)
	}
	wantSup := []ingest.Supersession{{ContractRef: "C1", Period: "2026-04", MeasureCode: "SVM25.1.2", OldValue: 1, NewValue: 3,
		OldFile: filepath.Join(dir, "a.csv"), NewFile: filepath.Join(dir, "c.csv"),
		// a and c are new in the same run: a conflict to check (issue 18)
		Conflict: true, OldModTime: at(0), NewModTime: at(4)}}
	gotSup := slices.Clone(res.Supersessions)
	for i := range gotSup {
		s := &gotSup[i]
		s.OldModTime, s.NewModTime = s.OldModTime.UTC(), s.NewModTime.UTC()
	}
	if !reflect.DeepEqual(gotSup, wantSup) {
		t.Errorf("supersessions %+v, want %+v", gotSup, wantSup)
	}
	// Loaded rows in load order: a (seq 4: the register's three files
	// were loads 1 to 3), b (5), c (6: a-copy skipped, broken refused),
	// d1…d3 (7…9).
	var loaded []string
	for _, r := range one.returns {
		loaded = append(loaded, fmt.Sprintf("%s %s %v seq %v row %v", r[1], r[2], r[4], r[5], r[8]))
	}
	wantLoaded := []string{
		"C1 2026-04 1 seq 4 row 2",
		"C1 2026-05 4 seq 5 row 2", "C2 2026-06 1 seq 5 row 4",
		"C1 2026-04 3 seq 6 row 2",
		"C2 2026-07 1 seq 7 row 2", "C2 2026-08 2 seq 8 row 2", "C2 2026-09 3 seq 9 row 2",
	}
	if !reflect.DeepEqual(loaded, wantLoaded) {
		t.Errorf("returns, in order:\n got %q\nwant %q", loaded, wantLoaded)
	}

	// Several at a time: the same, to the row and the message.
	if !reflect.DeepEqual(one.res, many.res) {
		t.Errorf("results differ:\none  %+v\nmany %+v", one.res, many.res)
	}
	if !reflect.DeepEqual(one.dryRes, many.dryRes) {
		t.Errorf("dry-run results differ:\none  %+v\nmany %+v", one.dryRes, many.dryRes)
	}
	for _, c := range []struct {
		name      string
		one, many [][]any
	}{{"returns", one.returns, many.returns}, {"rejections_raw", one.rejs, many.rejs}, {"ingest_files", one.files, many.files}} {
		if !reflect.DeepEqual(c.one, c.many) {
			t.Errorf("%s differ:\none  %v\nmany %v", c.name, c.one, c.many)
		}
	}
}

func chtimes(t *testing.T, path string, mod time.Time) {
	t.Helper()
	if err := os.Chtimes(path, mod, mod); err != nil {
		t.Fatal(err)
	}
}

func writeSheet(t *testing.T, path, sheet string, rows [][]any, mod time.Time) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheet)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	chtimes(t, path, mod)
}

// A load lists the returns it replaced: the pairs of the supersessions view
// that end in this load, and only those. Run 1 loads a.csv; run 2 b.csv
// then c.csv; run 3 d.csv.
// b and c are both new in run 2 and disagree on C1's April: a conflict
// (see conflict_test.go), listed with both files' times.
func TestSupersessions_ThisLoadsPairsAsTheViewGivesThem(t *testing.T) {
	conflict := func(s ingest.Supersession, oldMod, newMod time.Time) ingest.Supersession {
		s.Conflict, s.OldModTime, s.NewModTime = true, oldMod, newMod
		return s
	}
	db := newDB(t)
	dir := t.TempDir()
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	const head = "contract_ref,period,measure_code,value\n"
	a := writeFile(t, filepath.Join(dir, "a.csv"), head+"C1,2026-04,SVM25.1.2,1\nC1,2026-05,SVM25.1.2,2\nC2,2026-06,SVM25.4.2,5\n", base)
	b := writeFile(t, filepath.Join(dir, "b.csv"), head+"C1,2026-04,SVM25.1.2,3\nC2,2026-06,SVM25.4.2,6\n", base.Add(time.Hour))
	c := writeFile(t, filepath.Join(dir, "c.csv"), head+"C2,2026-07,SVM25.4.2,7\nC1,2026-04,SVM25.1.2,4\n", base.Add(2*time.Hour))
	d := writeFile(t, filepath.Join(dir, "d.csv"), head+"C1,2026-05,SVM25.1.2,9\n", base.Add(3*time.Hour))
	sup := func(ref, period, measure string, old, new float64, from, to string) ingest.Supersession {
		return ingest.Supersession{ContractRef: ref, Period: period, MeasureCode: measure, OldValue: old, NewValue: new, OldFile: from, NewFile: to}
	}
	for _, step := range []struct {
		files []string
		want  []ingest.Supersession
	}{
		{[]string{a}, nil},
		// By the new file, then its row: b's rows 2 and 3, then c's row 3
		// (c's row 2 is a month given once).
		{[]string{b, c}, []ingest.Supersession{
			sup("C1", "2026-04", "SVM25.1.2", 1, 3, a, b),
			sup("C2", "2026-06", "SVM25.4.2", 5, 6, a, b),
			conflict(sup("C1", "2026-04", "SVM25.1.2", 3, 4, b, c), base.Add(time.Hour), base.Add(2*time.Hour)),
		}},
		// Not the pairs of the loads before.
		{[]string{d}, []ingest.Supersession{sup("C1", "2026-05", "SVM25.1.2", 2, 9, a, d)}},
	} {
		before := rows(t, db, `select max(load_seq) from ingest_files`)[0][0].(int64)
		res, err := ingest.Run(ctx, db, step.files, ingest.Options{Today: corpusToday})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Clone(res.Supersessions)
		for i := range got {
			got[i].OldModTime, got[i].NewModTime = got[i].OldModTime.UTC(), got[i].NewModTime.UTC()
		}
		if !reflect.DeepEqual(got, step.want) {
			t.Errorf("%v: supersessions\n got %+v\nwant %+v", step.files, got, step.want)
		}
		// The view has no conflicts: those are of one run.
		for i := range got {
			got[i].Conflict, got[i].OldModTime, got[i].NewModTime = false, time.Time{}, time.Time{}
		}
		var view []ingest.Supersession
		for _, r := range rows(t, db, `select contract_ref, strftime(period, '%Y-%m'), measure_code, old_value, new_value, old_file, new_file
			from supersessions where new_load_seq > ? order by new_file, new_row, contract_ref, period, measure_code`, before) {
			view = append(view, sup(r[0].(string), r[1].(string), r[2].(string), r[3].(float64), r[4].(float64), r[5].(string), r[6].(string)))
		}
		if !reflect.DeepEqual(got, view) {
			t.Errorf("%v: the load lists\n%+v\nthe supersessions view\n%+v", step.files, got, view)
		}
	}
}
