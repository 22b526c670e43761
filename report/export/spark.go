package export

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/store"
)

// SparkDir is the folder, inside an export, that holds the models rendered
// for Spark SQL and the runner that creates them over the export.
const SparkDir = "spark"

// SparkTested is the Spark version the conformance test runs the rendered
// models on (make test-spark; spark/requirements.txt pins it).
const SparkTested = "3.5.9"

// The runner a national team runs as it is (README "Beyond one machine").
// It is a file the export writes, never run by svhub.
//
//go:embed spark/svhub_spark.py
var sparkRunner []byte

// Shared are the tables every hub must hold the same for exports to be
// combined (the taxonomy, the settings in force, the proxy values): the
// manifest gives each a hash of its rows, and the runner reads them once
// after checking the hashes agree. Every other table is a hub's own rows,
// put together with the other hubs'.
var Shared = map[string]bool{
	"measures": true, "settings": true, "proxy_values": true,
	"tx_missions": true, "tx_outcomes": true, "tx_crosswalk": true, "tx_measures": true,
	"tx_award_criteria": true, "tx_rules": true,
}

// Keys are the keys a hub's rows must not share with another hub's, for
// exports to be combined: the runner refuses a key found in two exports.
var Keys = map[string][]string{
	"contracts":     {"contract_ref"},
	"commitments":   {"contract_ref", "measure_code"},
	"organisations": {"trust_code"},
}

// SparkSpec is spark/models.json: what the runner reads.
type SparkSpec struct {
	Dialect       string                `json:"dialect"`
	SparkTested   string                `json:"spark_tested"`
	SchemaVersion int                   `json:"schema_version"`
	ClockView     string                `json:"clock_view"`
	Inputs        map[string]SparkInput `json:"inputs"`
	Models        []SparkModel          `json:"models"`
}

// SparkInput is one model input: the exported table that holds it, how
// several exports' copies combine, and the columns to leave out.
type SparkInput struct {
	Table   string   `json:"table"`
	Combine string   `json:"combine"` // "union" or "same"
	Key     []string `json:"key,omitempty"`
	Drop    []string `json:"drop,omitempty"`
}

// SparkModel is one rendered model, in creation order.
type SparkModel struct {
	Name  string `json:"name"`
	Layer string `json:"layer"`
	File  string `json:"file"`
}

func combineOf(table string) string {
	if Shared[table] {
		return "same"
	}
	return "union"
}

// SparkDialect is the dialect name models.json records (transform.Spark).
const SparkDialect = "spark"

// SparkModels are the models rendered for Spark SQL, as the transform
// renders them, and the view they read the reference date from
// (transform.SparkClockView).
type SparkModels struct {
	ClockView string
	Models    []Model // in creation order
}

// Model is one rendered model: the fields of transform.Model, so a caller
// converts one with export.Model(m).
type Model struct {
	Name  string
	Layer string
	SQL   string
}

// writeSpark writes dir/spark/: every model rendered for Spark SQL
// (models/NNN_name.sql, in creation order), models.json and the runner.
func writeSpark(dir string, sm SparkModels) error {
	root := filepath.Join(dir, SparkDir)
	if err := os.MkdirAll(filepath.Join(root, "models"), 0o755); err != nil {
		return err
	}
	spec := SparkSpec{Dialect: SparkDialect, SparkTested: SparkTested, SchemaVersion: store.LatestVersion(),
		ClockView: sm.ClockView, Inputs: map[string]SparkInput{}}
	for in, table := range ModelInputs {
		spec.Inputs[in] = SparkInput{Table: table, Combine: combineOf(table), Key: Keys[table], Drop: Derived[table]}
	}
	for i, m := range sm.Models {
		file := fmt.Sprintf("models/%03d_%s.sql", i+1, m.Name)
		header := fmt.Sprintf("-- sql/%s/%s.sql rendered for Spark SQL by svhub; create it as a view named %s\n", m.Layer, m.Name, m.Name)
		if err := os.WriteFile(filepath.Join(root, file), []byte(header+strings.TrimRight(m.SQL, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		spec.Models = append(spec.Models, SparkModel{Name: m.Name, Layer: m.Layer, File: file})
	}
	if err := os.WriteFile(filepath.Join(root, "svhub_spark.py"), sparkRunner, 0o755); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(root, "models.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(spec)
	})
}

// contentHash is a hash of a table's rows, whatever their order, so two
// hubs' exports of the same taxonomy or settings are seen to be the same.
func contentHash(ctx context.Context, db *store.DB, src string) (string, error) {
	var h string
	err := db.QueryRowContext(ctx, `select coalesce(sha256(string_agg(r, chr(10) order by r)), '')
		from (select cast(t as varchar) as r from (`+src+`) as t)`).Scan(&h)
	return h, err
}
