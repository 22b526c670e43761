package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad_Precedence(t *testing.T) {
	file := writeFile(t, `
rag_green_min = 0.9
rag_amber_min = 0.7
return_grace_days = 45
monitoring_start = "2025-04"
generic_phrases = ["we always", "where possible"]
`)
	env := envOf(map[string]string{"SVHUB_RAG_AMBER_MIN": "0.6", "SVHUB_RETURN_GRACE_DAYS": "20"})
	c, err := Load(file, env, []string{"return_grace_days=10"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, text string
		src        Source
	}{
		{"rag_green_min", "0.9", FromFile},          // file beats default
		{"rag_amber_min", "0.6", FromEnv},           // env beats file
		{"return_grace_days", "10", FromFlag},       // flag beats env and file
		{"monitoring_start", "2025-04", FromFile},   // a month
		{"ahead_of_plan_ratio", "1.2", FromDefault}, // untouched
		{"generic_phrases", "we always;where possible", FromFile},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := c.Get(tc.name)
			if v.Text != tc.text || v.Source != tc.src {
				t.Errorf("got %q from %s, want %q from %s", v.Text, v.Source, tc.text, tc.src)
			}
		})
	}
	if got := c.Int("return_grace_days"); got != 10 {
		t.Errorf("Int = %d", got)
	}
	if got := c.List("generic_phrases"); !reflect.DeepEqual(got, []string{"we always", "where possible"}) {
		t.Errorf("List = %q", got)
	}
	vars := c.SQLVars()
	if vars["svhub_rag_amber_min"] != "0.6" || vars["svhub_monitoring_start"] != "2025-04" {
		t.Errorf("SQLVars = %v", vars)
	}
	if _, ok := vars["svhub_ahead_of_plan_ratio"]; ok {
		t.Error("a default must not become a session variable (the settings table applies)")
	}
	if !reflect.DeepEqual(vars["svhub_generic_phrases"], []string{"we always", "where possible"}) {
		t.Errorf("list var = %#v", vars["svhub_generic_phrases"])
	}
}

func TestLoad_MissingFileIsDefaults(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "none.toml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "" || c.Float("rag_green_min") != 0.95 || len(c.SQLVars()) != 0 {
		t.Errorf("file %q green %v vars %v", c.File, c.Float("rag_green_min"), c.SQLVars())
	}
	if len(c.List("generic_phrases")) != len(DefaultGenericPhrases) {
		t.Errorf("default phrases %q", c.List("generic_phrases"))
	}
}

func TestLoad_Sections(t *testing.T) {
	// A [section] table flattens to "section.key": other packages add keys
	// such as duckdb.threads this way.
	Keys = append(Keys, Key{Name: "test.threads", Kind: Int, Default: "0"})
	defer func() { Keys = Keys[:len(Keys)-1] }()
	c, err := Load(writeFile(t, "[test]\nthreads = 4\n"), envOf(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Int("test.threads") != 4 || EnvName("test.threads") != "SVHUB_TEST_THREADS" {
		t.Errorf("threads %d env %s", c.Int("test.threads"), EnvName("test.threads"))
	}
}

func TestLoad_Errors(t *testing.T) {
	cases := []struct {
		name, file string
		env        map[string]string
		flags      []string
		want       string
	}{
		{"unknown key in file", "rag_gren_min = 1", nil, nil, `unknown setting "rag_gren_min"`},
		{"not a number", `rag_green_min = "high"`, nil, nil, "expected a number"},
		{"bad month in env", "", map[string]string{"SVHUB_MONITORING_START": "April"}, nil, "YYYY-MM"},
		{"flag without =", "", nil, []string{"rag_green_min"}, "KEY=VALUE"},
		{"unknown flag key", "", nil, []string{"nope=1"}, "unknown setting"},
		{"amber above green", "", nil, []string{"rag_amber_min=0.99"}, "amber must start below green"},
		{"out of range", "", nil, []string{"return_grace_days=400"}, "at most 366"},
		{"list for a number", "rag_green_min = [1, 2]", nil, nil, "single value"},
		{"bad toml", "rag_green_min = = 1", nil, nil, "read configuration"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := ""
			if tc.file != "" {
				path = writeFile(t, tc.file)
			}
			_, err := Load(path, envOf(tc.env), tc.flags)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestPathFor(t *testing.T) {
	if got := PathFor("hub/x.duckdb", envOf(nil)); got != filepath.Join("hub", FileName) {
		t.Errorf("beside the db: %s", got)
	}
	if got := PathFor("hub/x.duckdb", envOf(map[string]string{"SVHUB_CONFIG": "/etc/sv.toml"})); got != "/etc/sv.toml" {
		t.Errorf("SVHUB_CONFIG: %s", got)
	}
}
