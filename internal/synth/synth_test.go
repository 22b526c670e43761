package synth

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func mustGenerate(t *testing.T, opts Options) *Region {
	t.Helper()
	r, err := Generate(opts)
	if err != nil {
		t.Fatalf("generate %+v: %v", opts, err)
	}
	return r
}

func TestGenerate_Deterministic(t *testing.T) {
	t.Run("same seed gives identical region", func(t *testing.T) {
		a, b := mustGenerate(t, Options{Seed: 7}), mustGenerate(t, Options{Seed: 7})
		if !reflect.DeepEqual(a, b) {
			t.Fatal("two regions from seed 7 differ")
		}
	})
	t.Run("zero options use the defaults", func(t *testing.T) {
		a, b := mustGenerate(t, Options{}), mustGenerate(t, Options{Seed: 1, Contracts: 200, Months: 12})
		if !reflect.DeepEqual(a, b) {
			t.Fatal("zero options differ from the explicit defaults")
		}
		if len(a.Contracts) != 200 {
			t.Fatalf("got %d contracts, want 200", len(a.Contracts))
		}
	})
	t.Run("different seed gives different data", func(t *testing.T) {
		a, b := mustGenerate(t, Options{Seed: 1}), mustGenerate(t, Options{Seed: 2})
		if reflect.DeepEqual(a.Contracts, b.Contracts) || reflect.DeepEqual(a.Returns, b.Returns) {
			t.Fatal("seeds 1 and 2 gave the same contracts or returns")
		}
		if a.Calendar != b.Calendar {
			t.Fatal("calendar should not depend on the seed's data draws")
		}
	})
}

func TestGenerate_Calendar(t *testing.T) {
	r := mustGenerate(t, Options{})
	want := Calendar{
		FirstMonth: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC),
		LastMonth:  time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		Today:      time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC),
	}
	if r.Calendar != want {
		t.Fatalf("calendar = %+v, want %+v", r.Calendar, want)
	}
	if got := mustGenerate(t, Options{Months: 3}).Calendar.FirstMonth; !got.Equal(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("3-month window starts %v, want 2026-07-01", got)
	}
}

func TestGenerate_Invariants(t *testing.T) {
	for _, opts := range []Options{{Seed: 1}, {Seed: 42}, {Seed: 3, Contracts: 1000, Months: 24}} {
		r := mustGenerate(t, opts)
		cal := r.Calendar
		contracts := map[string]Contract{}
		trusts := map[string]bool{}
		for _, o := range r.Orgs {
			trusts[o.TrustCode] = true
			if len(o.TrustCode) != 3 || o.TrustCode[0] != 'R' || o.RegionCode != "Y63" {
				t.Errorf("seed %d: odd org %+v", opts.Seed, o)
			}
		}
		lowWeight := 0
		for _, c := range r.Contracts {
			if _, dup := contracts[c.Ref]; dup {
				t.Errorf("seed %d: duplicate ref %s", opts.Seed, c.Ref)
			}
			contracts[c.Ref] = c
			if !trusts[c.TrustCode] {
				t.Errorf("seed %d: %s has unknown trust %s", opts.Seed, c.Ref, c.TrustCode)
			}
			wantModel := "2025"
			if c.Start.Before(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)) {
				wantModel = "2020"
			}
			if c.Model != wantModel {
				t.Errorf("seed %d: %s starts %s with model %s", opts.Seed, c.Ref, c.Start.Format(time.DateOnly), c.Model)
			}
			if c.ValueGBP < 50e3 || c.ValueGBP > 25e6 || !c.End.After(c.Start) || len(c.SupplierID) != 8 {
				t.Errorf("seed %d: implausible contract %+v", opts.Seed, c)
			}
			if c.SVWeightingPct < 10 {
				lowWeight++
			}
		}
		if lowWeight == 0 {
			t.Errorf("seed %d: no contract below the 10%% social value weighting", opts.Seed)
		}

		perContract := map[string]int{}
		vague := 0
		for _, cm := range r.Commitments {
			c, ok := contracts[cm.ContractRef]
			if !ok {
				t.Fatalf("seed %d: commitment for unknown contract %s", opts.Seed, cm.ContractRef)
			}
			perContract[cm.ContractRef]++
			if !strings.HasPrefix(cm.MeasureCode, "SVM"+c.Model[2:]+".") {
				t.Errorf("seed %d: %s (model %s) commits to %s", opts.Seed, c.Ref, c.Model, cm.MeasureCode)
			}
			if m, ok := measures[cm.MeasureCode]; !ok || m.unit != cm.Unit {
				t.Errorf("seed %d: commitment %s/%s has unit %q", opts.Seed, c.Ref, cm.MeasureCode, cm.Unit)
			}
			if cm.Target == nil || isGeneric(cm.DeliveryPlan) {
				vague++
			} else if measures[cm.MeasureCode].agg == "latest" && (*cm.Target < 60 || *cm.Target > 100) {
				t.Errorf("seed %d: percentage target %v for %s", opts.Seed, *cm.Target, cm.MeasureCode)
			}
		}
		for ref := range contracts {
			if n := perContract[ref]; n < 2 || n > 5 {
				t.Errorf("seed %d: %s has %d commitments, want 2-5", opts.Seed, ref, n)
			}
		}
		if share := float64(vague) / float64(len(r.Commitments)); share < 0.04 || share > 0.13 {
			t.Errorf("seed %d: %.1f%% vague commitments, want about 8%%", opts.Seed, 100*share)
		}

		withReturns := map[string]bool{}
		for _, ret := range r.Returns {
			c, ok := contracts[ret.ContractRef]
			if !ok {
				t.Fatalf("seed %d: return for unknown contract %s", opts.Seed, ret.ContractRef)
			}
			withReturns[c.Ref] = true
			if ret.Period.Day() != 1 || ret.Period.Before(cal.FirstMonth) || ret.Period.After(cal.LastMonth) {
				t.Errorf("seed %d: return period %v outside the window", opts.Seed, ret.Period)
			}
			if ret.Period.Before(firstOfMonth(c.Start)) || ret.Period.After(c.End) {
				t.Errorf("seed %d: return %s %v outside the term %v-%v", opts.Seed, c.Ref, ret.Period, c.Start, c.End)
			}
			if _, ok := measures[ret.MeasureCode]; !ok {
				t.Errorf("seed %d: return with measure %s outside the taxonomy", opts.Seed, ret.MeasureCode)
			}
		}
		silent := 0
		for _, c := range r.Contracts {
			if !withReturns[c.Ref] && c.Start.AddDate(0, 3, 0).Before(cal.Today) {
				silent++
			}
		}
		if silent == 0 {
			t.Errorf("seed %d: every started contract has returns; want some with no follow-through", opts.Seed)
		}
		p := r.Planted
		if p.UnknownContract == 0 || p.BadValue == 0 || p.MissingPeriod == 0 || p.UnknownMeasure == 0 ||
			p.UnknownContract+p.BadValue+p.MissingPeriod+p.UnknownMeasure != len(r.BadReturns) {
			t.Errorf("seed %d: planted %+v does not match %d bad rows", opts.Seed, p, len(r.BadReturns))
		}
	}
}

func isGeneric(plan string) bool {
	return plan == "" || slices.Contains(genericPlans, plan)
}

func TestGenerate_DeliveryShape(t *testing.T) {
	r := mustGenerate(t, Options{})
	// Contract-months in the window and term with no return, excluding silent contracts.
	have := map[string]map[time.Time]bool{}
	uncommitted := 0
	committed := map[[2]string]bool{}
	for _, cm := range r.Commitments {
		committed[[2]string{cm.ContractRef, cm.MeasureCode}] = true
	}
	for _, ret := range r.Returns {
		if have[ret.ContractRef] == nil {
			have[ret.ContractRef] = map[time.Time]bool{}
		}
		have[ret.ContractRef][ret.Period] = true
		if !committed[[2]string{ret.ContractRef, ret.MeasureCode}] {
			uncommitted++
		}
	}
	months, missing := 0, 0
	for _, c := range r.Contracts {
		if have[c.Ref] == nil {
			continue
		}
		for m := r.Calendar.FirstMonth; !m.After(r.Calendar.LastMonth); m = m.AddDate(0, 1, 0) {
			if m.Before(firstOfMonth(c.Start)) || m.After(c.End) {
				continue
			}
			months++
			if !have[c.Ref][m] {
				missing++
			}
		}
	}
	if share := float64(missing) / float64(months); share < 0.02 || share > 0.09 {
		t.Errorf("%.1f%% of contract-months missing, want about 5%%", 100*share)
	}
	if uncommitted == 0 {
		t.Error("no returns for uncommitted measures")
	}
}

func writeInbox(t *testing.T, r *Region) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	paths, err := WriteInbox(context.Background(), dir, r)
	if err != nil {
		t.Fatalf("write inbox: %v", err)
	}
	return dir, paths
}

func TestWriteInbox_ByteIdentical(t *testing.T) {
	r := mustGenerate(t, Options{Seed: 5})
	_, a := writeInbox(t, r)
	_, b := writeInbox(t, mustGenerate(t, Options{Seed: 5}))
	if len(a) != len(b) {
		t.Fatalf("wrote %d then %d files", len(a), len(b))
	}
	if len(a) < 20 || len(a) > 40 {
		t.Errorf("wrote %d files, want 20-40 for the default size", len(a))
	}
	for i := range a {
		if filepath.Base(a[i]) != filepath.Base(b[i]) {
			t.Fatalf("file %d: %s vs %s", i, a[i], b[i])
		}
		x, err := os.ReadFile(a[i])
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(b[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", filepath.Base(a[i]))
		}
	}
}

func TestWriteInbox_Replaces(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "organisations.csv"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustGenerate(t, Options{Contracts: 20, Months: 3})
	if _, err := WriteInbox(context.Background(), dir, r); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "organisations.csv")); bytes.HasPrefix(b, []byte("stale")) {
		t.Error("organisations.csv not replaced")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Error("unrelated file removed")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestWriteInbox_Cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := WriteInbox(ctx, t.TempDir(), mustGenerate(t, Options{Contracts: 10})); err == nil {
		t.Fatal("cancelled context: want an error")
	}
}

func TestWriteInbox_ReadBack(t *testing.T) {
	r := mustGenerate(t, Options{})
	dir, paths := writeInbox(t, r)
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	if names[0] != "organisations.csv" || names[1] != "contract-register.xlsx" {
		t.Fatalf("first files %v", names[:2])
	}
	for _, want := range []string{"returns-2025-11-QHM.xlsx", "returns-2026-08-QOQ.xlsx", "returns-2025-10.csv", "returns-2026-09.csv"} {
		if !slices.Contains(names, want) {
			t.Errorf("missing %s in %v", want, names)
		}
	}

	t.Run("organisations csv", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "organisations.csv"), ',')
		if !slices.Equal(recs[0], OrganisationsHeader) {
			t.Fatalf("header %v", recs[0])
		}
		if len(recs) != len(r.Orgs)+1 || recs[1][0] != r.Orgs[0].TrustCode || recs[1][2] != r.Orgs[0].ICSCode {
			t.Fatalf("rows do not match orgs: %v", recs[1])
		}
	})

	t.Run("contract register", func(t *testing.T) {
		f, err := excelize.OpenFile(filepath.Join(dir, "contract-register.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); !slices.Equal(got, []string{"Contracts", "Commitments"}) {
			t.Fatalf("sheets %v", got)
		}
		title, _ := f.GetCellValue("Contracts", "A1")
		if !strings.HasPrefix(title, "NEY hub contract register — exported") {
			t.Errorf("title %q", title)
		}
		rows, err := f.GetRows("Contracts", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows[1]) != 0 || !slices.Equal(rows[2], ContractsHeader) {
			t.Fatalf("row 2 %v, header %v", rows[1], rows[2])
		}
		c := r.Contracts[0]
		got := rows[3]
		if got[0] != c.Ref || got[1] != c.SupplierName || got[9] != trimFloat(c.SVWeightingPct) || got[6] != trimFloat(c.ValueGBP) {
			t.Errorf("first contract row %v, want %+v", got, c)
		}
		// Dates are real date cells: formatted display value, numeric raw value.
		typ, _ := f.GetCellType("Contracts", "H4")
		shown, _ := f.GetCellValue("Contracts", "H4")
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || shown != c.Start.Format("02/01/2006") {
			t.Errorf("start date cell type %v shown %q, want date %s", typ, shown, c.Start.Format("02/01/2006"))
		}
		crows, err := f.GetRows("Commitments")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(crows[0], CommitmentsHeader) || len(crows) != len(r.Commitments)+1 {
			t.Fatalf("commitments header %v, %d rows", crows[0], len(crows))
		}
		if crows[1][0] != r.Commitments[0].ContractRef || crows[1][1] != r.Commitments[0].MeasureCode {
			t.Errorf("first commitment row %v", crows[1])
		}
	})

	t.Run("returns workbook", func(t *testing.T) {
		f, err := excelize.OpenFile(filepath.Join(dir, "returns-2025-11-QHM.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Returns", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rows[3], ReturnsHeader) {
			t.Fatalf("header row 4: %v", rows[3])
		}
		first := firstReturn(r, "2025-11", "QHM")
		got := rows[4]
		if rows[4][0] != first.ContractRef && len(rows) > 5 { // a planted row may come first
			got = rows[5]
		}
		if got[0] != first.ContractRef || got[1] != "Nov 2025" || got[2] != first.MeasureCode || got[3] != trimFloat(first.Value) {
			t.Errorf("first return row %v, want %+v", got, first)
		}
	})

	t.Run("returns csv", func(t *testing.T) {
		recs := readCSV(t, filepath.Join(dir, "returns-2025-10.csv"), ',')
		if !slices.Equal(recs[0], ReturnsHeader) {
			t.Fatalf("header %v", recs[0])
		}
		first := firstReturn(r, "2025-10", "")
		got := recs[1]
		if got[0] != first.ContractRef && len(recs) > 2 {
			got = recs[2]
		}
		if got[0] != first.ContractRef || got[1] != "2025-10" || got[2] != first.MeasureCode {
			t.Errorf("first return row %v, want %+v", got, first)
		}
		if strings.Contains(got[3], "£") != (measures[first.MeasureCode].unit == "GBP") {
			t.Errorf("value %q for unit %s", got[3], measures[first.MeasureCode].unit)
		}
	})

	t.Run("csv variants", func(t *testing.T) {
		var bom, semicolon, cp1252, crlf bool
		for _, p := range paths {
			if !strings.HasSuffix(p, ".csv") {
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			bom = bom || bytes.HasPrefix(b, []byte("\uFEFF"))
			crlf = crlf || bytes.Contains(b, []byte("\r\n"))
			semicolon = semicolon || bytes.Contains(b, []byte("contract_ref;period;"))
			if i := bytes.IndexByte(b, 0xA3); i > 0 && b[i-1] != 0xC2 {
				cp1252 = true
			}
		}
		if !bom || !crlf || !semicolon || !cp1252 {
			t.Errorf("bom %v crlf %v semicolon %v cp1252 %v: want every variant", bom, crlf, semicolon, cp1252)
		}
	})

	t.Run("planted rows are written", func(t *testing.T) {
		all := ""
		for _, p := range paths[2:] {
			if strings.HasSuffix(p, ".csv") {
				b, _ := os.ReadFile(p)
				all += string(b)
				continue
			}
			f, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := f.GetRows("Returns")
			f.Close()
			for _, row := range rows {
				all += strings.Join(row, ",") + "\n"
			}
		}
		for _, b := range r.BadReturns {
			if !strings.Contains(all, b.ContractRef) || !strings.Contains(all, b.MeasureCode) || !strings.Contains(all, b.Value) {
				t.Errorf("planted %s row %+v not found", b.Reason, b)
			}
		}
		if !strings.Contains(all, "TBC") {
			t.Error("no TBC value written")
		}
	})
}

func firstReturn(r *Region, month, ics string) Return {
	icsOf := map[string]string{}
	for _, o := range r.Orgs {
		icsOf[o.TrustCode] = o.ICSCode
	}
	ref := map[string]string{}
	for _, c := range r.Contracts {
		ref[c.Ref] = icsOf[c.TrustCode]
	}
	for _, ret := range r.Returns {
		if ret.Period.Format("2006-01") == month && (ics == "" || ref[ret.ContractRef] == ics) {
			return ret
		}
	}
	return Return{}
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func readCSV(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	cr.Comma = comma
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return recs
}
