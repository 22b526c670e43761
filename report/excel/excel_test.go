package excel

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/spec"
)

const (
	hostileLink = `=HYPERLINK("http://x","click")`
	hostileSum  = `@SUM(A1)`
)

func month(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }

// sampleReport is a small board pack: KPIs, a stacked RAG bar, a line over
// four months, a table with a RAG column, text, and hostile supplier names
// in the data query.
func sampleReport() *spec.Report {
	s := &spec.Spec{
		Title:     "Social value board pack",
		Subtitle:  "Suppliers' social-value commitments and delivery",
		DataQuery: "returns",
		Blocks: []spec.Block{
			{ID: "headline", Kind: spec.KPI, Title: "Headlines", Query: "kpis", Columns: []spec.Column{
				{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
				{Name: "on_track_pct", Label: "On track", Format: spec.FormatPct},
				{Name: "delivered_ratio", Label: "Delivered against plan", Format: spec.FormatRatio},
				{Name: "value_gbp", Label: "Social value delivered", Format: spec.FormatGBP},
				{Name: "as_of", Label: "Latest return", Format: spec.FormatMonth},
			}},
			{ID: "intro", Kind: spec.Text, Title: "About this pack", Text: "Figures come from suppliers' monthly social-value returns. RAG status: green = on track, amber = at risk, red = off track, grey = not yet reported. Every chart's data is on the Chart data sheet; the full returns are on the Data sheet."},
			{ID: "rag", Kind: spec.Bar, Title: "Two in three commitments on track in April", Subtitle: "Commitments by RAG status and theme, April 2026",
				Query: "rag_by_theme", X: "theme", Stack: true, Horizontal: true, YAxisName: "commitments",
				Y: []spec.Column{
					{Name: "green", Label: "On track", Format: spec.FormatInt},
					{Name: "amber", Label: "At risk", Format: spec.FormatInt},
					{Name: "red", Label: "Off track", Format: spec.FormatInt},
					{Name: "grey", Label: "Not reported", Format: spec.FormatInt},
				},
				Colors: map[string]string{"green": "#009639", "amber": "#FFB81C", "red": "#DA291C", "grey": "#768692"}},
			{ID: "trend", Kind: spec.Line, Title: "On-track share has risen since January", Subtitle: "Share of commitments on track, % by month",
				Query: "monthly", X: "month", YAxisName: "% on track",
				Y:      []spec.Column{{Name: "on_track_pct", Label: "On track", Format: spec.FormatPct}, {Name: "target_pct", Label: "Target", Format: spec.FormatPct}},
				Colors: map[string]string{"target_pct": "#768692"}},
			{ID: "commitments", Kind: spec.Table, Title: "Commitments: status by supplier [April]", Query: "commitments", Columns: []spec.Column{
				{Name: "supplier", Label: "Supplier", Format: spec.FormatText},
				{Name: "commitment", Label: "Commitment", Format: spec.FormatText},
				{Name: "rag", Label: "RAG", Format: spec.FormatText},
				{Name: "value_gbp", Label: "Value", Format: spec.FormatGBP},
				{Name: "due", Label: "Due", Format: spec.FormatDate},
			}},
		},
	}
	data := map[string]*spec.Result{
		"kpis": {Columns: []string{"commitments", "on_track_pct", "delivered_ratio", "value_gbp", "as_of"},
			Rows: [][]any{{int64(128), 66.4, 0.93, 1234567.0, month(4)}}},
		"rag_by_theme": {Columns: []string{"theme", "green", "amber", "red", "grey"}, Rows: [][]any{
			{"Employment and skills", int64(30), int64(8), int64(3), int64(2)},
			{"Net zero", int64(22), int64(9), int64(5), int64(1)},
			{"Local supply chains", int64(18), int64(4), int64(2), int64(4)},
			{"Wellbeing", int64(15), int64(3), int64(1), int64(1)},
		}},
		"monthly": {Columns: []string{"month", "on_track_pct", "target_pct"}, Rows: [][]any{
			{month(1), 52.0, 70.0}, {month(2), 57.5, 70.0}, {month(3), 61.0, 70.0}, {month(4), 66.4, 70.0},
		}},
		"commitments": {Columns: []string{"supplier", "commitment", "rag", "value_gbp", "due"}, Rows: [][]any{
			{"Acme Healthcare Ltd", "20 apprenticeships", "Green", 45000.0, time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)},
			{hostileLink, "Carbon reduction plan", "Amber", 12000.0, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)},
			{"Northern Linen Services", "Local spend 40%", "Red", 80000.0, time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC)},
		}},
		"returns": {Columns: []string{"supplier", "month", "commitments", "value_gbp", "verified", "note"}, Rows: [][]any{
			{"Acme Healthcare Ltd", month(4), int64(12), 45000.5, true, nil},
			{hostileLink, month(4), int64(3), 12000.0, false, "-5"},
			{hostileSum, month(3), int64(7), 80000.0, true, "late return"},
		}},
	}
	return &spec.Report{
		Spec: s, Data: data, AsOf: month(4), Scope: "North East and Yorkshire region",
		GeneratedAt: time.Date(2026, 5, 6, 9, 30, 0, 0, time.UTC), Source: "svhub 0.1 · svhub.duckdb",
	}
}

func writeSample(t *testing.T) (string, *excelize.File) {
	t.Helper()
	dir := t.TempDir()
	if d := os.Getenv("SVHUB_EXCEL_OUT"); d != "" { // to look at the pack
		dir = d
	}
	path := filepath.Join(dir, "pack.xlsx")
	if err := Write(context.Background(), path, sampleReport()); err != nil {
		t.Fatalf("Write: %v", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

// numFmtOf returns the custom number format of a cell.
func numFmtOf(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return ""
}

func raw(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cellType(t *testing.T, f *excelize.File, sheet, ref string) excelize.CellType {
	t.Helper()
	ct, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return ct
}

func TestWrite_Workbook(t *testing.T) {
	path, f := writeSample(t)

	t.Run("sheet names and order", func(t *testing.T) {
		want := []string{"Summary", "Commitments status by supplier", "Data", "Chart data", "About"}
		if got := f.GetSheetList(); !slices.Equal(got, want) {
			t.Errorf("sheets = %q, want %q", got, want)
		}
		if f.GetActiveSheetIndex() != 0 {
			t.Errorf("active sheet = %d, want 0 (Summary)", f.GetActiveSheetIndex())
		}
	})

	t.Run("summary heading", func(t *testing.T) {
		if v := raw(t, f, "Summary", "A1"); v != "Social value board pack" {
			t.Errorf("A1 = %q", v)
		}
		rows, _ := f.GetRows("Summary")
		found := map[string]string{}
		for i, r := range rows {
			if len(r) >= 2 {
				found[r[0]] = cell(2, i+1)
			}
		}
		for _, l := range []string{"Scope", "Reporting month", "Generated at", "Source"} {
			if _, ok := found[l]; !ok {
				t.Errorf("no %q row on Summary", l)
			}
		}
		if ref := found["Reporting month"]; ref != "" {
			if ct := cellType(t, f, "Summary", ref); ct != excelize.CellTypeUnset && ct != excelize.CellTypeNumber {
				t.Errorf("reporting month is not a number/date cell: %v", ct)
			}
			if nf := numFmtOf(t, f, "Summary", ref); nf != "mmm yyyy" {
				t.Errorf("reporting month format = %q", nf)
			}
			if v, _ := f.GetCellValue("Summary", ref); v != "Apr 2026" {
				t.Errorf("reporting month shows %q", v)
			}
		}
	})

	t.Run("KPIs are numbers with formats", func(t *testing.T) {
		rows, _ := f.GetRows("Summary")
		at := map[string]string{}
		for i, r := range rows {
			if len(r) >= 1 {
				at[r[0]] = cell(2, i+1)
			}
		}
		for _, tc := range []struct{ label, raw, nf, shown string }{
			{"Commitments", "128", "#,##0", "128"},
			{"On track", "66.4", `0"%"`, "66%"},
			{"Delivered against plan", "0.93", "0%", "93%"},
			{"Social value delivered", "1234567", `"£"#,##0`, "£1,234,567"},
			{"Latest return", "46113", "mmm yyyy", "Apr 2026"},
		} {
			ref, ok := at[tc.label]
			if !ok {
				t.Errorf("KPI %q not found", tc.label)
				continue
			}
			if got := raw(t, f, "Summary", ref); got != tc.raw {
				t.Errorf("KPI %q raw = %q, want %q", tc.label, got, tc.raw)
			}
			if ct := cellType(t, f, "Summary", ref); ct != excelize.CellTypeUnset && ct != excelize.CellTypeNumber {
				t.Errorf("KPI %q cell type = %v, want a number", tc.label, ct)
			}
			if nf := numFmtOf(t, f, "Summary", ref); nf != tc.nf {
				t.Errorf("KPI %q format = %q, want %q", tc.label, nf, tc.nf)
			}
			if got, _ := f.GetCellValue("Summary", ref); got != tc.shown {
				t.Errorf("KPI %q shows %q, want %q", tc.label, got, tc.shown)
			}
		}
	})

	t.Run("charts", func(t *testing.T) {
		charts := zipFiles(t, path, regexp.MustCompile(`^xl/charts/chart\d+\.xml$`))
		if len(charts) != 2 {
			t.Fatalf("chart parts = %d, want 2", len(charts))
		}
		all := strings.Join(charts, "\n")
		for _, c := range []string{"009639", "FFB81C", "DA291C", "768692", "005EB8"} {
			if !strings.Contains(all, `<a:srgbClr val="`+c+`"`) {
				t.Errorf("series colour %s not in chart XML", c)
			}
		}
		for _, s := range []string{"Two in three commitments on track in April", "commitments", "% on track",
			`&#39;Chart data&#39;!$B$`, `<barDir val="bar">`, `<grouping val="stacked">`, `<lineChart>`, `<legendPos val="b">`, `<varyColors val="0">`} {
			if !strings.Contains(all, s) {
				t.Errorf("chart XML lacks %q", s)
			}
		}
		if n := strings.Count(all, "<ser>"); n != 6 {
			t.Errorf("series count = %d, want 6", n)
		}
	})

	t.Run("chart data", func(t *testing.T) {
		rows, _ := f.GetRows("Chart data")
		var hdr int
		for i, r := range rows {
			if len(r) > 0 && r[0] == "theme" {
				hdr = i + 1
				break
			}
		}
		if hdr == 0 {
			t.Fatalf("no theme header on Chart data: %q", rows)
		}
		if got := raw(t, f, "Chart data", cell(2, hdr+1)); got != "30" {
			t.Errorf("first green value = %q", got)
		}
		if v, _ := f.GetCellValue("Chart data", cell(2, hdr)); v != "On track" {
			t.Errorf("series label = %q", v)
		}
	})

	t.Run("table sheet", func(t *testing.T) {
		sh := "Commitments status by supplier"
		// row 1 title, 2 scope and month, 4 the block's title, 5 the header
		if v := raw(t, f, sh, "A1"); v != sh {
			t.Errorf("A1 = %q", v)
		}
		if v := raw(t, f, sh, "A2"); v != "North East and Yorkshire region · reporting month April 2026" {
			t.Errorf("A2 = %q", v)
		}
		if v := raw(t, f, sh, "A4"); v != "Commitments: status by supplier [April]" {
			t.Errorf("A4 = %q", v)
		}
		if v := raw(t, f, sh, "A5"); v != "Supplier" {
			t.Errorf("A5 = %q", v)
		}
		p, err := f.GetPanes(sh)
		if err != nil || !p.Freeze || p.YSplit != 5 {
			t.Errorf("panes = %+v, %v; want rows 1-5 frozen", p, err)
		}
		if v := raw(t, f, sh, "A7"); v != "'"+hostileLink {
			t.Errorf("hostile supplier = %q", v)
		}
		if v := raw(t, f, sh, "D6"); v != "45000" {
			t.Errorf("value raw = %q", v)
		}
		if v, _ := f.GetCellValue(sh, "D6"); v != "£45,000" {
			t.Errorf("value shown = %q", v)
		}
		if v, _ := f.GetCellValue(sh, "E6"); v != "30 Sep 2026" {
			t.Errorf("due shown = %q", v)
		}
		if tbls, err := f.GetTables(sh); err != nil || len(tbls) != 1 || tbls[0].Range != "A5:E8" {
			t.Errorf("tables = %+v, %v; want one over A5:E8", tbls, err)
		}
		// RAG: conditional formatting on the RAG column, one rule per word
		cf, err := f.GetConditionalFormats(sh)
		if err != nil {
			t.Fatal(err)
		}
		rules := cf["C6:C8"]
		var words []string
		for _, r := range rules {
			words = append(words, r.Value)
		}
		if want := []string{`"Red"`, `"Amber"`, `"Green"`, `"Grey"`}; !slices.Equal(words, want) {
			t.Errorf("RAG rules on C6:C8 = %q, want %q (all: %v)", words, want, cf)
		}
		for _, r := range rules {
			if r.Value != `"Red"` || r.Format == nil {
				continue
			}
			st, err := f.GetConditionalStyle(*r.Format)
			if err != nil || len(st.Fill.Color) != 1 || !strings.EqualFold(st.Fill.Color[0], "DA291C") {
				t.Errorf("Red style = %+v, %v", st, err)
			}
		}
		if v := raw(t, f, sh, "C8"); v != "Red" {
			t.Errorf("RAG label C8 = %q (the word stays, colour is not the only cue)", v)
		}
	})

	t.Run("data sheet", func(t *testing.T) {
		if v := raw(t, f, "Data", "A1"); !strings.HasPrefix(v, "All 3 rows.") {
			t.Errorf("A1 = %q", v)
		}
		if v := raw(t, f, "Data", "A3"); v != "supplier" {
			t.Errorf("A3 = %q", v)
		}
		p, _ := f.GetPanes("Data")
		if !p.Freeze || p.YSplit != 3 {
			t.Errorf("Data panes = %+v", p)
		}
		if tbls, err := f.GetTables("Data"); err != nil || len(tbls) != 1 || tbls[0].Range != "A3:F6" {
			t.Errorf("Data tables = %+v, %v", tbls, err)
		}
		// hostile strings are neutralised
		if v := raw(t, f, "Data", "A5"); v != "'"+hostileLink {
			t.Errorf("A5 = %q", v)
		}
		if v := raw(t, f, "Data", "A6"); v != "'"+hostileSum {
			t.Errorf("A6 = %q", v)
		}
		if v := raw(t, f, "Data", "F5"); v != "'-5" {
			t.Errorf("F5 (text -5) = %q", v)
		}
		// real numbers and dates
		if ct := cellType(t, f, "Data", "A4"); ct != excelize.CellTypeSharedString && ct != excelize.CellTypeInlineString {
			t.Errorf("A4 type = %v, want string", ct)
		}
		for _, ref := range []string{"B4", "C4", "D4"} {
			if ct := cellType(t, f, "Data", ref); ct != excelize.CellTypeUnset && ct != excelize.CellTypeNumber {
				t.Errorf("%s type = %v, want number", ref, ct)
			}
		}
		if v := raw(t, f, "Data", "D4"); v != "45000.5" {
			t.Errorf("D4 = %q", v)
		}
		if v := raw(t, f, "Data", "B4"); v != "46113" {
			t.Errorf("B4 raw = %q, want date serial 46113", v)
		}
		if nf := numFmtOf(t, f, "Data", "B4"); nf != "d mmm yyyy" {
			t.Errorf("B4 format = %q", nf)
		}
		if v, _ := f.GetCellValue("Data", "B4"); v != "1 Apr 2026" {
			t.Errorf("B4 shows %q", v)
		}
		if ct := cellType(t, f, "Data", "E4"); ct != excelize.CellTypeBool {
			t.Errorf("E4 type = %v, want bool", ct)
		}
		if v := raw(t, f, "Data", "F4"); v != "" {
			t.Errorf("nil F4 = %q, want empty", v)
		}
	})

	t.Run("print set-up on every sheet", func(t *testing.T) {
		names, err := f.GetDefinedName(), error(nil)
		_ = err
		area := map[string]string{}
		for _, d := range names {
			if d.Name == "_xlnm.Print_Area" {
				area[d.Scope] = d.RefersTo
			}
		}
		for _, sh := range f.GetSheetList() {
			lay, err := f.GetPageLayout(sh)
			if err != nil || lay.Size == nil || *lay.Size != 9 || lay.Orientation == nil || *lay.Orientation != "landscape" ||
				lay.FitToWidth == nil || *lay.FitToWidth != 1 {
				t.Errorf("%s page layout = %+v, %v; want A4 landscape, one page wide", sh, lay, err)
			}
			hf, err := f.GetHeaderFooter(sh)
			if err != nil || !strings.Contains(hf.OddHeader, "North East and Yorkshire region") || !strings.Contains(hf.OddHeader, "April 2026") ||
				!strings.Contains(hf.OddFooter, "&P of &N") {
				t.Errorf("%s header/footer = %+v, %v", sh, hf, err)
			}
			if area[sh] == "" {
				t.Errorf("%s has no print area", sh)
			}
		}
		// the Data sheet prints its note, header and first rows only
		if got, want := area["Data"], "'Data'!$A$1:$F$6"; got != want {
			t.Errorf("Data print area = %q, want %q", got, want)
		}
	})

	t.Run("about sheet", func(t *testing.T) {
		rows, err := f.GetRows("About")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range rows {
			if len(r) >= 2 {
				got[r[0]] = r[1]
			}
		}
		for k, want := range map[string]string{
			"Scope": "North East and Yorkshire region", "Reporting month": "April 2026", "Source": "svhub 0.1 · svhub.duckdb",
			"Generated": "6 May 2026 09:30",
		} {
			if got[k] != want {
				t.Errorf("About %s = %q, want %q", k, got[k], want)
			}
		}
	})

	t.Run("document properties", func(t *testing.T) {
		p, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if p.Creator != "svhub" || p.Created != "2026-05-06T09:30:00Z" || p.Modified != "2026-05-06T09:30:00Z" {
			t.Errorf("doc props = %+v", p)
		}
	})

	t.Run("no temp files left", func(t *testing.T) {
		entries, _ := os.ReadDir(filepath.Dir(path))
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("temp file left: %s", e.Name())
			}
		}
	})
}

func TestWrite_Reproducible(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("SVHUB_EXCEL_OUT"); d != "" {
		dir = d
	}
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	for _, p := range []string{a, b} {
		if err := Write(context.Background(), p, sampleReport()); err != nil {
			t.Fatal(err)
		}
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ba, bb) {
		t.Errorf("two writes of the same report differ (%d vs %d bytes)", len(ba), len(bb))
	}
	zr, err := zip.OpenReader(a)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if !zf.Modified.IsZero() && zf.Modified.Year() > 1980 {
			t.Errorf("zip entry %s has timestamp %v", zf.Name, zf.Modified)
		}
	}
}

func TestWrite_Errors(t *testing.T) {
	t.Run("missing directory", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "no", "such", "pack.xlsx")
		err := Write(context.Background(), path, sampleReport())
		if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
			t.Fatalf("err = %v, want a not-exist error naming %s", err, path)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("left behind: %v", entries)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "pack.xlsx")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := Write(ctx, path, sampleReport())
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("left behind: %v", entries)
		}
	})
	t.Run("cancelled while streaming data", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "pack.xlsx")
		r := sampleReport()
		big := r.Data["returns"]
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for i := range 3 * ctxEvery {
			big.Rows = append(big.Rows, []any{cancelAt{i, ctxEvery + 1, cancel}, month(1), int64(i), 1.5, true, nil})
		}
		err := Write(ctx, path, r)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("left behind: %v", entries)
		}
	})
	t.Run("invalid spec", func(t *testing.T) {
		dir := t.TempDir()
		r := sampleReport()
		r.Spec.Blocks[2].Y[0].Name = "nope"
		err := Write(context.Background(), filepath.Join(dir, "pack.xlsx"), r)
		if err == nil || !strings.Contains(err.Error(), `no column "nope"`) {
			t.Fatalf("err = %v", err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("left behind: %v", entries)
		}
	})
	t.Run("existing file kept on failure", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "pack.xlsx")
		if err := os.WriteFile(path, []byte("last good"), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := Write(ctx, path, sampleReport()); err == nil {
			t.Fatal("want error")
		}
		if b, _ := os.ReadFile(path); string(b) != "last good" {
			t.Errorf("previous output changed: %q", b)
		}
	})
}

// cancelAt is a value whose String method cancels a context at row n, so a
// test can cancel in the middle of streaming the Data sheet.
type cancelAt struct {
	i, n   int
	cancel func()
}

func (c cancelAt) String() string {
	if c.i == c.n {
		c.cancel()
	}
	return "Supplier"
}

func TestSheetName_ValidAndUnique(t *testing.T) {
	w := &book{used: map[string]bool{"summary": true, "data": true, "chart data": true}}
	long := strings.Repeat("x", 40)
	for _, tc := range []struct{ title, want string }{
		{"Commitments: status [Q1]", "Commitments status Q1"},
		{"Data", "Data (2)"},
		{"'quoted'", "quoted"},
		{long, strings.Repeat("x", 31)},
		{long, strings.Repeat("x", 27) + " (2)"},
		{"a/b\\c?d*e", "a b c d e"},
		{"", "id"},
	} {
		if got := w.sheetName(tc.title, "id"); got != tc.want {
			t.Errorf("sheetName(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

func zipFiles(t *testing.T, path string, re *regexp.Regexp) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out []string
	for _, zf := range zr.File {
		if !re.MatchString(zf.Name) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, string(b))
	}
	return out
}

func TestWrite_LargeData(t *testing.T) {
	if testing.Short() {
		t.Skip("100k rows")
	}
	r := sampleReport()
	res := r.Data["returns"]
	for i := range 100_000 {
		res.Rows = append(res.Rows, []any{"Supplier " + strconv.Itoa(i%500), month(time.Month(1 + i%12)), int64(i), float64(i) * 1.5, i%2 == 0, nil})
	}
	path := filepath.Join(t.TempDir(), "big.xlsx")
	start := time.Now()
	if err := Write(context.Background(), path, r); err != nil {
		t.Fatal(err)
	}
	t.Logf("100,003 data rows written in %v", time.Since(start))
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	last := strconv.Itoa(len(res.Rows) + 3)
	if v := raw(t, f, "Data", "C"+last); v != "99999" {
		t.Errorf("last row C = %q", v)
	}
	if tbls, _ := f.GetTables("Data"); len(tbls) != 1 || tbls[0].Range != "A3:F"+last {
		t.Errorf("Data table = %+v", tbls)
	}
}

func TestWrite_DataSplitAcrossSheets(t *testing.T) {
	old := dataRowsPerSheet
	dataRowsPerSheet = 2 // as if Excel's limit were two rows
	t.Cleanup(func() { dataRowsPerSheet = old })
	_, f := writeSample(t) // 3 data rows: two sheets
	if got, want := f.GetSheetList(), []string{"Summary", "Commitments status by supplier", "Data", "Data (2)", "Chart data", "About"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	checkSampleDataSplit(t, f)
	if rows, _ := f.GetRows("Summary"); !strings.Contains(fmt.Sprint(rows), "split over 2 sheets") {
		t.Errorf("Summary does not say the data is split")
	}
}

// checkSampleDataSplit checks the sample's 3 data rows split two and one
// over sheets Data and Data (2): each sheet's note, first row and table.
func checkSampleDataSplit(t *testing.T, f *excelize.File) {
	t.Helper()
	for sh, want := range map[string]struct{ note, first, table string }{
		"Data":     {"Rows 1 to 2 of 3 rows (more than fit on one Excel sheet); continued on sheet Data (2).", "Acme Healthcare Ltd", "A3:F5"},
		"Data (2)": {"Rows 3 to 3 of 3 rows (more than fit on one Excel sheet).", "'" + hostileSum, "A3:F4"},
	} {
		if v := raw(t, f, sh, "A1"); !strings.HasPrefix(v, want.note) {
			t.Errorf("%s note = %q, want it to start %q", sh, v, want.note)
		}
		if v := raw(t, f, sh, "A4"); v != want.first {
			t.Errorf("%s A4 = %q, want %q", sh, v, want.first)
		}
		if tbls, err := f.GetTables(sh); err != nil || len(tbls) != 1 || tbls[0].Range != want.table {
			t.Errorf("%s tables = %+v, %v; want %s", sh, tbls, err, want.table)
		}
	}
}

// Codes are shown in plain words (the spec's Labels, as on the dashboard),
// with the code itself in a column of its own; a code with no words stays
// as it is, and stays inert.
func TestWrite_CodesInPlainWords(t *testing.T) {
	words := map[string]string{"no_followthrough": "No returns since award", "pct": "%"}
	meaning := map[string]string{"no_followthrough": "No return at all since the contract started."}
	s := &spec.Spec{Title: "Flags", Blocks: []spec.Block{{ID: "flags", Kind: spec.Table, Title: "Flags", Query: "flags", Columns: []spec.Column{
		{Name: "flag", Label: "Flag", Format: spec.FormatText, Labels: words},
		{Name: "flag", Label: "What it means", Format: spec.FormatText, Labels: meaning},
		{Name: "flag", Label: "Flag code", Format: spec.FormatText},
		{Name: "n", Label: "Flagged", Format: spec.FormatInt, Labels: words},
	}}}}
	r := &spec.Report{Spec: s, AsOf: month(4), Data: map[string]*spec.Result{"flags": {Columns: []string{"flag", "n"}, Rows: [][]any{
		{"no_followthrough", int64(3)},
		{"new_flag", int64(1)},
		{hostileLink, int64(2)},
	}}}}
	path := filepath.Join(t.TempDir(), "flags.xlsx")
	if err := Write(context.Background(), path, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Flags")
	var got []string
	for _, r := range rows {
		if len(r) == 4 {
			got = append(got, strings.Join(r, "|"))
		}
	}
	want := []string{
		"Flag|What it means|Flag code|Flagged",
		"No returns since award|No return at all since the contract started.|no_followthrough|3",
		"new_flag|new_flag|new_flag|1",
		"'" + hostileLink + "|'" + hostileLink + "|'" + hostileLink + "|2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows:\n%q\nwant\n%q", got, want)
	}
}

// A sheet with PrintRows is for the screen when its tables hold more rows
// than that: 2 + 3 = 5 rows against a limit of 4 (yes), 5 (no: equal), 0
// (no limit); ScreenOnly is for the screen whatever its size.
func TestSheet_ScreenOnly(t *testing.T) {
	rows := func(n int) *spec.Result {
		r := &spec.Result{Columns: []string{"x"}}
		for i := range n {
			r.Rows = append(r.Rows, []any{int64(i)})
		}
		return r
	}
	r := &spec.Report{
		Spec: &spec.Spec{Blocks: []spec.Block{
			{ID: "a", Kind: spec.Table, Query: "qa"}, {ID: "b", Kind: spec.Table, Query: "qb"}, {ID: "t", Kind: spec.Text, Text: "x"},
		}},
		Data: map[string]*spec.Result{"qa": rows(2), "qb": rows(3)},
	}
	for _, tc := range []struct {
		sh   Sheet
		want bool
	}{
		{Sheet{Blocks: []string{"a", "b", "t"}, PrintRows: 4}, true},
		{Sheet{Blocks: []string{"a", "b", "t"}, PrintRows: 5}, false},
		{Sheet{Blocks: []string{"a", "b"}}, false},
		{Sheet{Blocks: []string{"a"}, ScreenOnly: true}, true},
	} {
		got, n := tc.sh.screenOnly(r)
		if got != tc.want || (len(tc.sh.Blocks) == 3 && n != 5) {
			t.Errorf("%+v: screen only %v (%d rows), want %v", tc.sh, got, n, tc.want)
		}
	}
}

// Horizontal bar charts grow with their categories, two lines of bar each
// when a label wraps, within a page. Worked by hand from 110 px of title,
// axis and legend plus 24 px a bar (32 when a label has more than 28
// characters at full width, 14 at half), and 8 px more for each line of
// title past the first (70 characters a line at full width, 35 at half;
// at most 3 more), at least 230 and at most 560.
func TestBarChartHeightPx(t *testing.T) {
	short := []string{"Wellbeing", "Equal opportunity", "COVID-19 recovery", "Fighting climate change", "Tackling inequality"}
	long := []string{"Build an NHS fit for the future", "Kickstart economic growth", "Take back our streets",
		"Make Britain a clean energy superpower", "Break down barriers to opportunity"}
	longTitle := "Highest share off track: Take back our streets (41% red, 9 of 22); highest on track: Build an NHS fit for the future"
	ics := []string{"Humber and North Yorkshire", "North East and North Cumbria", "South Yorkshire", "West Yorkshire"}
	many := make([]string, 30)
	for i := range many {
		many[i] = "Trust"
	}
	const half = halfChartWidthPx
	for _, c := range []struct {
		name   string
		title  string
		labels []string
		width  int
		want   int
	}{
		{"five short labels: the minimum", "By theme", short, chartWidthPx, 230},          // 110 + 5×24 = 230
		{"five labels, two wrap", "By mission", long, chartWidthPx, 270},                  // 110 + 5×32
		{"wrapping labels under a two-line title", longTitle, long, chartWidthPx, 278},    // 118 + 5×32 (117 characters: 2 lines)
		{"eight short labels", "By ICS", append(short, "A", "B", "C"), chartWidthPx, 302}, // 110 + 8×24
		{"thirty trusts: capped at a page", "By trust", many, chartWidthPx, 560},          // 110 + 720 > 560
		{"no categories", "Empty", nil, chartWidthPx, 230},
		// half width (440 px): 28×440/860 = 14 characters a label, 70×440/860 = 35 a title line
		{"half: four ICSs wrap", "Delivery by integrated care system", ics, half, 238},                 // 110 + 4×32 = 238 (title 34: one line)
		{"half: a title of four lines", longTitle, short, half, 294},                                   // 110 + 3×8 + 5×32: (117-1)/35 = 3 more lines; "Equal opportunity" (17) wraps
		{"half: a title of eight lines is capped at 3 more", strings.Repeat("a", 300), nil, half, 230}, // 110+24 < 230
	} {
		if got := barChartHeightPx(c.title, c.labels, c.width); got != c.want {
			t.Errorf("%s: %d px, want %d", c.name, got, c.want)
		}
	}
}

// A streamed data query (spec.Query.Stream: the result holds its first rows
// and the count; the rows come from Stream) gives the same Data sheets as
// one held in memory: split at two rows here, rows 1–2 then row 3, each
// sheet its own table; and a stream that returns more or fewer rows than
// it counted is an error, not a table over the wrong range.
func TestWrite_DataStreamedAcrossSheets(t *testing.T) {
	old := dataRowsPerSheet
	dataRowsPerSheet = 2
	t.Cleanup(func() { dataRowsPerSheet = old })
	streamed := func(extra int) *spec.Report {
		r := sampleReport()
		full := r.Data["returns"]
		rows := full.Rows
		for i := 0; i < extra; i++ {
			rows = append(rows, rows[0])
		}
		r.Data["returns"] = &spec.Result{Columns: full.Columns, Rows: full.Rows[:1], Total: len(full.Rows),
			Stream: func(ctx context.Context, each func([]any) error) error {
				for _, rec := range rows {
					if err := each(append([]any(nil), rec...)); err != nil {
						return err
					}
				}
				return nil
			}}
		return r
	}
	path := filepath.Join(t.TempDir(), "streamed.xlsx")
	if err := Write(context.Background(), path, streamed(0)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	heldAll := func() *excelize.File { // the same report, every row held
		p := filepath.Join(t.TempDir(), "held.xlsx")
		if err := Write(context.Background(), p, sampleReport()); err != nil {
			t.Fatal(err)
		}
		g, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { g.Close() })
		return g
	}()
	checkSampleDataSplit(t, f)
	for _, sh := range []string{"Data", "Data (2)"} {
		got, _ := f.GetRows(sh, excelize.Options{RawCellValue: true})
		wantRows, _ := heldAll.GetRows(sh, excelize.Options{RawCellValue: true})
		if fmt.Sprint(got) != fmt.Sprint(wantRows) {
			t.Errorf("%s streamed:\n%v\nheld:\n%v", sh, got, wantRows)
		}
	}
	if err := Write(context.Background(), filepath.Join(t.TempDir(), "more.xlsx"), streamed(1)); err == nil || !strings.Contains(err.Error(), "more than the 3 rows it counted") {
		t.Errorf("a stream of 4 rows counted as 3: %v", err)
	}
	short := streamed(0)
	short.Data["returns"].Total = 4
	if err := Write(context.Background(), filepath.Join(t.TempDir(), "fewer.xlsx"), short); err == nil || !strings.Contains(err.Error(), "returned 3 rows, not the 4") {
		t.Errorf("a stream of 3 rows counted as 4: %v", err)
	}
}

// The "Generated at" stamp is the UTC time whatever zone the clock gave it
// in: an Excel date has no zone, so 10:30 British Summer Time is written as
// 09:30, as on a machine set to UTC.
func TestWrite_GeneratedInUTC(t *testing.T) {
	r := sampleReport()
	r.GeneratedAt = time.Date(2026, 5, 6, 10, 30, 0, 0, time.FixedZone("GMT Standard Time", 3600))
	path := filepath.Join(t.TempDir(), "pack.xlsx")
	if err := Write(context.Background(), path, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, row := range rows {
		if len(row) >= 2 && row[0] == "Generated at" {
			got = row[1]
		}
	}
	if got != "6 May 2026 09:30" {
		t.Errorf("Generated at = %q, want 6 May 2026 09:30", got)
	}
}

// Two bar charts in a row share the Summary's row, side by side at half
// width (columns A:C and D:H), while a line chart, the bar chart after it
// (its next neighbour too tall to pair) and a tall bar chart (30
// categories) keep the full width; no page break falls inside a chart.
func TestWrite_TwoChartsSideBySide(t *testing.T) {
	r := sampleReport()
	rag, _ := block(r.Spec, "rag")
	second := rag
	second.ID, second.Title = "rag2", "Net zero slips most"
	third := rag
	third.ID, third.Title = "rag3", "Wellbeing is on track"
	tall := rag
	tall.ID, tall.Query, tall.Title = "tall", "by_trust", "Thirty trusts"
	tall.X = "trust"
	r.Spec.Blocks = append(r.Spec.Blocks[:3], append([]spec.Block{second}, r.Spec.Blocks[3:]...)...)
	r.Spec.Blocks = append(r.Spec.Blocks, third, tall)
	trusts := &spec.Result{Columns: []string{"trust", "green", "amber", "red", "grey"}}
	for i := range 30 {
		trusts.Rows = append(trusts.Rows, []any{fmt.Sprintf("Trust %d", i), int64(3), int64(1), int64(1), int64(0)})
	}
	r.Data["by_trust"] = trusts
	path := filepath.Join(t.TempDir(), "pack.xlsx")
	if err := Write(context.Background(), path, r); err != nil {
		t.Fatal(err)
	}
	anchor := regexp.MustCompile(`<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>(\d+)</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?name="chart-([^"]+)"`)
	type box struct{ col, row, toCol, toRow int }
	boxes := map[string]box{}
	for _, d := range zipFiles(t, path, regexp.MustCompile(`^xl/drawings/drawing\d+\.xml$`)) {
		for _, m := range anchor.FindAllStringSubmatch(d, -1) {
			n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
			boxes[m[5]] = box{n(1), n(2), n(3), n(4)}
		}
	}
	if len(boxes) != 5 {
		t.Fatalf("charts %v, want rag, rag2, trend, rag3 and tall", boxes)
	}
	a, b := boxes["rag"], boxes["rag2"]
	if a.row != b.row || a.col != 0 || b.col != rightChartCol-1 || a.toCol >= b.col {
		t.Errorf("rag at %+v and rag2 at %+v: want side by side on one row, rag in A:C, rag2 from D", a, b)
	}
	for _, id := range []string{"trend", "rag3", "tall"} {
		if c := boxes[id]; c.col != 0 || c.toCol < summaryCols-2 || c.row <= a.toRow {
			t.Errorf("%s at %+v: want the full width, below the pair (ending row %d)", id, c, a.toRow)
		}
	}
	breaks := regexp.MustCompile(`<brk id="(\d+)"`)
	for _, s := range zipFiles(t, path, regexp.MustCompile(`^xl/worksheets/sheet1\.xml$`)) {
		for _, m := range breaks.FindAllStringSubmatch(s, -1) {
			brk, _ := strconv.Atoi(m[1]) // the break falls above row brk (1-based), i.e. after 0-based row brk-1
			for id, c := range boxes {
				if brk > c.row && brk <= c.toRow {
					t.Errorf("page break above row %d splits chart %s (%+v)", brk, id, c)
				}
			}
		}
	}
}
