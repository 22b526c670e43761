package ingest_test

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
)

// Two files new in one run give C1's September apprentices as 50 and 5. The
// 5 was saved last (it is the correction) but unzipping kept an older
// modification time, so it loads first and the 50 wins: svhub cannot tell
// which is right, so it must not call it "correction 5 → 50". It is a
// conflict: both files, values and times listed, the later by modification
// time taken (50), and a problem for validate and --strict.
func TestConflict_TwoNewFilesInOneRunDisagree(t *testing.T) {
	dir := t.TempDir()
	early := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	late := early.Add(2 * time.Hour)
	orig := writeFile(t, filepath.Join(dir, "returns-2026-09.csv"), "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,50\nC1,2026-09,SVM25.1.3,80\n", late)
	corr := writeFile(t, filepath.Join(dir, "correction-2026-09.csv"), "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,5\nC1,2026-09,SVM25.1.3,80\n", early)
	// SVM25.1.3 is given twice with the same value: no conflict.
	want := []ingest.Supersession{{ContractRef: "C1", Period: "2026-09", MeasureCode: "SVM25.1.2", OldValue: 5, NewValue: 50,
		OldFile: corr, NewFile: orig, Conflict: true, OldModTime: early, NewModTime: late}}
	for _, mode := range []struct {
		name string
		o    ingest.Options
	}{{"ingest", ingest.Options{Today: corpusToday}}, {"validate", ingest.Options{Today: corpusToday, DryRun: true}}, {"strict", ingest.Options{Today: corpusToday, Strict: true}}} {
		t.Run(mode.name, func(t *testing.T) {
			db := newDB(t)
			res, err := ingest.Run(ctx, db, []string{dir}, mode.o)
			if err != nil {
				t.Fatal(err)
			}
			got := conflictsOnly(res.Supersessions)
			for i := range got {
				got[i].OldModTime, got[i].NewModTime = got[i].OldModTime.UTC(), got[i].NewModTime.UTC()
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("conflicts %+v\nwant %+v", got, want)
			}
			if res.Conflicts() != 1 || res.Problems() != 1 {
				t.Errorf("conflicts %d, problems %d; want 1 and 1 (validate and --strict fail on it)", res.Conflicts(), res.Problems())
			}
			if mode.o.DryRun {
				return
			}
			if v := rows(t, db, `select value, source_file from returns_clean where not superseded and measure_code = 'SVM25.1.2'`); len(v) != 1 || v[0][0] != 50.0 || v[0][1] != orig {
				t.Errorf("current %v; want 50 from the file modified later", v)
			}
		})
	}
}

// A correction in a run of its own is a correction, not a conflict.
func TestConflict_CorrectionInALaterRunIsNot(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	orig := writeFile(t, filepath.Join(dir, "a.csv"), "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,50\n", base)
	if _, err := ingest.Run(ctx, db, []string{orig}, ingest.Options{Today: corpusToday}); err != nil {
		t.Fatal(err)
	}
	corr := writeFile(t, filepath.Join(dir, "b.csv"), "contract_ref,period,measure_code,value\nC1,2026-09,SVM25.1.2,5\n", base.Add(-time.Hour))
	res, err := ingest.Run(ctx, db, []string{corr}, ingest.Options{Today: corpusToday})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Supersessions) != 1 || res.Supersessions[0].Conflict || res.Supersessions[0].NewValue != 5 || res.Problems() != 0 {
		t.Errorf("supersessions %+v, problems %d; want one correction 50 → 5, no conflict", res.Supersessions, res.Problems())
	}
}

func conflictsOnly(ss []ingest.Supersession) []ingest.Supersession {
	var out []ingest.Supersession
	for _, s := range ss {
		if s.Conflict {
			out = append(out, s)
		}
	}
	return out
}
