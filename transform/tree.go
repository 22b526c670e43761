package transform

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// svhubWording marks a name whose published text was not verified: svhub's
// paraphrase, shown as such wherever it is printed.
const svhubWording = "svhub wording"

// querier is what WriteTree reads the taxonomy through (a store.DB or a
// transaction).
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// WriteTree prints the taxonomy as analysts read it: model → theme (2020) or
// mission (2025) → outcome → award criterion → measure, each name marked
// "svhub wording" where it is svhub's paraphrase rather than verified
// published text, and each 2020 measure with the 2025 mission the crosswalk
// gives it and how sure that mapping is.
func WriteTree(ctx context.Context, q querier, w io.Writer) error {
	t := &taxTree{byKey: map[string]*taxOutcome{}}
	if err := t.readOutcomes(ctx, q); err != nil {
		return fmt.Errorf("read outcomes: %w", err)
	}
	if err := t.readCriteria(ctx, q); err != nil {
		return fmt.Errorf("read award criteria: %w", err)
	}
	if err := t.readMeasures(ctx, q); err != nil {
		return fmt.Errorf("read measures: %w", err)
	}
	var b strings.Builder
	t.write(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

type taxMeasure struct{ code, name, unit, agg, status, mission, via, confidence string }

type taxCriterion struct {
	label, name, status string
	measures            []taxMeasure
}

type taxOutcome struct {
	model, code, group, name string
	criteria                 []*taxCriterion
	byCode                   map[string]*taxCriterion
	none                     *taxCriterion // measures with no award criterion recorded
}

// taxTree is the taxonomy as the tree prints it: outcomes in their
// numbered order (sql/taxonomy/tree_outcomes.sql), each holding its award
// criteria and their measures.
type taxTree struct {
	outcomes []*taxOutcome
	byKey    map[string]*taxOutcome // model/outcome_code
}

// scanRows runs a query and hands each row to scan.
func scanRows(ctx context.Context, q querier, query string, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (t *taxTree) readOutcomes(ctx context.Context, q querier) error {
	return scanRows(ctx, q, sqlfiles.TreeOutcomes, func(rows *sql.Rows) error {
		o := &taxOutcome{byCode: map[string]*taxCriterion{}}
		if err := rows.Scan(&o.model, &o.code, &o.name, &o.group); err != nil {
			return err
		}
		t.outcomes = append(t.outcomes, o)
		t.byKey[o.model+"/"+o.code] = o
		return nil
	})
}

func (t *taxTree) readCriteria(ctx context.Context, q querier) error {
	return scanRows(ctx, q, sqlfiles.TreeCriteria, func(rows *sql.Rows) error {
		var model, oc, code string
		c := &taxCriterion{}
		if err := rows.Scan(&model, &oc, &code, &c.label, &c.name, &c.status); err != nil {
			return err
		}
		if o := t.byKey[model+"/"+oc]; o != nil {
			o.criteria = append(o.criteria, c)
			o.byCode[code] = c
		}
		return nil
	})
}

// readMeasures puts each measure under its award criterion, or under its
// outcome's "no award criterion recorded".
func (t *taxTree) readMeasures(ctx context.Context, q querier) error {
	return scanRows(ctx, q, sqlfiles.TreeMeasures, func(rows *sql.Rows) error {
		var model, oc, crit string
		var m taxMeasure
		if err := rows.Scan(&model, &oc, &crit, &m.code, &m.name, &m.unit, &m.agg, &m.status, &m.mission, &m.via, &m.confidence); err != nil {
			return err
		}
		o := t.byKey[model+"/"+oc]
		if o == nil {
			return nil // the taxonomy load refuses a measure without its outcome
		}
		c := o.byCode[crit]
		if c == nil {
			if o.none == nil {
				o.none = &taxCriterion{label: "(no award criterion recorded)"}
			}
			c = o.none
		}
		c.measures = append(c.measures, m)
		return nil
	})
}

// wordingMark says whether a name is verified published text.
func wordingMark(status string) string {
	if status == "verified" {
		return " [verified]"
	}
	return " [" + svhubWording + "]"
}

// write prints the tree: a heading at each new model and theme or mission,
// then each outcome.
func (t *taxTree) write(b *strings.Builder) {
	model, group := "", ""
	for _, o := range t.outcomes {
		if o.model != model {
			model, group = o.model, ""
			fmt.Fprintf(b, "%s model\n", model)
		}
		if o.group != group {
			group = o.group
			fmt.Fprintf(b, "  %s\n", group)
		}
		o.write(b)
	}
}

// write prints an outcome, its award criteria and their measures, those
// with no award criterion last.
func (o *taxOutcome) write(b *strings.Builder) {
	fmt.Fprintf(b, "    Outcome %s: %s\n", o.code, o.name)
	cs := o.criteria
	if o.none != nil {
		cs = append(cs, o.none)
	}
	for _, c := range cs {
		if c == o.none {
			fmt.Fprintf(b, "      %s\n", c.label)
		} else {
			fmt.Fprintf(b, "      %s %s%s\n", c.label, c.name, wordingMark(c.status))
		}
		for _, m := range c.measures {
			fmt.Fprintf(b, "        %s %s (%s, %s)%s", m.code, m.name, m.unit, m.agg, wordingMark(m.status))
			if m.via == "crosswalk" {
				fmt.Fprintf(b, " -> %s by the crosswalk, %s confidence", m.mission, m.confidence)
			}
			b.WriteString("\n")
		}
	}
}
