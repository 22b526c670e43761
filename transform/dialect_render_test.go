package transform

import (
	"slices"
	"strings"
	"testing"
)

// Each DuckDB-only piece the models use, rendered for Spark SQL: the
// expected text is written by hand from Spark's documentation (and checked
// on Spark 3.5 by make test-spark, which runs every model).
func TestRenderSpark_Pieces(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, duckdb, spark string }{
		{"getvariable today", `select getvariable('svhub_today') as d`, `select (select today from svhub_clock) as d`},
		{"getvariable setting", `select try_cast(getvariable('svhub_rag_green_min') as double)`, `select try_cast(null as double)`},
		{"generate_series unnest", `select cast(unnest(generate_series(a, b, interval 1 month)) as date) as m from t`,
			`select explode(transform(case when a <= b then sequence(a, b, interval 1 month) end, svhub_e -> cast(svhub_e as date))) as m from t`},
		{"unnest alone", `select unnest(l) as x from t`, `select explode(l) as x from t`},
		{"datediff month", `datediff('month', a, b)`, `((year(b) - year(a)) * 12 + month(b) - month(a))`},
		{"datediff day", `datediff('day', s, e)`, `datediff(e, s)`},
		{"to_months", `d + to_months(n * 2)`, `d + make_interval(0, n * 2)`},
		{"to_days", `d + to_days(g)`, `d + make_interval(0, 0, 0, g)`},
		{"date_trunc", `cast(date_trunc('month', d) as date)`, `cast(trunc(d, 'month') as date)`},
		{"last_day", `last_day(d)`, `last_day(d)`},
		{"anti join", `from a anti join b on b.k = a.k`, `from a left anti join b on b.k = a.k`},
		{"semi join", `from a semi join b on b.k = a.k`, `from a left semi join b on b.k = a.k`},
		{"anti as a name", `select anti from t`, `select anti from t`},
		{"regexp_matches", `regexp_matches(s, '^\s*q$')`, `(s rlike '^\\s*q$')`},
		{"regexp_replace g", `regexp_replace(s, '[^a-z]', '', 'g')`, `regexp_replace(s, '[^a-z]', '')`},
		{"median", `median(x)`, `median(x)`},
		{"any_value", `any_value(x)`, `any_value(x)`},
		{"ignore nulls", `last_value(v ignore nulls) over w`, `last_value(v, true) over w`},
		{"left", `left(s, 80)`, `left(s, 80)`},
		{"as json", `cast(r.extra as json) as extra`, `cast(r.extra as string) as extra`},
		{"string_split", `string_split(s, ';')`, `split(s, ';')`},
		{"string_split regex char", `string_split(s, '.')`, `split(s, '\\.')`},
		{"list literal", `coalesce(l, ['a', 'b''s'])`, `coalesce(l, array('a', 'b\'s'))`},
		{"varchar list type", `cast(x as varchar[])`, `cast(x as array<string>)`},
		{"varchar", `cast(null as varchar)`, `cast(null as string)`},
		{"integer division", `(a + 1) // p * p`, `(a + 1) div p * p`},
		{"decimal literal", `100.0 * g / n, 365.25, 3`, `100.0D * g / n, 365.25D, 3`},
		{"round places", `round(a / b, 6)`, `(round((a / b) * 1000000.0D, 0) / 1000000.0D)`},
		{":: cast", `select x::date, t.c::varchar, '1'::integer + 1, (a + b)::double, f(x)::decimal(10,2), l::varchar[] from t`,
			`select cast(x as date), cast(t.c as string), cast('1' as integer) + 1, cast((a + b) as double), cast(f(x) as decimal(10,2)), cast(l as array<string>) from t`},
		{"comment kept", "-- it's a comment\nselect 1", "-- it's a comment\nselect 1"},
	}
	for _, c := range cases {
		got, err := renderSpark(c.duckdb)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.spark {
			t.Errorf("%s:\n duckdb %s\n got    %s\n want   %s", c.name, c.duckdb, got, c.spark)
		}
	}
}

// A construct with no Spark rule fails to render, naming it, rather than
// reaching the cluster.
func TestRenderSpark_Refuses(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ sql, want string }{
		{`select * from t qualify row_number() over w = 1`, "QUALIFY"},
		{`select string_agg(x, ',') from t`, "string_agg"},
		{`select datediff('week', a, b)`, "'month' and 'day'"},
		{`select regexp_replace(s, 'a', 'b')`, "'g'"},
		{`select l[1] from t`, "indexing"},
		{`select ::int`, "::"},
		{`select getvariable('other')`, "session variable"},
	} {
		_, err := renderSpark(c.sql)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one naming %q", c.sql, err, c.want)
		}
	}
}

// DuckDB's rendering is the file itself, byte for byte; Spark's renders
// every model and leaves none of the DuckDB-only pieces behind.
func TestRenderModels(t *testing.T) {
	t.Parallel()
	ms, err := Models()
	if err != nil {
		t.Fatal(err)
	}
	duck, err := RenderModels(DuckDB)
	if err != nil {
		t.Fatal(err)
	}
	spark, err := RenderModels(Spark)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if duck[i].SQL != m.SQL || duck[i].Name != m.Name {
			t.Errorf("%s: the DuckDB rendering is not the file", m.Name)
		}
		body := strings.ToLower(stringLit.ReplaceAllString(commentRE.ReplaceAllString(spark[i].SQL, ""), "''"))
		for _, f := range duckdbOnly {
			if slices.Contains(sparkSame, f) {
				continue
			}
			if re, ok := syntaxRE[f]; ok && re.MatchString(strings.ReplaceAll(body, "left anti join", "")) ||
				!ok && f != "datediff" && strings.Contains(body, f+"(") ||
				f == "datediff" && strings.Contains(body, "datediff(''") {
				t.Errorf("%s: the Spark rendering still has %s", m.Name, f)
			}
		}
		if strings.Contains(body, "//") {
			t.Errorf("%s: the Spark rendering still has //", m.Name)
		}
	}
}

// sparkSame are the DuckDB-only functions Spark SQL 3.4+ spells the same.
var sparkSame = []string{"last_day", "median", "any_value", "left"}

// Every DuckDB-only piece has a Spark rule (or is one Spark spells the same).
func TestRenderSpark_EveryDuckDBOnlyPieceHasARule(t *testing.T) {
	t.Parallel()
	syntax := map[string]bool{"anti join": true, "ignore nulls": true, "as json": true}
	for _, f := range duckdbOnly {
		if _, ok := sparkFuncs[f]; !ok && !syntax[f] {
			t.Errorf("%s has no Spark rendering rule in dialect.go", f)
		}
	}
}
