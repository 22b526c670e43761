package transform

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// portable are the functions the models call that Spark SQL (3.4+) and
// Trino spell and mean the same way as DuckDB (decimal is the type in a
// cast: decimal(38, 6), an exact sum in every engine).
var portable = []string{
	"abs", "cast", "coalesce", "concat", "count", "current_date", "decimal", "dense_rank", "exists", "extract", "first_value", "grouping",
	"greatest", "lag", "last_value", "lead", "least", "rank",
	"length", "lower", "max", "min", "month", "nullif", "regexp_replace", "round", "row_number",
	"split_part", "substr", "sum", "trim", "try_cast", "upper", "year",
}

// duckdbOnly are the DuckDB functions and constructs the models use that
// another engine spells differently; README "Beyond one machine" gives the
// Spark SQL and Trino forms of each.
var duckdbOnly = []string{
	"getvariable", "generate_series", "unnest", "datediff", "to_months", "to_days", "date_trunc",
	"last_day", "anti join", "regexp_matches", "median", "any_value", "ignore nulls", "left",
	"as json", "string_split",
}

var (
	stringLit = regexp.MustCompile(`'(?:[^']|'')*'`)
	callRE    = regexp.MustCompile(`\b([a-z_][a-z0-9_]*)\s*\(`)
	cteRE     = regexp.MustCompile(`\b([a-z_][a-z0-9_]*)\s+as\s*\(`)
	keywords  = []string{"and", "as", "between", "by", "else", "exists", "filter", "from", "in", "is", "join", "not", "on", "or", "over", "select", "sets", "then", "using", "values", "when", "where", "with", "window"}
	syntaxRE  = map[string]*regexp.Regexp{
		"anti join":    regexp.MustCompile(`\banti\s+join\b`),
		"ignore nulls": regexp.MustCompile(`\bignore\s+nulls\b`),
		"as json":      regexp.MustCompile(`\bas\s+json\b`),
	}
)

// The sql/ models stay portable: every function they call is either in the
// portable list or in the DuckDB-only list that README "Beyond one machine"
// translates for Spark SQL and Trino, and the session variables (the one
// piece with no equivalent elsewhere) are read in int_settings.sql only.
func TestModels_DuckDBOnlyPiecesAreListed(t *testing.T) {
	t.Parallel()
	ms, err := Models()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, beyond, ok := strings.Cut(string(readme), "## Beyond one machine")
	if !ok {
		t.Fatal(`README has no "## Beyond one machine" section`)
	}
	for _, d := range duckdbOnly {
		if !strings.Contains(beyond, d) {
			t.Errorf("README \"Beyond one machine\" does not say how to write %q outside DuckDB", d)
		}
	}
	used := map[string][]string{}
	for _, m := range ms {
		body := strings.ToLower(stringLit.ReplaceAllString(commentRE.ReplaceAllString(m.SQL, ""), "''"))
		local := map[string]bool{}
		for _, c := range cteRE.FindAllStringSubmatch(body, -1) {
			local[c[1]] = true
		}
		for _, c := range callRE.FindAllStringSubmatch(body, -1) {
			f := c[1]
			if local[f] || slices.Contains(keywords, f) || slices.Contains(portable, f) {
				continue
			}
			if !slices.Contains(duckdbOnly, f) {
				used[f] = append(used[f], m.Name)
			}
		}
		for name, re := range syntaxRE {
			if re.MatchString(body) && !slices.Contains(duckdbOnly, name) {
				used[name] = append(used[name], m.Name)
			}
		}
		if strings.Contains(body, "getvariable") && m.Name != "int_settings" {
			t.Errorf("model %s reads a session variable: keep getvariable in int_settings.sql, the one DuckDB-only place", m.Name)
		}
	}
	var missing []string
	for f, in := range used {
		missing = append(missing, f+" (in "+strings.Join(slices.Compact(in), ", ")+")")
	}
	sort.Strings(missing)
	for _, f := range missing {
		t.Errorf("function %s is in neither the portable nor the DuckDB-only list: if another engine spells it differently, add it to duckdbOnly and to README \"Beyond one machine\"", f)
	}
}
