package transform

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
)

// svhubWording marks a name whose published text was not verified: svhub's
// paraphrase, shown as such wherever it is printed.
const svhubWording = "svhub wording"

// WriteTree prints the taxonomy as analysts read it: model → theme (2020) or
// mission (2025) → outcome → award criterion → measure, each name marked
// "svhub wording" where it is svhub's paraphrase rather than verified
// published text, and each 2020 measure with the 2025 mission the crosswalk
// gives it and how sure that mapping is.
func WriteTree(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}, w io.Writer) error {
	type measure struct{ code, name, unit, agg, status, mission, via, confidence string }
	type criterion struct {
		label, name, status string
		measures            []measure
	}
	type outcome struct {
		model, code, group, name string
		criteria                 []*criterion
		byCode                   map[string]*criterion
		none                     *criterion // measures with no award criterion recorded
	}
	// outcomes in their numbered order, which keeps each 2020 theme's and
	// 2025 mission's outcomes together
	var outcomes []*outcome
	byKey := map[string]*outcome{}
	rows, err := q.QueryContext(ctx, `
select o.model, o.outcome_code, o.outcome_name,
    case when o.model = '2020' then 'Theme: ' || coalesce(o.theme, 'none')
         else 'Mission ' || coalesce(o.mission || ' ' || mi.mission_name, o.mission, 'none') end
from tx_outcomes o
left join tx_missions mi on mi.mission = o.mission
order by o.model, try_cast(o.outcome_code as integer), o.outcome_code`)
	if err != nil {
		return fmt.Errorf("read outcomes: %w", err)
	}
	for rows.Next() {
		o := &outcome{byCode: map[string]*criterion{}}
		if err := rows.Scan(&o.model, &o.code, &o.name, &o.group); err != nil {
			rows.Close()
			return fmt.Errorf("read outcomes: %w", err)
		}
		outcomes = append(outcomes, o)
		byKey[o.model+"/"+o.code] = o
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `select model, outcome_code, award_criterion, label, name, wording_status
		from award_criteria order by model, outcome_code, award_criterion`)
	if err != nil {
		return fmt.Errorf("read award criteria: %w", err)
	}
	for rows.Next() {
		var model, oc, code string
		c := &criterion{}
		if err := rows.Scan(&model, &oc, &code, &c.label, &c.name, &c.status); err != nil {
			rows.Close()
			return fmt.Errorf("read award criteria: %w", err)
		}
		if o := byKey[model+"/"+oc]; o != nil {
			o.criteria = append(o.criteria, c)
			o.byCode[code] = c
		}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `select model, outcome_code, coalesce(award_criterion, ''), measure_code, measure_name, unit, aggregation,
		wording_status, coalesce(mission, ''), coalesce(mission_via, ''), coalesce(crosswalk_confidence, '')
		from measures order by model, outcome_code, measure_code`)
	if err != nil {
		return fmt.Errorf("read measures: %w", err)
	}
	for rows.Next() {
		var model, oc, crit string
		var m measure
		if err := rows.Scan(&model, &oc, &crit, &m.code, &m.name, &m.unit, &m.agg, &m.status, &m.mission, &m.via, &m.confidence); err != nil {
			rows.Close()
			return fmt.Errorf("read measures: %w", err)
		}
		o := byKey[model+"/"+oc]
		if o == nil {
			continue // the taxonomy load refuses a measure without its outcome
		}
		c := o.byCode[crit]
		if c == nil {
			if o.none == nil {
				o.none = &criterion{label: "(no award criterion recorded)"}
			}
			c = o.none
		}
		c.measures = append(c.measures, m)
	}
	rows.Close()

	mark := func(status string) string {
		if status == "verified" {
			return " [verified]"
		}
		return " [" + svhubWording + "]"
	}
	var b strings.Builder
	model, group := "", ""
	for _, o := range outcomes {
		if o.model != model {
			model, group = o.model, ""
			fmt.Fprintf(&b, "%s model\n", model)
		}
		if o.group != group {
			group = o.group
			fmt.Fprintf(&b, "  %s\n", group)
		}
		fmt.Fprintf(&b, "    Outcome %s: %s\n", o.code, o.name)
		cs := o.criteria
		if o.none != nil {
			cs = append(cs, o.none)
		}
		for _, c := range cs {
			if c == o.none {
				fmt.Fprintf(&b, "      %s\n", c.label)
			} else {
				fmt.Fprintf(&b, "      %s %s%s\n", c.label, c.name, mark(c.status))
			}
			for _, m := range c.measures {
				fmt.Fprintf(&b, "        %s %s (%s, %s)%s", m.code, m.name, m.unit, m.agg, mark(m.status))
				if m.via == "crosswalk" {
					fmt.Fprintf(&b, " -> %s by the crosswalk, %s confidence", m.mission, m.confidence)
				}
				b.WriteString("\n")
			}
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}
