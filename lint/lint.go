// Package lint turns the commitment_flags mart into a per-contract list of
// findings, worst first, each with a plain-English explanation and what the
// hub should ask the supplier for. The flags themselves are computed in SQL
// (sql/marts/commitment_flags.sql), less those the hub resolved in its
// log (commitment_flags_open); this package only groups and prints.
package lint

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Finding is one raised flag.
type Finding struct {
	Flag        string `json:"flag"`
	MeasureCode string `json:"measure_code,omitempty"`
	Severity    int    `json:"severity"` // 1 most serious
	Category    string `json:"category"`
	Detail      string `json:"detail"`
	Explanation string `json:"explanation"`
	Ask         string `json:"ask_supplier"`
	// Rule and RuleSource name the dated NHS or PPN rule a rule-based flag
	// applied (the one in force on the contract's procurement date) and
	// where it is written; empty for the other flags.
	Rule       string `json:"rule,omitempty"`
	RuleSource string `json:"rule_source,omitempty"`
}

// Contract is one contract's findings, most serious first.
type Contract struct {
	Ref      string    `json:"contract_ref"`
	Supplier string    `json:"supplier_name"`
	Trust    string    `json:"trust_code"`
	Findings []Finding `json:"findings"`
}

// worst counts findings by severity, for ordering contracts.
func (c Contract) worst() [4]int {
	var n [4]int
	for _, f := range c.Findings {
		if f.Severity >= 1 && f.Severity <= 3 {
			n[f.Severity]++
		}
	}
	return n
}

// Options narrows what is linted.
type Options struct {
	Contract string // a contract reference (any case); "" for all
}

// Querier is what Run needs from the database.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Run reads every flag (or one contract's) and groups them per contract,
// worst contract first: most serious flags, then most flags, then reference.
func Run(ctx context.Context, db Querier, o Options) ([]Contract, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.Report("lint/findings"), o.Contract)
	if err != nil {
		return nil, fmt.Errorf("read commitment_flags: %w", err)
	}
	defer rows.Close()
	var out []Contract
	for rows.Next() {
		var ref, supplier, trust string
		var f Finding
		if err := rows.Scan(&ref, &supplier, &trust, &f.Flag, &f.MeasureCode, &f.Severity, &f.Category, &f.Detail, &f.Explanation, &f.Ask, &f.Rule, &f.RuleSource); err != nil {
			return nil, fmt.Errorf("read commitment_flags: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Ref != ref {
			out = append(out, Contract{Ref: ref, Supplier: supplier, Trust: trust})
		}
		out[len(out)-1].Findings = append(out[len(out)-1].Findings, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read commitment_flags: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].worst(), out[j].worst()
		for s := 1; s <= 3; s++ {
			if a[s] != b[s] {
				return a[s] > b[s]
			}
		}
		return out[i].Ref < out[j].Ref
	})
	return out, nil
}

// severityName; a finding of the "check" category (a question to ask, such
// as whether climate was in the specification, below the breaches) is
// labelled "check" instead.
var severityName = map[int]string{1: "serious", 2: "weak", 3: "data quality"}

// WriteText prints findings for a person: one block per contract.
func WriteText(w io.Writer, cs []Contract) error {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s  %s  (trust %s): %d finding(s)\n", c.Ref, c.Supplier, c.Trust, len(c.Findings))
		for _, f := range c.Findings {
			what := f.Flag
			if f.MeasureCode != "" {
				what += " on " + f.MeasureCode
			}
			label := severityName[f.Severity]
			if f.Category == "check" {
				label = "check"
			}
			fmt.Fprintf(&b, "  [%s] %s: %s\n", label, what, f.Detail)
			fmt.Fprintf(&b, "      Why: %s\n", f.Explanation)
			fmt.Fprintf(&b, "      Ask: %s\n", f.Ask)
			if f.Rule != "" {
				fmt.Fprintf(&b, "      Rule: %s (%s)\n", f.Rule, f.RuleSource)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON prints findings as one JSON array.
func WriteJSON(w io.Writer, cs []Contract) error {
	if cs == nil {
		cs = []Contract{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(cs)
}

// Count is the number of findings in cs.
func Count(cs []Contract) int {
	n := 0
	for _, c := range cs {
		n += len(c.Findings)
	}
	return n
}
