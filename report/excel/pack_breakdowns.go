package excel

import "github.com/nhs-hubs/svhub/report/spec"

// The breakdown sheets: commitments by RAG, share on track and median
// delivery, cut by ICS and trust, place, supplier and the taxonomy.

// icsTrustSheet breaks delivery down by ICS, then by trust.
func icsTrustSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		packQuery("by_ics", nil),
		packQuery("by_trust", nil),
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
	s.Queries = append(s.Queries, packQuery("by_place", nil))
	s.Blocks = append(s.Blocks, spec.Block{ID: "xl_by_place", Kind: spec.Table, Query: "xl_by_place", Title: "By place",
		Subtitle: "The local area (place) each contract serves, within its ICS",
		Columns:  rollup(text("ics", "ICS"), text("place", "Place"))})
	return Sheet{Name: "By place", Title: "Delivery by place", Intro: "the local area each contract serves", Blocks: []string{"xl_by_place"}, PrintRows: printRows}
}

// supplierSheet breaks delivery down by supplier, A to Z.
func supplierSheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries, packQuery("by_supplier", nil))
	s.Blocks = append(s.Blocks, spec.Block{ID: "xl_by_supplier", Kind: spec.Table, Query: "xl_by_supplier", Title: "By supplier",
		Subtitle: "Every supplier with a commitment in scope, A to Z",
		Columns:  rollup(text("supplier_name", "Supplier"))})
	return Sheet{Name: "By supplier", Title: "Delivery by supplier", Blocks: []string{"xl_by_supplier"}, PrintRows: printRows}
}

// taxonomySheet breaks delivery down by national mission, theme, outcome
// and award criterion.
func taxonomySheet(s *spec.Spec) Sheet {
	s.Queries = append(s.Queries,
		packQuery("by_mission", nil),
		packQuery("by_theme", nil),
		packQuery("by_outcome", nil),
		// The award criterion a commitment's measure reports against; a
		// criterion whose published wording was not verified is marked.
		packQuery("by_award_criterion", nil),
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
