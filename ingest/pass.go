package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-hubs/svhub/ingest/schema"
	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/ingest/validate"
	"github.com/nhs-hubs/svhub/internal/store"
)

// pass is one read of every included file: validated, and loaded when it
// has a writer.
type pass struct {
	rejections   []Rejection
	byFile       map[*source][]Rejection
	rejectedRows map[*source]int
	refused      map[*source]bool // too many rejected rows: see refuse
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func runPass(ctx context.Context, db queryer, srcs []*source, w *writer, o Options) (*pass, error) {
	var q queryer = db
	if w != nil {
		q = w.conn // the writer holds the only connection
	}
	refs, err := loadRefs(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &pass{byFile: map[*source][]Rejection{}, rejectedRows: map[*source]int{}, refused: map[*source]bool{}}
	var seq int64
	if w != nil {
		if err := q.QueryRowContext(ctx, `select coalesce(max(load_seq), 0) from ingest_files`).Scan(&seq); err != nil {
			return nil, fmt.Errorf("ingest: read load sequence: %w", err)
		}
	}
	loadSeq := map[*source]int64{}
	for i, s := range srcs {
		loadSeq[s] = seq + int64(i) + 1
		s.res.Loaded, s.res.Rejected = 0, 0
		if w != nil {
			if err := w.forget(ctx, s.f.SHA256); err != nil {
				return nil, err
			}
		}
		for _, sh := range s.sheets {
			sh.res.Loaded, sh.res.Rejected = 0, 0
			if sh.header == nil {
				p.reject(s, Rejection{Sheet: sh.name, Reason: "sheet not recognised: no row in its first " +
					fmt.Sprint(headerSearchRows) + " rows has the headers of a known table: " + schema.Describe()})
			}
		}
	}
	for _, kind := range schema.LoadOrder {
		for _, s := range srcs {
			for _, sh := range s.sheets {
				if sh.header == nil || sh.header.Kind != kind || p.refused[s] {
					continue
				}
				began := time.Now()
				err := p.sheet(ctx, s, sh, refs, w, loadSeq[s], o)
				s.res.Elapsed += time.Since(began)
				if err != nil {
					return nil, err
				}
			}
		}
	}
	if w != nil {
		for _, s := range srcs {
			if err := w.rejections(ctx, p.byFile[s], loadSeq[s]); err != nil {
				return nil, err
			}
			if err := w.recordFile(ctx, s, loadSeq[s], o.Now()); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

func (p *pass) reject(s *source, r Rejection) {
	r.File, r.SHA256 = s.f.Path, s.f.SHA256
	const max = 200
	if utf8.RuneCountInString(r.Value) > max {
		r.Value = string([]rune(r.Value)[:max]) + "…"
	}
	p.rejections = append(p.rejections, r)
	p.byFile[s] = append(p.byFile[s], r)
}

// errTooManyRejected stops reading a file that has more rejected rows than
// Limits.MaxRejectedRows allows.
var errTooManyRejected = errors.New("too many rejected rows")

// refuse gives up on a file in which row after row fails: 200 MB of garbage
// under a valid header would otherwise take minutes and write millions of
// rejections. The first rejections stay listed, one more says why the file
// was refused, the sheet being read loads nothing and later sheets of the
// file are not read.
func (p *pass) refuse(s *source, sh *sheet, max int) {
	p.refused[s] = true
	s.res.Loaded -= sh.res.Loaded
	sh.res.Loaded = 0
	p.reject(s, Rejection{Sheet: sh.name, Reason: fmt.Sprintf("file refused: this does not look like a returns file. "+
		"%d rows were rejected (limit max_rejected_rows), so the rest of the file was not read and none of this sheet's rows were loaded; "+
		"the first %d problems are listed. Fix the file (often a wrong column or a shifted header) and send it again", max, max)})
}

// extraJSON keeps the columns svhub does not use, so nothing a supplier
// wrote is lost: {"header": "cell text"}, blank cells left out.
func extraJSON(h *schema.Header, cells []string) any {
	m := map[string]string{}
	for i, name := range h.Extra {
		if i < len(cells) && strings.TrimSpace(cells[i]) != "" {
			m[name] = cells[i]
		}
	}
	if len(m) == 0 {
		return nil
	}
	b, err := json.Marshal(m) // keys sorted: the same row gives the same text
	if err != nil {
		return nil
	}
	return string(b)
}

// sheet validates (and loads) the data rows of one recognised sheet.
func (p *pass) sheet(ctx context.Context, s *source, sh *sheet, refs *validate.Refs, w *writer, seq int64, o Options) error {
	maxRejected := o.Limits.WithDefaults().MaxRejectedRows
	seen := map[string]int{} // duplicate key → first row number, within this sheet
	var rows []any           // accepted records, loaded at the end of the sheet
	n := 0
	err := s.f.Rows(ctx, sh.name, func(r tabular.Row) error {
		if r.Number <= sh.row {
			return nil
		}
		n++
		if o.Progress != nil && n%1000 == 0 {
			o.Progress(1000)
		}
		scalePercentCells(s.f, sh, &r)
		rec, key, problems := parseRow(sh.header, r, refs)
		if len(problems) == 0 && key != "" {
			if first, dup := seen[key]; dup {
				problems = append(problems, validate.Problem{Reason: fmt.Sprintf("duplicate: row %d of this sheet already gives %s", first, strings.ReplaceAll(key, "\x00", " / "))})
			} else {
				seen[key] = r.Number
			}
		}
		if len(problems) > 0 {
			if p.rejectedRows[s] >= maxRejected {
				return errTooManyRejected
			}
			for _, pr := range problems {
				p.reject(s, Rejection{Sheet: sh.name, Row: r.Number, Column: pr.Column, Cell: pr.Cell, Value: pr.Value, Reason: pr.Reason})
			}
			sh.res.Rejected++
			s.res.Rejected++
			p.rejectedRows[s]++
			return nil
		}
		accept(refs, rec)
		rec.extra = extraJSON(sh.header, r.Cells)
		rows = append(rows, rec)
		sh.res.Loaded++
		s.res.Loaded++
		return nil
	})
	if o.Progress != nil {
		o.Progress(n % 1000)
	}
	if errors.Is(err, errTooManyRejected) {
		p.refuse(s, sh, maxRejected)
		return nil
	}
	if err != nil {
		return fmt.Errorf("ingest %s: %w", s.f.Path, err)
	}
	if w == nil || len(rows) == 0 {
		return nil
	}
	prov := provenance{file: s.f.Path, sha: s.f.SHA256, sheet: sh.name, seq: seq}
	if err := w.load(ctx, sh.header.Kind, rows, prov); err != nil {
		return fmt.Errorf("ingest %s sheet %q: %w", s.f.Path, sh.name, err)
	}
	return nil
}

// record wraps a validated record with its row number and the row's other
// columns (JSON), which are kept as provenance.
type record struct {
	row   int
	v     any
	extra any // JSON text or nil
}

func parseRow(h *schema.Header, r tabular.Row, refs *validate.Refs) (record, string, []validate.Problem) {
	switch h.Kind {
	case schema.Organisations:
		v, pr := validate.ParseOrg(h, r.Number, r.Cells)
		return record{row: r.Number, v: v}, v.TrustCode, pr
	case schema.Contracts:
		v, pr := validate.ParseContract(h, r.Number, r.Cells, refs)
		return record{row: r.Number, v: v}, strings.ToUpper(v.Ref), pr
	case schema.Commitments:
		v, pr := validate.ParseCommitment(h, r.Number, r.Cells, refs)
		return record{row: r.Number, v: v}, v.ContractRef + "\x00" + v.MeasureCode, pr
	case schema.Returns:
		v, pr := validate.ParseReturn(h, r.Number, r.Cells, refs)
		return record{row: r.Number, v: v}, v.ContractRef + "\x00" + v.Period.Format("2006-01") + "\x00" + v.MeasureCode, pr
	}
	return record{}, "", []validate.Problem{{Reason: "unsupported table kind " + string(h.Kind)}}
}

// accept makes an accepted row visible to the rows after it.
func accept(refs *validate.Refs, rec record) {
	switch v := rec.v.(type) {
	case validate.Org:
		refs.Trusts[strings.ToUpper(v.TrustCode)] = v.TrustCode
	case validate.Contract:
		refs.Contracts[strings.ToUpper(v.Ref)] = validate.ContractInfo{Ref: v.Ref, Model: v.Model, Start: v.Start, End: v.End}
	}
}

func loadRefs(ctx context.Context, q queryer) (*validate.Refs, error) {
	refs := validate.NewRefs()
	rows, err := q.QueryContext(ctx, `select trust_code from organisations`)
	if err != nil {
		return nil, fmt.Errorf("ingest: read organisations: %w", err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		refs.Trusts[strings.ToUpper(c)] = c
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `select contract_ref, model, start_date, end_date from contracts`)
	if err != nil {
		return nil, fmt.Errorf("ingest: read contracts: %w", err)
	}
	for rows.Next() {
		var ci validate.ContractInfo
		if err := rows.Scan(&ci.Ref, &ci.Model, &ci.Start, &ci.End); err != nil {
			rows.Close()
			return nil, err
		}
		refs.Contracts[strings.ToUpper(ci.Ref)] = ci
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `select measure_code, model, measure_name, unit, aggregation from tx_measures`)
	if err != nil {
		return nil, fmt.Errorf("ingest: read measures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m validate.MeasureInfo
		if err := rows.Scan(&m.Code, &m.Model, &m.Name, &m.Unit, &m.Aggregation); err != nil {
			return nil, err
		}
		refs.AddMeasure(m)
	}
	return refs, rows.Err()
}

type provenance struct {
	file, sha, sheet string
	seq              int64
}

// forget removes what an earlier read of the same file left (for --force,
// and for a file that failed --strict before): its returns and rejections.
// Register rows are keyed and simply replaced.
func (w *writer) forget(ctx context.Context, sha string) error {
	for _, t := range []string{"returns", "rejections_raw"} {
		if _, err := w.conn.ExecContext(ctx, "delete from "+t+" where file_sha256 = ?", sha); err != nil {
			return fmt.Errorf("ingest: clear earlier %s of file %s: %w", t, sha[:12], err)
		}
	}
	return nil
}

func (w *writer) rejections(ctx context.Context, rs []Rejection, seq int64) error {
	if len(rs) == 0 {
		return nil
	}
	return w.appender(ctx, "rejections_raw", []string{"source_file", "file_sha256", "sheet", "row_number", "column_name", "cell", "value", "reason", "load_seq"}, func(a *duckdb.Appender) error {
		for _, r := range rs {
			var row any
			if r.Row > 0 {
				row = int32(r.Row)
			}
			if err := a.AppendRow(r.File, r.SHA256, r.Sheet, row, nullStr(r.Column), nullStr(r.Cell), nullStr(r.Value), r.Reason, seq); err != nil {
				return err
			}
		}
		return nil
	})
}

func (w *writer) recordFile(ctx context.Context, s *source, seq int64, now time.Time) error {
	_, err := w.conn.ExecContext(ctx, `insert or replace into ingest_files values (?, ?, ?, ?, ?, ?, ?, false)`,
		s.f.SHA256, s.f.Path, s.f.Format, seq, now.UTC(), s.res.Loaded, s.res.Rejected)
	if err != nil {
		return fmt.Errorf("ingest: record %s: %w", s.f.Path, err)
	}
	return nil
}

func (w *writer) appender(ctx context.Context, table string, cols []string, fn func(*duckdb.Appender) error) error {
	return store.Append(ctx, w.conn, "", "", table, cols, fn)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// percentColumns can hold percentages; an xlsx cell there with a percent
// number format stores 45% as 0.45, and svhub keeps percentages on a
// 0–100 scale.
var percentColumns = map[schema.Kind][]string{
	schema.Contracts:   {"sv_weighting_pct"},
	schema.Commitments: {"target"},
	schema.Returns:     {"value"},
}

func scalePercentCells(f *tabular.File, sh *sheet, r *tabular.Row) {
	if f.Format != "xlsx" {
		return
	}
	for _, col := range percentColumns[sh.header.Kind] {
		i, ok := sh.header.Columns[col]
		if !ok || i >= len(r.Cells) {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(r.Cells[i]), 64)
		if err != nil || !f.IsPercent(sh.name, i, r.Number) {
			continue
		}
		r.Cells[i] = strconv.FormatFloat(math.Round(v*100*1e9)/1e9, 'f', -1, 64)
	}
}
