package excel

import "github.com/nhs-hubs/svhub/report/spec"

// The breakdown sheets: commitments by RAG, share on track and median
// delivery, cut by ICS and trust, place, supplier and the taxonomy.

// icsTrustSheet breaks delivery down by ICS, then by trust.
func icsTrustSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		spec.Query{Name: "xl_by_ics", SQL: `
select coalesce(ics_name, ics_code) as ics, 'All ' || count(distinct trust_code) || ' trusts' as trusts,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by ics_code, ics_name
order by 1`},
		spec.Query{Name: "xl_by_trust", SQL: `
select coalesce(ics_name, ics_code) as ics, coalesce(trust_name, trust_code) as trust,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by ics_code, ics_name, trust_code, trust_name
order by 1, 2`},
	)
	s.Blocks = append(s.Blocks,
		spec.Block{ID: "xl_by_ics", Kind: spec.Table, Query: "xl_by_ics", Title: "By integrated care system",
			Columns: rollup(text("ics", "ICS"), text("trusts", "Trust"))},
		spec.Block{ID: "xl_by_trust", Kind: spec.Table, Query: "xl_by_trust", Title: "By trust",
			Columns: rollup(text("ics", "ICS"), text("trust", "Trust"))},
	)
	return Sheet{Name: "By ICS and trust", Title: "Delivery by integrated care system and trust", Blocks: []string{"xl_by_ics", "xl_by_trust"}, PrintRows: printRows}
}

// placeSheet breaks delivery down by the local area each contract serves.
func placeSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries, spec.Query{Name: "xl_by_place", SQL: `
select coalesce(ics_name, ics_code) as ics, coalesce(local_area, 'No place given') as place,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by ics_code, ics_name, local_area
order by 1, 2`})
	s.Blocks = append(s.Blocks, spec.Block{ID: "xl_by_place", Kind: spec.Table, Query: "xl_by_place", Title: "By place",
		Subtitle: "The local area (place) each contract serves, within its ICS",
		Columns:  rollup(text("ics", "ICS"), text("place", "Place"))})
	return Sheet{Name: "By place", Title: "Delivery by place", Intro: "the local area each contract serves", Blocks: []string{"xl_by_place"}, PrintRows: printRows}
}

// supplierSheet breaks delivery down by supplier, A to Z.
func supplierSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries, spec.Query{Name: "xl_by_supplier", SQL: `
select supplier_name, count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by supplier_name
order by lower(supplier_name), supplier_name`})
	s.Blocks = append(s.Blocks, spec.Block{ID: "xl_by_supplier", Kind: spec.Table, Query: "xl_by_supplier", Title: "By supplier",
		Subtitle: "Every supplier with a commitment in scope, A to Z",
		Columns:  rollup(text("supplier_name", "Supplier"))})
	return Sheet{Name: "By supplier", Title: "Delivery by supplier", Blocks: []string{"xl_by_supplier"}, PrintRows: printRows}
}

// taxonomySheet breaks delivery down by national mission, theme, outcome
// and award criterion.
func taxonomySheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		spec.Query{Name: "xl_by_mission", SQL: `
select 'Both' as model, coalesce(mission || ' ' || mission_name, 'Not in the taxonomy') as mission,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `,
    count(*) filter (where mission_via = 'crosswalk') as crosswalked,
    coalesce(string_agg(distinct case when crosswalk_confidence = 'low' then measure_code end, ', '), '') as low_confidence
from commitment_status
where as_of = $as_of and ` + scope + `
group by 2
order by 2`},
		spec.Query{Name: "xl_by_theme", SQL: `
select model, coalesce(theme, 'Not in the taxonomy') as theme,
    count(distinct contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status
where as_of = $as_of and ` + scope + `
group by 1, 2
order by 1, 2`},
		spec.Query{Name: "xl_by_outcome", SQL: `
select cs.model, coalesce(cs.outcome_code || ' ' || o.outcome_name, cs.outcome_code, 'Not in the taxonomy') as outcome, any_value(cs.outcome_code) as outcome_code,
    count(distinct cs.contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status cs
left join tx_outcomes o on o.model = cs.model and o.outcome_code = cs.outcome_code
where cs.as_of = $as_of and ` + scopeOf("cs") + `
group by 1, 2
order by 1, outcome_code`},
		// The award criterion a commitment's measure reports against; a
		// criterion whose published wording was not verified is marked.
		spec.Query{Name: "xl_by_award_criterion", SQL: `
select cs.measure_model as model,
    coalesce(cs.award_criterion_label || ' ' || cs.award_criterion_name
        || case when a.wording_status = 'provisional' then ' (svhub wording)' else '' end, 'No award criterion recorded') as award_criterion,
    count(distinct cs.contract_ref) as contracts, count(*) as commitments,
    ` + ragCounts + `, ` + onTrack + `
from commitment_status cs
left join award_criteria a on a.model = cs.measure_model and a.award_criterion = cs.award_criterion
where cs.as_of = $as_of and ` + scopeOf("cs") + `
group by 1, 2
order by 1 nulls last, any_value(cs.award_criterion) nulls last, 2`},
	)
	s.Blocks = append(s.Blocks,
		spec.Block{ID: "xl_by_mission", Kind: spec.Table, Query: "xl_by_mission", Title: "By national mission",
			Subtitle: "2020-model commitments reach a 2025 mission through the hub's crosswalk (svhub's own mapping, not an official one): how many, and the measures mapped with low confidence",
			Columns: append(rollup(text("model", "Model"), text("mission", "Mission")),
				spec.Column{Name: "crosswalked", Label: "Of which via the 2020 crosswalk", Format: spec.FormatInt},
				text("low_confidence", "Low-confidence crosswalk (measures)"))},
		spec.Block{ID: "xl_by_theme", Kind: spec.Table, Query: "xl_by_theme", Title: "By theme",
			Columns: rollup(text("model", "Model"), text("theme", "Theme"))},
		spec.Block{ID: "xl_by_outcome", Kind: spec.Table, Query: "xl_by_outcome", Title: "By outcome",
			Columns: rollup(text("model", "Model"), text("outcome", "Outcome"))},
		spec.Block{ID: "xl_by_award_criterion", Kind: spec.Table, Query: "xl_by_award_criterion", Title: "By award criterion",
			Subtitle: "The criterion each commitment was scored against at tender (2020: MAC 1.1 ...; 2025: 1a ...); \"svhub wording\": a paraphrase, the published text not verified",
			Columns:  rollup(text("model", "Model"), text("award_criterion", "Award criterion"))},
	)
	return Sheet{Name: "By theme, outcome, mission", Title: "Delivery by national mission, theme and outcome", Blocks: []string{"xl_by_mission", "xl_by_theme", "xl_by_outcome", "xl_by_award_criterion"}}
}
