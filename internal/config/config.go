// Package config holds svhub's settings: one registry of keys, each with a
// default, a type, a help line and (for metric settings) the DuckDB session
// variable the SQL views read. Values come from, highest first: command-line
// flags, SVHUB_* environment variables, the svhub.toml file beside the
// database, and the defaults. Effective values remember where they came
// from, so `svhub config` can say why a threshold is what it is.
//
// To add a setting, append a Key to Keys (and read it with Config.Get or one
// of the typed getters); the file, environment, flags and `svhub config`
// pick it up with no other change.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Kind is a setting's type, which decides how its text is checked.
type Kind int

const (
	Text Kind = iota
	Float
	Int
	Month // YYYY-MM, or blank
	Date  // YYYY-MM-DD, or blank
	List  // a TOML array; in the environment and flags, items separated by ';'
)

// Key is one setting.
type Key struct {
	Name    string // as in svhub.toml: "rag_green_min", or "section.name" for a [section] table
	Kind    Kind
	Default string // List defaults are ';'-separated
	Help    string
	// SQLVar: the views read this setting from the DuckDB session variable
	// svhub_<name> (dots become underscores), falling back to the settings
	// table and then to their own default.
	SQLVar bool
	// Min and Max bound Float and Int values when set.
	Min, Max *float64
	// OneOf, when set, lists the values a Text setting may take.
	OneOf []string
}

func f(v float64) *float64 { return &v }

// DefaultGenericPhrases are the words of a delivery plan that is only policy
// language: the hub's known "we always hire locally" failure mode.
var DefaultGenericPhrases = []string{
	"we always", "where possible", "committed to", "as appropriate",
	"where appropriate", "as and when", "best endeavours", "where feasible",
}

// Keys is every setting svhub knows, in the order `svhub config` prints them.
var Keys = []Key{
	{Name: "rag_green_min", Kind: Float, Default: "0.95", SQLVar: true, Min: f(0), Max: f(10),
		Help: "delivery ratio at or above which a commitment is green"},
	{Name: "rag_amber_min", Kind: Float, Default: "0.75", SQLVar: true, Min: f(0), Max: f(10),
		Help: "delivery ratio at or above which a commitment is amber (below: red)"},
	{Name: "return_grace_days", Kind: Int, Default: "30", SQLVar: true, Min: f(0), Max: f(366),
		Help: "days after the end of a reporting period before its return is overdue"},
	{Name: "monitoring_start", Kind: Month, Default: "", SQLVar: true,
		Help: "first month (YYYY-MM) the hub collects returns for; blank: the earliest month with any return"},
	{Name: "no_followthrough_months", Kind: Int, Default: "3", SQLVar: true, Min: f(1), Max: f(120),
		Help: "months after contract start with no return at all before it is flagged"},
	{Name: "ahead_of_plan_ratio", Kind: Float, Default: "1.2", SQLVar: true, Min: f(0),
		Help: "delivery ratio at or above which a commitment is highlighted as ahead of plan"},
	{Name: "generic_phrases", Kind: List, Default: strings.Join(DefaultGenericPhrases, ";"), SQLVar: true,
		Help: "phrases that make a delivery plan generic policy language (matched ignoring case)"},
	// issue 21: an overdue return chased this many times is escalated
	// (int_settings reads svhub_chase_escalate_after; chase_status uses it)
	{Name: "chase_escalate_after", Kind: Int, Default: "3", SQLVar: true, Min: f(1), Max: f(100),
		Help: "times an overdue return is chased before the chase list marks it for escalation"},
	{Name: "threads", Kind: Int, Default: "0", Min: f(0), Max: f(1024),
		Help: "DuckDB worker threads; 0: one per CPU"},
	// DuckDB's own default is 80% of RAM, which it fills as a cache: an
	// England-sized ingest peaked at 17.6 GB with it. 1GB keeps every step
	// near 1 GB at 1/10 of England for no measurable loss of speed; beyond
	// it DuckDB spills to a .tmp folder beside the database.
	{Name: "memory_limit", Kind: Text, Default: "1GB",
		Help: "DuckDB memory limit, e.g. 1.5GB or 800MB (beyond it DuckDB spills to disk, in a .tmp folder beside the database); blank: DuckDB's default, 80% of RAM"},
	// A run's outputs (reports, workbooks, the export, the hub log) hold Go
	// memory beside DuckDB's buffer pool in the one process, and DuckDB's
	// own use goes past its limit (the Parquet writer, the allocator): at
	// England the export reached 1.8 GB under 1GB. BENCHMARKS.md has the
	// figures that set this default.
	{Name: "output_memory_limit", Kind: Text, Default: "400MB",
		Help: "DuckDB memory limit while svhub run writes the month's outputs (reports, export, hub log), to leave room for the files being written; blank: memory_limit"},
	// DuckDB's use goes past its limit while svhub ingests too: at England
	// the load reached 1.3 GB and the whole rebuild of the marts after it
	// 1.7 GB under 1GB (1.5 GB for the rebuild alone); under 500MB the
	// ingest peaked at 840 MB, for about 40% more CPU in the marts (they
	// spill). BENCHMARKS.md has the figures.
	{Name: "ingest_memory_limit", Kind: Text, Default: "500MB",
		Help: "DuckDB memory limit while svhub ingests files and brings the report tables up to date (it only lowers memory_limit); blank: memory_limit"},
	// Input limits (ingest/tabular/limits.go, RELIABILITY.md): each is named
	// in the error of a file that goes over it.
	{Name: "limits.max_workbook_bytes", Kind: Int, Default: "1073741824", Min: f(1), Help: "largest decompressed .xlsx workbook read, in bytes"},
	{Name: "limits.max_sheet_xml_bytes", Kind: Int, Default: "268435456", Min: f(1), Help: "largest decompressed part (sheet XML) of a workbook, in bytes"},
	{Name: "limits.max_shared_strings_bytes", Kind: Int, Default: "134217728", Min: f(1), Help: "largest shared-string table of a workbook, in bytes"},
	{Name: "limits.max_rows", Kind: Int, Default: "1048576", Min: f(1), Help: "most rows in one sheet or csv file"},
	{Name: "limits.max_columns", Kind: Int, Default: "16384", Min: f(1), Help: "most cells in one row"},
	{Name: "limits.max_cell_chars", Kind: Int, Default: "32767", Min: f(1), Help: "most characters in one cell"},
	{Name: "limits.max_line_bytes", Kind: Int, Default: "1048576", Min: f(1), Help: "longest csv line, in bytes"},
	// A return naming another supplier than the register's for its
	// contract is the commonest sign of a mistyped contract reference.
	{Name: "ingest.supplier_name_check", Kind: Text, Default: "refuse", OneOf: []string{"refuse", "warn"},
		Help: "a return whose supplier_name is not the register's supplier for its contract: refuse (the row is rejected) or warn (it loads, with a note; for hubs whose suppliers write trading names)"},
	{Name: "limits.max_rejected_rows", Kind: Int, Default: "1000", Min: f(1), Help: "rejected rows after which a file is refused as not a returns file"},
}

// Source says where an effective value came from.
type Source string

const (
	FromDefault Source = "default"
	FromFile    Source = "file"
	FromEnv     Source = "env"
	FromFlag    Source = "flag"
)

// Value is one effective setting.
type Value struct {
	Key    Key
	Text   string // List values are ';'-separated
	Source Source
	Where  string // the file path, variable name or flag that set it
}

// Config is the effective settings.
type Config struct {
	File   string // the file read ("" when none existed)
	values map[string]Value
}

// FileName is the configuration file's name, looked for beside the database.
const FileName = "svhub.toml"

// PathFor returns the configuration file used with a database: SVHUB_CONFIG
// if set, else svhub.toml in the database's folder.
func PathFor(dbPath string, getenv func(string) string) string {
	if p := getenv("SVHUB_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(filepath.Dir(dbPath), FileName)
}

// EnvName is the environment variable for a key: SVHUB_ and the name in
// upper case, dots as underscores ("duckdb.threads" → SVHUB_DUCKDB_THREADS).
func EnvName(name string) string {
	return "SVHUB_" + strings.ToUpper(strings.ReplaceAll(name, ".", "_"))
}

// VarName is the DuckDB session variable the views read for a key.
func VarName(name string) string {
	return "svhub_" + strings.ReplaceAll(name, ".", "_")
}

func lookup(name string) (Key, bool) {
	for _, k := range Keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

// Load builds the effective configuration: defaults, then the file at path
// (a missing file is fine), then the environment, then flags (name=value
// pairs, as given to --set). Any unknown key or bad value is an error naming
// where it was written.
func Load(path string, getenv func(string) string, flags []string) (*Config, error) {
	c := &Config{values: map[string]Value{}}
	for _, k := range Keys {
		c.values[k.Name] = Value{Key: k, Text: k.Default, Source: FromDefault}
	}
	if path != "" {
		if err := c.loadFile(path); err != nil {
			return nil, err
		}
	}
	for _, k := range Keys {
		env := EnvName(k.Name)
		if v, ok := lookupEnv(getenv, env); ok {
			if err := c.set(k, v, FromEnv, env); err != nil {
				return nil, err
			}
		}
	}
	for _, fl := range flags {
		name, v, ok := strings.Cut(fl, "=")
		if !ok {
			return nil, fmt.Errorf("--set %q: expected KEY=VALUE", fl)
		}
		k, known := lookup(strings.TrimSpace(name))
		if !known {
			return nil, fmt.Errorf("--set %q: %w", fl, unknownKey(name))
		}
		if err := c.set(k, strings.TrimSpace(v), FromFlag, "--set "+k.Name); err != nil {
			return nil, err
		}
	}
	if c.Float("rag_amber_min") > c.Float("rag_green_min") {
		return nil, fmt.Errorf("rag_amber_min (%s, from %s) is above rag_green_min (%s, from %s): amber must start below green",
			c.values["rag_amber_min"].Text, c.values["rag_amber_min"].Source, c.values["rag_green_min"].Text, c.values["rag_green_min"].Source)
	}
	return c, nil
}

// lookupEnv treats an empty variable as unset, as most command-line tools do.
func lookupEnv(getenv func(string) string, name string) (string, bool) {
	if getenv == nil {
		return "", false
	}
	v := getenv(name)
	if v == "" {
		return "", false
	}
	return v, true
}

func unknownKey(name string) error {
	names := make([]string, len(Keys))
	for i, k := range Keys {
		names[i] = k.Name
	}
	return fmt.Errorf("unknown setting %q (known: %s)", name, strings.Join(names, ", "))
}

func (c *Config) loadFile(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read configuration %s: %w", path, err)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(b), &raw); err != nil {
		return fmt.Errorf("read configuration %s: %w", path, err)
	}
	c.File = path
	flat := map[string]any{}
	flatten("", raw, flat)
	names := make([]string, 0, len(flat))
	for n := range flat {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k, ok := lookup(n)
		if !ok {
			return fmt.Errorf("configuration %s: %w", path, unknownKey(n))
		}
		text, err := tomlText(k, flat[n])
		if err != nil {
			return fmt.Errorf("configuration %s: %s: %w", path, n, err)
		}
		if err := c.set(k, text, FromFile, path); err != nil {
			return err
		}
	}
	return nil
}

func flatten(prefix string, m map[string]any, out map[string]any) {
	for k, v := range m {
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok {
			flatten(name, sub, out)
			continue
		}
		out[name] = v
	}
}

func tomlText(k Key, v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case []any:
		if k.Kind != List {
			return "", fmt.Errorf("expected a single value, got a list")
		}
		items := make([]string, len(x))
		for i, it := range x {
			s, ok := it.(string)
			if !ok {
				return "", fmt.Errorf("list items must be text")
			}
			if strings.Contains(s, ";") {
				return "", fmt.Errorf("list item %q: ';' cannot be used inside an item", s)
			}
			items[i] = s
		}
		return strings.Join(items, ";"), nil
	case time.Time:
		return x.Format("2006-01-02"), nil
	}
	return "", fmt.Errorf("unsupported value %v", v)
}

func (c *Config) set(k Key, text string, src Source, where string) error {
	norm, err := check(k, text)
	if err != nil {
		return fmt.Errorf("%s = %q (from %s %s): %w", k.Name, text, src, where, err)
	}
	c.values[k.Name] = Value{Key: k, Text: norm, Source: src, Where: where}
	return nil
}

// check validates text for its key and returns it in canonical form.
func check(k Key, text string) (string, error) {
	text = strings.TrimSpace(text)
	switch k.Kind {
	case Float:
		x, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return "", fmt.Errorf("expected a number")
		}
		return strconv.FormatFloat(x, 'f', -1, 64), k.bound(x)
	case Int:
		x, err := strconv.Atoi(text)
		if err != nil {
			return "", fmt.Errorf("expected a whole number")
		}
		return strconv.Itoa(x), k.bound(float64(x))
	case Month:
		return checkTime(text, "2006-01", "expected a month as YYYY-MM")
	case Date:
		return checkTime(text, "2006-01-02", "expected a date as YYYY-MM-DD")
	case List:
		return checkList(text), nil
	}
	return k.checkText(text)
}

// bound checks a number against the key's minimum and maximum.
func (k Key) bound(x float64) error {
	if k.Min != nil && x < *k.Min {
		return fmt.Errorf("must be at least %v", *k.Min)
	}
	if k.Max != nil && x > *k.Max {
		return fmt.Errorf("must be at most %v", *k.Max)
	}
	return nil
}

// checkTime reads a month or a date in layout ("" stays unset).
func checkTime(text, layout, expected string) (string, error) {
	if text == "" {
		return "", nil
	}
	t, err := time.Parse(layout, text)
	if err != nil {
		return "", errors.New(expected)
	}
	return t.Format(layout), nil
}

// checkList tidies a ";"-separated list: items trimmed, empty ones dropped.
func checkList(text string) string {
	var items []string
	for _, it := range strings.Split(text, ";") {
		if it = strings.TrimSpace(it); it != "" {
			items = append(items, it)
		}
	}
	return strings.Join(items, ";")
}

// checkText checks a text against the key's choices, if it has any, and
// gives the choice as written in the key.
func (k Key) checkText(text string) (string, error) {
	if len(k.OneOf) == 0 {
		return text, nil
	}
	for _, v := range k.OneOf {
		if strings.EqualFold(text, v) {
			return v, nil
		}
	}
	return "", fmt.Errorf("expected one of: %s", strings.Join(k.OneOf, ", "))
}

// Get returns a setting's effective value. It panics on an unknown name:
// that is a programming error, not a user's.
func (c *Config) Get(name string) Value {
	v, ok := c.values[name]
	if !ok {
		panic("config: unknown setting " + name)
	}
	return v
}

// Float returns a Float setting.
func (c *Config) Float(name string) float64 {
	x, _ := strconv.ParseFloat(c.Get(name).Text, 64)
	return x
}

// Int returns an Int setting.
func (c *Config) Int(name string) int {
	x, _ := strconv.Atoi(c.Get(name).Text)
	return x
}

// List returns a List setting's items.
func (c *Config) List(name string) []string {
	t := c.Get(name).Text
	if t == "" {
		return nil
	}
	return strings.Split(t, ";")
}

// Values returns every effective value in Keys order.
func (c *Config) Values() []Value {
	out := make([]Value, len(Keys))
	for i, k := range Keys {
		out[i] = c.values[k.Name]
	}
	return out
}

// SQLVars returns the session variables for the views: every SQLVar setting
// that is not at its default (so a hub's settings table still applies where
// no configuration overrides it). Lists are []string, the rest text.
func (c *Config) SQLVars() map[string]any {
	out := map[string]any{}
	for _, v := range c.Values() {
		if !v.Key.SQLVar || v.Source == FromDefault {
			continue
		}
		if v.Key.Kind == List {
			items := c.List(v.Key.Name)
			if items == nil {
				items = []string{}
			}
			out[VarName(v.Key.Name)] = items
		} else {
			out[VarName(v.Key.Name)] = v.Text
		}
	}
	return out
}
