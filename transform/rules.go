package transform

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Rule is one dated NHS or PPN rule the quality flags apply (a row of the
// `rules` view): in force for procurements started from From to To (the
// last day; nil while still in force).
type Rule struct {
	Rule      string     `json:"rule"`
	Parameter string     `json:"parameter"`
	Value     string     `json:"value"`
	From      time.Time  `json:"-"`
	To        *time.Time `json:"-"`
	Source    string     `json:"source"`
	Section   string     `json:"section,omitempty"`
	Meaning   string     `json:"meaning,omitempty"`
}

// InForce says whether the rule applies to a procurement started on day.
func (r Rule) InForce(day time.Time) bool {
	return !day.Before(r.From) && (r.To == nil || !day.After(*r.To))
}

// ReadRules lists the rules the database holds, by rule, parameter and date.
func ReadRules(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) ([]Rule, error) {
	rows, err := q.QueryContext(ctx, `select rule, parameter, value, effective_from, effective_to, source,
		coalesce(section, ''), coalesce(meaning, '') from rules order by rule, parameter, effective_from`)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		var to sql.NullTime
		if err := rows.Scan(&r.Rule, &r.Parameter, &r.Value, &r.From, &to, &r.Source, &r.Section, &r.Meaning); err != nil {
			return nil, fmt.Errorf("read rules: %w", err)
		}
		if to.Valid {
			t := to.Time
			r.To = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SeedRules are the rules svhub ships (sql/seed/rules.csv), for when there
// is no database to read.
func SeedRules() ([]Rule, error) {
	f, err := sqlfiles.FS.Open("seed/" + RulesFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("read sql/seed/%s: %v", RulesFile, err)
	}
	pos := map[string]int{}
	for i, h := range recs[0] {
		pos[strings.TrimSpace(h)] = i
	}
	get := func(rec []string, col string) string {
		if i, ok := pos[col]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []Rule
	for n, rec := range recs[1:] {
		r := Rule{Rule: get(rec, "rule"), Parameter: get(rec, "parameter"), Value: get(rec, "value"),
			Source: get(rec, "source"), Section: get(rec, "section"), Meaning: get(rec, "meaning")}
		if r.From, err = time.Parse(time.DateOnly, get(rec, "effective_from")); err != nil {
			return nil, fmt.Errorf("read sql/seed/%s row %d: effective_from: %w", RulesFile, n+2, err)
		}
		if t := get(rec, "effective_to"); t != "" {
			to, err := time.Parse(time.DateOnly, t)
			if err != nil {
				return nil, fmt.Errorf("read sql/seed/%s row %d: effective_to: %w", RulesFile, n+2, err)
			}
			r.To = &to
		}
		out = append(out, r)
	}
	return out, nil
}
