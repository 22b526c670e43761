package transform

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Dialects render the sql/ models for an engine. The .sql files are the one
// source, written in DuckDB's SQL (the engine svhub runs); DuckDB's rendering
// is the file unchanged, byte for byte. Another engine's rendering rewrites
// the few DuckDB-only pieces the models use (dialect_test.go lists them), one
// rule per piece, in the manner of dbt's cross-database macros: one source,
// one rendering per adapter. A piece a dialect has no rule for is an error
// naming the model, never a silent pass-through that fails on the cluster.
const (
	DuckDB = "duckdb"
	Spark  = "spark"
)

// Dialects are the renderings Render knows.
var Dialects = []string{DuckDB, Spark}

// SparkClockView is the one-row view (column today, a DATE) the Spark
// rendering reads the reference date from, where DuckDB reads the session
// variable svhub_today: the runner creates it from manifest.json's
// reference_date, so models marked "-- clock: today" compute what svhub did.
const SparkClockView = "svhub_clock"

// Render returns a model's SQL for a dialect.
func Render(m Model, dialect string) (string, error) {
	switch dialect {
	case DuckDB:
		return m.SQL, nil
	case Spark:
		s, err := renderSpark(m.SQL)
		if err != nil {
			return "", fmt.Errorf("render sql/%s/%s.sql for Spark: %w", m.Layer, m.Name, err)
		}
		return s, nil
	}
	return "", fmt.Errorf("render %s: dialect %q: expected one of %s", m.Name, dialect, strings.Join(Dialects, ", "))
}

// RenderModels returns every model rendered for a dialect, in creation order.
func RenderModels(dialect string) ([]Model, error) {
	ms, err := Models()
	if err != nil {
		return nil, err
	}
	out := make([]Model, len(ms))
	for i, m := range ms {
		s, err := Render(m, dialect)
		if err != nil {
			return nil, err
		}
		out[i] = Model{Name: m.Name, Layer: m.Layer, SQL: s}
	}
	return out, nil
}

// ---- a small SQL reader: tokens, and parenthesised groups as a tree ----

type tokKind int

const (
	tWS tokKind = iota
	tComment
	tString
	tNumber
	tWord
	tOp
)

type token struct {
	kind tokKind
	text string
}

// node is a token or a group: "(" or "[" with what is inside it.
type node struct {
	tok   token
	open  string // "(" or "[" for a group
	inner []node
}

func (n node) isGroup() bool { return n.open != "" }

func (n node) word() string {
	if n.isGroup() || n.tok.kind != tWord {
		return ""
	}
	return strings.ToLower(n.tok.text)
}

var twoCharOps = []string{"//", "||", "<=", ">=", "<>", "!=", "::", "->", "**"}

// tokenize splits SQL into tokens, each read by the scanner for its first
// characters; the tokens put back together are the text.
func tokenize(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		t, err := scanToken(s[i:])
		if err != nil {
			return nil, fmt.Errorf("%w at byte %d", err, i)
		}
		out = append(out, t)
		i += len(t.text)
	}
	return out, nil
}

// scanToken reads the token s starts with.
func scanToken(s string) (token, error) {
	c := s[0]
	switch {
	case isSpace(c):
		return token{tWS, s[:spanOf(s, isSpace)]}, nil
	case strings.HasPrefix(s, "--"):
		if j := strings.IndexByte(s, '\n'); j >= 0 {
			return token{tComment, s[:j]}, nil
		}
		return token{tComment, s}, nil
	case strings.HasPrefix(s, "/*"):
		j := strings.Index(s[2:], "*/")
		if j < 0 {
			return token{}, fmt.Errorf("unterminated /* comment")
		}
		return token{tComment, s[:2+j+2]}, nil
	case c == '\'':
		return scanString(s)
	case c == '"':
		j := strings.IndexByte(s[1:], '"')
		if j < 0 {
			return token{}, fmt.Errorf("unterminated quoted identifier")
		}
		return token{tWord, s[:j+2]}, nil
	case isDigit(c):
		return token{tNumber, s[:spanOf(s, func(c byte) bool { return isDigit(c) || c == '.' })]}, nil
	case isLetter(c):
		return token{tWord, s[:spanOf(s, func(c byte) bool { return isLetter(c) || isDigit(c) })]}, nil
	}
	for _, o := range twoCharOps {
		if strings.HasPrefix(s, o) {
			return token{tOp, o}, nil
		}
	}
	return token{tOp, s[:1]}, nil
}

// scanString reads a string literal, ” inside it being one quote.
func scanString(s string) (token, error) {
	for j := 1; j < len(s); j++ {
		if s[j] != '\'' {
			continue
		}
		if j+1 < len(s) && s[j+1] == '\'' {
			j++
			continue
		}
		return token{tString, s[:j+1]}, nil
	}
	return token{}, fmt.Errorf("unterminated string literal")
}

// spanOf is the length of s's prefix of bytes in the class.
func spanOf(s string, in func(byte) bool) int {
	j := 0
	for j < len(s) && in(s[j]) {
		j++
	}
	return j
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func parseTree(toks []token) ([]node, error) {
	nodes, rest, err := parseUntil(toks, "")
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("unbalanced %q", rest[0].text)
	}
	return nodes, nil
}

func parseUntil(toks []token, close string) ([]node, []token, error) {
	var out []node
	for len(toks) > 0 {
		t := toks[0]
		toks = toks[1:]
		if t.kind == tOp {
			switch t.text {
			case "(", "[":
				want := ")"
				if t.text == "[" {
					want = "]"
				}
				inner, rest, err := parseUntil(toks, want)
				if err != nil {
					return nil, nil, err
				}
				out = append(out, node{open: t.text, inner: inner})
				toks = rest
				continue
			case ")", "]":
				if t.text != close {
					return nil, nil, fmt.Errorf("unbalanced %q", t.text)
				}
				return out, toks, nil
			}
		}
		out = append(out, node{tok: t})
	}
	if close != "" {
		return nil, nil, fmt.Errorf("missing %q", close)
	}
	return out, nil, nil
}

// ---- the Spark rendering ----

func renderSpark(sql string) (string, error) {
	toks, err := tokenize(sql)
	if err != nil {
		return "", err
	}
	tree, err := parseTree(toks)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := sparkNodes(&b, tree); err != nil {
		return "", err
	}
	return b.String(), nil
}

// next returns the index of the next node after i that is not whitespace or
// a comment, or -1.
func next(ns []node, i int) int {
	for j := i + 1; j < len(ns); j++ {
		if ns[j].isGroup() || ns[j].tok.kind != tWS && ns[j].tok.kind != tComment {
			return j
		}
	}
	return -1
}

func prev(ns []node, i int) int {
	for j := i - 1; j >= 0; j-- {
		if ns[j].isGroup() || ns[j].tok.kind != tWS && ns[j].tok.kind != tComment {
			return j
		}
	}
	return -1
}

// unsupported are DuckDB constructs that have no rule yet: a model that uses
// one fails to render, naming it, rather than failing on the cluster.
var unsupported = map[string]string{
	"qualify":     "QUALIFY (Spark 3.5 has none: filter a window in a subquery)",
	"string_agg":  "string_agg (its order is not portable: use an ordered list in a subquery)",
	"list":        "list()",
	"struct_pack": "struct_pack()",
	"epoch":       "epoch()",
	"strftime":    "strftime()",
	"strptime":    "strptime()",
}

// sparkNodes writes nodes rendered for Spark: groups, literals, operators
// and words, each by its own rule.
func sparkNodes(b *strings.Builder, ns []node) error {
	ns, err := castOps(ns)
	if err != nil {
		return err
	}
	for i := 0; i < len(ns); i++ {
		switch n := ns[i]; {
		case n.isGroup():
			err = sparkGroup(b, ns, i)
		case n.tok.kind == tWord:
			i, err = sparkWord(b, ns, i)
		default:
			err = sparkToken(b, n.tok)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// sparkGroup writes a parenthesised group, or a list literal ['a', 'b'] as
// array('a', 'b'); indexing (x[1]) has no rule.
func sparkGroup(b *strings.Builder, ns []node, i int) error {
	open, end := "(", ")"
	if ns[i].open == "[" {
		if p := prev(ns, i); p >= 0 && (ns[p].isGroup() || ns[p].tok.kind == tWord && !isKeyword(ns[p].word()) || ns[p].tok.kind == tString) {
			return fmt.Errorf("list indexing x[…] has no Spark rendering")
		}
		open = "array("
	}
	b.WriteString(open)
	if err := sparkNodes(b, ns[i].inner); err != nil {
		return err
	}
	b.WriteString(end)
	return nil
}

// sparkToken writes a token that is not a word: literals, operators,
// whitespace and comments.
func sparkToken(b *strings.Builder, t token) error {
	switch {
	case t.kind == tString:
		b.WriteString(sparkString(unquote(t.text)))
	case t.kind == tNumber:
		b.WriteString(t.text)
		// a decimal literal is DECIMAL in both engines, but DuckDB's
		// division of decimals gives a DOUBLE where Spark keeps a DECIMAL
		// of limited scale: a double literal computes as DuckDB does
		if strings.Contains(t.text, ".") {
			b.WriteString("D")
		}
	case t.kind == tOp && t.text == "//":
		b.WriteString("div") // integer division, same precedence as /
	case t.kind == tOp && t.text == "::":
		return fmt.Errorf("a :: cast whose operand or type could not be read: write cast(x as type)")
	default:
		b.WriteString(t.text)
	}
	return nil
}

// sparkWord writes the word at i: a function call by its rule, any other
// word as a name. It returns the index of the last node it used.
func sparkWord(b *strings.Builder, ns []node, i int) (int, error) {
	if j := next(ns, i); j >= 0 && ns[j].open == "(" {
		if done, err := sparkCall(b, ns[i].word(), ns[j]); done || err != nil {
			return j, err
		}
	}
	if ns[i].word() == "qualify" { // a clause, not a call
		return i, fmt.Errorf("%s has no Spark rendering", unsupported["qualify"])
	}
	return sparkName(b, ns, i)
}

// sparkCall writes the call of function w with the arguments in group g
// by its rule (sparkFuncs), and says whether it did: a function with no
// rule is written as it is, one known to have no rendering is an error.
func sparkCall(b *strings.Builder, w string, g node) (bool, error) {
	if why, ok := unsupported[w]; ok {
		return false, fmt.Errorf("%s has no Spark rendering", why)
	}
	r, ok := sparkFuncs[w]
	if !ok {
		return false, nil
	}
	args, err := splitArgs(g.inner)
	if err != nil {
		return false, err
	}
	s, err := r(args)
	if err != nil {
		return false, fmt.Errorf("%s(…): %w", w, err)
	}
	b.WriteString(s)
	return true, nil
}

// sparkName writes a word that is not a call: a type or keyword by its own
// rule, any other name as it is; varchar[] uses the group after it.
func sparkName(b *strings.Builder, ns []node, i int) (int, error) {
	text, j, p := ns[i].tok.text, next(ns, i), prev(ns, i)
	switch ns[i].word() {
	case "varchar":
		// varchar (DuckDB's text) is Spark's string; varchar[] its array
		if j >= 0 && ns[j].open == "[" && len(ns[j].inner) == 0 {
			b.WriteString("array<string>")
			return j, nil
		}
		text = "string"
	case "json":
		// cast(x as json): the export writes JSON as text
		if p >= 0 && ns[p].word() == "as" {
			text = "string"
		}
	case "anti", "semi":
		// DuckDB's "anti join" ("semi join") is Spark's "left anti join"
		if j >= 0 && ns[j].word() == "join" && (p < 0 || ns[p].word() != "left") {
			text = "left " + text
		}
	case "getvariable":
		return i, fmt.Errorf("getvariable without arguments")
	}
	b.WriteString(text)
	return i, nil
}

// castOps rewrites DuckDB's x::type as cast(x as type), at one level of
// nesting: x is the operand just before (a literal, a group, a name such as
// t.col, or a call f(…)), the type the name after (with its (p, s) or []).
func castOps(ns []node) ([]node, error) {
	for i := 0; i < len(ns); i++ {
		if ns[i].isGroup() || ns[i].tok.kind != tOp || ns[i].tok.text != "::" {
			continue
		}
		start, err := castOperand(ns, i)
		if err != nil {
			return nil, err
		}
		typ := next(ns, i)
		if typ < 0 || ns[typ].word() == "" {
			return nil, fmt.Errorf("a :: cast without a type name")
		}
		end := typ
		if n := next(ns, end); n >= 0 && ns[n].isGroup() && n == end+1 {
			end = n // decimal(10, 2), varchar[]
		}
		inner := append([]node{}, ns[start:i]...)
		inner = append(inner, node{tok: token{tWS, " "}}, node{tok: token{tWord, "as"}}, node{tok: token{tWS, " "}})
		inner = append(inner, ns[typ:end+1]...)
		cast := []node{{tok: token{tWord, "cast"}}, {open: "(", inner: inner}}
		ns = append(append(append([]node{}, ns[:start]...), cast...), ns[end+1:]...)
		i = start
	}
	return ns, nil
}

// castOperand is where the operand of the :: at i starts: the node before
// it, back over a call's name and a name's qualifiers (a.b.c).
func castOperand(ns []node, i int) (int, error) {
	start := prev(ns, i)
	if start < 0 {
		return 0, fmt.Errorf("a :: cast with nothing before it")
	}
	if ns[start].open == "(" {
		if p := prev(ns, start); p >= 0 && ns[p].word() != "" && !isKeyword(ns[p].word()) {
			start = p
		}
	}
	for ns[start].word() != "" {
		dot := prev(ns, start)
		if dot < 0 || ns[dot].isGroup() || ns[dot].tok.text != "." {
			break
		}
		name := prev(ns, dot)
		if name < 0 || ns[name].word() == "" {
			break
		}
		start = name
	}
	if !ns[start].isGroup() && (ns[start].tok.kind == tOp || isKeyword(ns[start].word())) {
		return 0, fmt.Errorf("a :: cast after %q: write cast(x as type)", ns[start].tok.text)
	}
	return start, nil
}

func isKeyword(w string) bool {
	switch w {
	case "select", "as", "and", "or", "not", "in", "then", "else", "when", "by", "from", "where", "on", "is", "case", "return":
		return true
	}
	return false
}

// unquote returns a DuckDB string literal's value (” is one quote).
func unquote(lit string) string {
	return strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
}

// sparkString writes a value as a Spark SQL literal: Spark reads backslash
// escapes in string literals (DuckDB does not), so a regular expression's
// \s must be written \\s.
func sparkString(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// splitArgs splits a call's inner nodes at top-level commas.
func splitArgs(inner []node) ([][]node, error) {
	var out [][]node
	var cur []node
	for _, n := range inner {
		if !n.isGroup() && n.tok.kind == tOp && n.tok.text == "," {
			out = append(out, cur)
			cur = nil
			continue
		}
		cur = append(cur, n)
	}
	if len(cur) > 0 || len(out) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// render renders nodes for Spark and trims the surrounding space.
func render(ns []node) (string, error) {
	var b strings.Builder
	if err := sparkNodes(&b, ns); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

func renderAll(args [][]node) ([]string, error) {
	out := make([]string, len(args))
	for i, a := range args {
		s, err := render(a)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// literal returns the value of an argument that is one string literal.
func literal(arg []node) (string, bool) {
	var lit string
	n := 0
	for _, x := range arg {
		if x.isGroup() {
			return "", false
		}
		switch x.tok.kind {
		case tWS, tComment:
		case tString:
			lit = unquote(x.tok.text)
			n++
		default:
			return "", false
		}
	}
	return lit, n == 1
}

// call is one argument that is itself a function call: its name and args.
func call(arg []node) (string, [][]node, bool) {
	var idx []int
	for i, x := range arg {
		if x.isGroup() || x.tok.kind != tWS && x.tok.kind != tComment {
			idx = append(idx, i)
		}
	}
	if len(idx) != 2 || arg[idx[0]].word() == "" || arg[idx[1]].open != "(" {
		return "", nil, false
	}
	args, _ := splitArgs(arg[idx[1]].inner)
	return arg[idx[0]].word(), args, true
}

func want(args [][]node, n ...int) error {
	for _, k := range n {
		if len(args) == k {
			return nil
		}
	}
	return fmt.Errorf("%d arguments: expected %v", len(args), n)
}

var regexMeta = regexp.MustCompile(`[\\.+*?()|\[\]{}^$]`)

// sparkRule renders one DuckDB function call, given its arguments.
type sparkRule func(args [][]node) (string, error)

// sparkFuncs render DuckDB function calls for Spark SQL (3.4 or later),
// one rule per function of dialect_test.go's DuckDB-only list (and cast,
// which needs a rule for one form). Set in init: the rules render their
// arguments, which reads this table.
var sparkFuncs map[string]sparkRule

func init() {
	sparkFuncs = map[string]sparkRule{
		"getvariable":     sparkGetvariable,
		"unnest":          sparkUnnest,
		"generate_series": sparkGenerateSeries,
		"datediff":        sparkDatediff,
		"to_months":       sparkToMonths,
		"to_days":         sparkToDays,
		"date_trunc":      sparkDateTrunc,
		"regexp_matches":  sparkRegexpMatches,
		"regexp_replace":  sparkRegexpReplace,
		"string_split":    sparkStringSplit,
		// x ignore nulls inside the call is Spark's second argument
		"last_value":  ignoreNulls("last_value"),
		"first_value": ignoreNulls("first_value"),
		"cast":        sparkCast,
		"round":       sparkRound,
		// the same name and meaning in Spark SQL 3.4+
		"median":    sameCall("median"),
		"any_value": sameCall("any_value"),
		"left":      sameCall("left"),
		"last_day":  sameCall("last_day"),
	}
}

// sameCall renders a function Spark SQL 3.4+ has with the same name and
// meaning.
func sameCall(name string) sparkRule {
	return func(args [][]node) (string, error) {
		s, err := renderAll(args)
		if err != nil {
			return "", err
		}
		return name + "(" + strings.Join(s, ", ") + ")", nil
	}
}

// sparkGetvariable: session variables: the reference date comes from the clock view
// the runner makes from manifest.json; every other svhub_ variable
// is a setting, which the exported settings table already carries
// as configured, so it reads as unset
func sparkGetvariable(args [][]node) (string, error) {
	name, ok := literal(args[0])
	if len(args) != 1 || !ok {
		return "", fmt.Errorf("expected one string literal")
	}
	if name == "svhub_today" {
		return "(select today from " + SparkClockView + ")", nil
	}
	if !strings.HasPrefix(name, "svhub_") {
		return "", fmt.Errorf("session variable %q: only svhub_ settings and svhub_today have a rendering", name)
	}
	return "null", nil
}

// sparkUnnest: unnest(list) → explode(list): a generator, so it must stand alone
// in the select list (cast(unnest(…) as t) is rendered by cast)
func sparkUnnest(args [][]node) (string, error) {
	if err := want(args, 1); err != nil {
		return "", err
	}
	s, err := render(args[0])
	return "explode(" + s + ")", err
}

// sparkGenerateSeries: generate_series(a, b, step) → sequence(a, b, step), empty when a > b
// as DuckDB's is (Spark's sequence refuses that range)
func sparkGenerateSeries(args [][]node) (string, error) {
	if err := want(args, 3); err != nil {
		return "", err
	}
	s, err := renderAll(args)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("case when %s <= %s then sequence(%s, %s, %s) end", s[0], s[1], s[0], s[1], s[2]), nil
}

// sparkDatediff: datediff counts boundaries crossed: months from year and month,
// days as Spark's datediff(end, start)
func sparkDatediff(args [][]node) (string, error) {
	if err := want(args, 3); err != nil {
		return "", err
	}
	unit, ok := literal(args[0])
	s, err := renderAll(args[1:])
	if err != nil {
		return "", err
	}
	switch {
	case ok && unit == "month":
		return fmt.Sprintf("((year(%[2]s) - year(%[1]s)) * 12 + month(%[2]s) - month(%[1]s))", s[0], s[1]), nil
	case ok && unit == "day":
		return fmt.Sprintf("datediff(%s, %s)", s[1], s[0]), nil
	}
	return "", fmt.Errorf("unit %q: only 'month' and 'day' have a Spark rendering", unit)
}

// sparkToMonths: intervals of a computed length: a calendar interval, which Spark
// adds to a DATE giving a DATE
func sparkToMonths(args [][]node) (string, error) {
	if err := want(args, 1); err != nil {
		return "", err
	}
	s, err := render(args[0])
	return "make_interval(0, " + s + ")", err
}

func sparkToDays(args [][]node) (string, error) {
	if err := want(args, 1); err != nil {
		return "", err
	}
	s, err := render(args[0])
	return "make_interval(0, 0, 0, " + s + ")", err
}

// sparkDateTrunc: date_trunc('month', d) → trunc(d, 'month'): a DATE, as the models
// cast it
func sparkDateTrunc(args [][]node) (string, error) {
	if err := want(args, 2); err != nil {
		return "", err
	}
	unit, ok := literal(args[0])
	if !ok || unit != "month" && unit != "year" && unit != "quarter" {
		return "", fmt.Errorf("unit: only 'month', 'quarter' and 'year' have a Spark rendering")
	}
	s, err := render(args[1])
	return "trunc(" + s + ", " + sparkString(unit) + ")", err
}

// sparkRegexpMatches: regexp_matches searches as rlike does (both find, not match whole)
func sparkRegexpMatches(args [][]node) (string, error) {
	if err := want(args, 2); err != nil {
		return "", err
	}
	s, err := renderAll(args)
	if err != nil {
		return "", err
	}
	return "(" + s[0] + " rlike " + s[1] + ")", nil
}

// sparkRegexpReplace: regexp_replace(s, re, rep, 'g') replaces every match, as Spark's
// three-argument form does; DuckDB's without 'g' replaces the first
// only, which Spark cannot say
func sparkRegexpReplace(args [][]node) (string, error) {
	if err := want(args, 4); err != nil {
		return "", fmt.Errorf("%w (only the 'g' form replaces as Spark does)", err)
	}
	if f, ok := literal(args[3]); !ok || f != "g" {
		return "", fmt.Errorf("options: only 'g' has a Spark rendering")
	}
	if rep, ok := literal(args[2]); !ok || strings.ContainsAny(rep, `\$`) {
		return "", fmt.Errorf("replacement: only a literal without back-references has a Spark rendering")
	}
	return sameCall("regexp_replace")(args[:3])
}

// sparkStringSplit: string_split splits on text, Spark's split on a regular expression
func sparkStringSplit(args [][]node) (string, error) {
	if err := want(args, 2); err != nil {
		return "", err
	}
	sep, ok := literal(args[1])
	if !ok {
		return "", fmt.Errorf("separator: only a string literal has a Spark rendering")
	}
	s, err := render(args[0])
	return "split(" + s + ", " + sparkString(regexMeta.ReplaceAllString(sep, `\$0`)) + ")", err
}

// sparkCast: cast(unnest(l) as t): Spark allows no generator inside an
// expression, so the cast moves inside: explode(transform(l, …))
func sparkCast(args [][]node) (string, error) {
	if err := want(args, 1); err != nil {
		return "", err
	}
	a := args[0]
	as := -1
	for i, x := range a {
		if x.word() == "as" {
			as = i
		}
	}
	if as < 0 {
		return "", fmt.Errorf("no 'as type'")
	}
	typ, err := render(a[as+1:])
	if err != nil {
		return "", err
	}
	if strings.EqualFold(typ, "json") {
		typ = "string" // the export writes JSON as text
	}
	if name, inner, ok := call(a[:as]); ok && name == "unnest" {
		if err := want(inner, 1); err != nil {
			return "", err
		}
		l, err := render(inner[0])
		if err != nil {
			return "", err
		}
		return "explode(transform(" + l + ", svhub_e -> cast(svhub_e as " + typ + ")))", nil
	}
	x, err := render(a[:as])
	return "cast(" + x + " as " + typ + ")", err
}

// sparkRound: round(x, n) on a DOUBLE: DuckDB scales, rounds half away from
// zero and scales back; Spark rounds the double's exact binary value,
// so 0.9594375 (0.95943749999… in binary) rounded to 6 places is
// 0.959438 in DuckDB and 0.959437 in Spark. Scaling first computes
// as DuckDB does (Spark's round(y, 0) of 959437.5 is 959438).
func sparkRound(args [][]node) (string, error) {
	if err := want(args, 1, 2); err != nil {
		return "", err
	}
	s, err := renderAll(args)
	if err != nil {
		return "", err
	}
	if len(s) == 1 {
		return "round(" + s[0] + ")", nil
	}
	n, err := strconv.Atoi(s[1])
	if err != nil || n < 0 || n > 15 {
		return "", fmt.Errorf("places %q: only a whole number 0-15 has a Spark rendering", s[1])
	}
	scale := "1" + strings.Repeat("0", n) + ".0D"
	return "(round((" + s[0] + ") * " + scale + ", 0) / " + scale + ")", nil
}

func ignoreNulls(name string) sparkRule {
	return func(args [][]node) (string, error) {
		if err := want(args, 1); err != nil {
			return "", err
		}
		a := args[0]
		ig := false
		if k := prev(a, len(a)); k > 0 && a[k].word() == "nulls" {
			if j := prev(a, k); j >= 0 && a[j].word() == "ignore" {
				a, ig = a[:j], true
			}
		}
		s, err := render(a)
		if err != nil {
			return "", err
		}
		if ig {
			return name + "(" + s + ", true)", nil
		}
		return name + "(" + s + ")", nil
	}
}
