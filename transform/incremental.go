package transform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/internal/rusage"
	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// Incremental marts (dbt's incremental materialisation: a merge on the
// unique key). A load touches a few contracts; rebuilding every mart over
// the whole database made a 2,000-row correction cost as much as a year.
// Most marts are at contract grain: each row belongs to one contract and is
// computed from that contract's own rows (its register row, commitments,
// suppliers, returns and hub log entries) and from what every contract
// shares (settings, reference date, reporting month and monitoring start,
// taxonomy, rules, organisations). For those, the rows of the touched
// contracts are all a load can change: the merge deletes them and inserts
// them again from the model, in one transaction. The rest are rebuilt whole.

// Touched is what a load changed that the marts are built from, as the
// ingest reports it: the contracts whose rows it added, replaced or
// removed, or All when it changed something every contract shares (proxy
// values) or cannot say. The zero value touches nothing.
type Touched struct {
	All       bool
	Contracts []string
	// Since holds, for the contracts of Contracts whose returns alone
	// changed, the earliest month of those returns ("2006-01-02"): their
	// commitments' months before it keep their rows (commitment_months:
	// running sums look back only). The others changed in every month.
	Since map[string]string
}

// incrementalKey names, for each mart at contract grain, the column whose
// touched values an incremental merge replaces (a sql/transform/touched_KEY.sql
// predicate). A mart not listed is rebuilt whole at every merge, which is
// always right; list one only when its rows for a contract depend on no
// other contract's rows. Rebuilt whole, and why:
//   - highlights: most_improved compares each supplier's % on track across
//     all its contracts;
//   - priority_gaps: medians over every contract of an ICS or local area;
//   - rejected_rows: a rejection of an unknown contract takes its file's one
//     supplier, read across contracts (and rejections are not a contract's);
//   - report_settings: one row, the reporting month and settings;
//   - report_sources: one row per file, counted across contracts.
//
// These read small tables or one month of commitment_status, so rebuilding
// them costs little beside the contract-grain marts.
//
// Keyed finer than by contract, so a load of returns (a new month, a
// correction) replaces fewer rows; shadowKey gives each its contract key:
//   - commitment_month (commitment_months): a commitment's months from the
//     one touched on (touched_commitments.sql);
//   - contract_every (commitment_details, contract_supplier_spans): built
//     from the register alone, so only the contracts whose other rows the
//     load touched;
//   - contract_period (return_evidence, return_notes): a row per return, so a contract's
//     rows from the earliest month of its returns touched on.
var incrementalKey = map[string]string{
	"commitment_details":       "contract_every",
	"commitment_months":        "commitment_month", // no contract_ref; and from the month touched on: touched_commitments.sql
	"commitment_flags":         "contract_ref",
	"commitment_status_latest": "contract_ref",
	"completed_commitments":    "contract_ref",
	"completed_contracts":      "contract_ref",
	"contract_reporting":       "contract_ref",
	"contract_rag_months":      "contract_ref",
	"contract_summary":         "contract_ref",
	"contract_supplier_spans":  "contract_every",
	"missing_returns":          "contract_ref",
	"rag_breakdowns_latest":    "contract_ref",
	"returns_due":              "contract_ref",
	"return_evidence":          "contract_period",
	"return_notes":             "contract_period", // a row per current return with notes, as return_evidence
	"verified_delivery":        "contract_ref",    // evidence checks: a hub log load touches its entries' contracts
}

// monthKey names the marts built across contracts month by month: a
// month's rows read every contract's rows of that month and no other
// month's (delivery_medians: a median per month and area;
// contract_rag_months: each contract's colours per month). A contract's
// rows before the month it was touched on stay (commitment_months), so a
// merge replaces these marts' rows from the earliest month touched on, over
// every contract (touched_from_month.sql), where it would rebuild them
// whole: a new month rewrites the months from its earliest late return on,
// not every month.
// contract_rag_months is merged by contract (incrementalKey) when the
// reporting month did not move.
var monthKey = map[string]string{
	"contract_rag_months": "from_month",
	"delivery_medians":    "from_month",
}

// shadowKey is the key of every row of the touched contracts (or
// commitments) in a mart keyed finer (incrementalKey): what shadowMerged
// stages for the marts merged after it, which read every month of them
// (completed_commitments a commitment's last).
var shadowKey = map[string]string{
	"commitment_month": "commitment_id",
	"contract_every":   "contract_ref",
	"contract_period":  "contract_ref",
}

// byMonth says whether a mart's key replaces its rows from the month
// touched on, or only rows a load of returns cannot change: the marts
// mergeFromMonth merges (the rest it rebuilds whole).
func byMonth(key string) bool {
	return key == "commitment_month" || key == "contract_every" || key == "contract_period"
}

// Incremental switches incremental merges on; off, UpdateMarts rebuilds
// every mart whole (as RebuildMarts does).
var Incremental = true

// UpdateMarts brings the marts up to date with a load that committed and
// touched t: in a transaction of its own, as RebuildMarts does (and with
// its retry when DuckDB runs out of memory), merging only the touched
// contracts' rows where it can (Merge).
func UpdateMarts(ctx context.Context, db *store.DB, t Touched) error {
	return retryOutOfMemory(ctx, db, func() error {
		return db.Write(ctx, func(w *store.Writer) error { return Merge(ctx, w, t) })
	})
}

// Merge updates the marts for a load that touched t, leaving them as
// Materialise would. It rebuilds every mart whole (Materialise) when the
// marts were built by another version, the settings changed, the load
// touched All, or most contracts in every month, or the monitoring start
// moved (every commitment's first month may change); and when a
// commitment would be renumbered whose rows the merge keeps. A load that
// touched most contracts, or moved the reporting month (a new month:
// every contract's latest figures change), is merged from the month on
// (mergeFromMonth); any other by contract (mergeTouched). On another
// reference date, the marts that read the clock are rebuilt whole.
func Merge(ctx context.Context, q Execer, t Touched) error {
	start, cpu := time.Now(), rusage.CPU()
	ms, err := Models()
	if err != nil {
		return err
	}
	p, err := planMerge(ctx, q, ms, t)
	if err != nil {
		return err
	}
	if p.whole != "" {
		slog.Info("marts rebuilt whole", "why", p.whole)
		return Materialise(ctx, q)
	}
	merge, how := mergeTouched, "by contract"
	if p.wide {
		merge, how = mergeFromMonth, "from the month"
	}
	whole, err := merge(ctx, q, ms, p)
	if err != nil {
		return err
	}
	if whole != "" {
		slog.Info("marts rebuilt whole", "why", whole)
		return Materialise(ctx, q)
	}
	slog.Info("marts merged", "how", how, "contracts", len(p.contracts), "reporting_month_moved", p.moved,
		"ms", time.Since(start).Milliseconds(), "cpu_ms", (rusage.CPU() - cpu).Milliseconds())
	return nil
}

// mergePlan is what Merge will do: whole says why every mart is rebuilt
// whole ("" to merge); else the touched contracts (since: Touched.Since),
// whether the reference date moved, whether to merge from the month
// (wide) and, when the reporting month moved, the earlier of the two
// (moved, "2006-01-02"; "" when it did not).
type mergePlan struct {
	whole     string
	contracts []string
	since     map[string]string
	clock     bool
	wide      bool
	moved     string
}

// planMerge decides, from what the stored marts were built for, whether a
// merge can be incremental, and how.
func planMerge(ctx context.Context, q Execer, ms []Model, t Touched) (mergePlan, error) {
	if !Incremental {
		return mergePlan{whole: "incremental merges are switched off"}, nil
	}
	if t.All {
		return mergePlan{whole: "the load changed what every contract shares"}, nil
	}
	built, err := readMeta(ctx, q, "marts_hash", "marts_settings", "marts_context")
	if err != nil {
		return mergePlan{}, err
	}
	if built[0] != viewsHash(ms) || built[2] == "" {
		return mergePlan{whole: "the marts were built by another version of svhub"}, nil
	}
	now, err := settingsFingerprint(ctx, q)
	if err != nil {
		return mergePlan{}, err
	}
	if withoutToday(now) != withoutToday(built[1]) {
		return mergePlan{whole: "the settings changed"}, nil
	}
	contracts := slices.Compact(slices.Sorted(slices.Values(t.Contracts)))
	var n int
	if err := q.QueryRowContext(ctx, sqlText("contract_count")).Scan(&n); err != nil {
		return mergePlan{}, fmt.Errorf("count contracts: %w", err)
	}
	every := 0
	for _, c := range contracts {
		if t.Since[c] == "" {
			every++
		}
	}
	if 2*every > n {
		// a first load, or most of the register again: a rebuild writes
		// each mart once, sorted, instead of deleting most of it first
		return mergePlan{whole: "the load touched most contracts"}, nil
	}
	moved, why, err := reportingMoved(ctx, q, built[2])
	if err != nil || why != "" {
		return mergePlan{whole: why}, err
	}
	return mergePlan{contracts: contracts, since: t.Since, clock: now != built[1], wide: moved != "" || 2*len(contracts) > n, moved: moved}, nil
}

// reportingMoved compares the reporting context the marts were built for
// (built: reportingContext's text) with the data's now. The reporting
// month may move: moved is then the earlier of the two months, from which
// every commitment's rows change. Anything else moving (the monitoring
// start: every commitment's first month) says why the marts are rebuilt
// whole.
func reportingMoved(ctx context.Context, q Execer, built string) (moved, why string, err error) {
	now, err := reportingContext(ctx, q)
	if err != nil || now == built {
		return "", "", err
	}
	var b, n map[string]any
	if err := errors.Join(json.Unmarshal([]byte(built), &b), json.Unmarshal([]byte(now), &n)); err != nil {
		return "", "", fmt.Errorf("read the reporting context: %w", err)
	}
	bm, _ := b["reporting_month"].(string)
	nm, _ := n["reporting_month"].(string)
	delete(b, "reporting_month")
	delete(n, "reporting_month")
	if !maps.Equal(b, n) || bm == "" || nm == "" {
		return "", "the monitoring start moved", nil
	}
	return min(bm, nm), "", nil
}

// recordTouched writes the touched contracts, with the month each was
// touched from ("" for every month), as svhub_touched (touched.sql).
func (p mergePlan) recordTouched(ctx context.Context, q Execer) error {
	since := make([]string, len(p.contracts))
	for i, c := range p.contracts {
		since[i] = p.since[c]
	}
	if _, err := q.ExecContext(ctx, sqlText("touched"), p.contracts, since); err != nil {
		return fmt.Errorf("record the touched contracts: %w", err)
	}
	return nil
}

// mergeFromMonth merges a load that touched most contracts or moved the
// reporting month (a new month). It returns why every mart must be rebuilt
// whole instead (nothing changed then). What each mart's rows hang on, and
// so what it does with them (byMonth):
//   - merged by (commitment, month): commitment_months, the one mart that
//     holds every month (ten times any other at England). A month's row
//     reads the terms, the returns up to it and the thresholds, never the
//     reporting month, which only bounds the rows: those before the month
//     touched stay (touched_commitments.sql).
//   - merged by (contract, month): return_evidence and return_notes, a
//     row per return.
//   - merged for the contracts whose register rows changed:
//     commitment_details, contract_supplier_spans (the register and the
//     monitoring start, which planMerge needs unchanged).
//   - rebuilt whole, at the reporting month: commitment_status_latest and
//     what reads it (rag_breakdowns_latest, verified_delivery,
//     priority_gaps, highlights' improvement), completed_commitments and
//     completed_contracts (ended by the reporting month), contract_summary,
//     contract_reporting, report_settings: every row moves with it.
//   - rebuilt whole, by contract over all its months or periods:
//     commitment_flags (a contract's every return: no follow-through),
//     missing_returns and returns_due (the periods due by the reference
//     date, received or not); a new month's returns touch most contracts,
//     and a rebuild writes each once, sorted, where a merge would delete
//     most of it first.
//   - rebuilt whole, across contracts: highlights, rejected_rows,
//     report_sources (as in a merge by contract).
func mergeFromMonth(ctx context.Context, q Execer, ms []Model, p mergePlan) (string, error) {
	if err := p.recordTouched(ctx, q); err != nil {
		return "", err
	}
	defer dropTemp(ctx, q, "svhub_touched", "svhub_touched_commitments")
	marts := slices.DeleteFunc(slices.Clone(ms), func(m Model) bool { return !isTable(m) })
	unstage, err := stageShared(ctx, q, ms, marts)
	if err != nil {
		return "", err
	}
	why, err := monthsTouched(ctx, q, p.moved)
	if err != nil || why != "" {
		return why, errors.Join(err, unstage(err == nil))
	}
	for _, m := range marts {
		key := incrementalKey[m.Name]
		if !byMonth(key) {
			key = monthKey[m.Name]
		}
		if p.clock && clockDependent(m, ms) {
			key = ""
		}
		if err := mergeMart(ctx, q, m, key); err != nil {
			unstage(false)
			return "", err
		}
	}
	if err := unstage(true); err != nil {
		return "", err
	}
	return "", recordBuilt(ctx, q, ms)
}

// monthsTouched checks no commitment whose rows are kept is renumbered
// (mergeBlocked), then records the touched commitments and their months
// (touched_commitments.sql; moved: mergePlan.moved). It returns why the
// merge may not go on.
func monthsTouched(ctx context.Context, q Execer, moved string) (string, error) {
	if why, err := mergeBlocked(ctx, q); err != nil || why != "" {
		return why, err
	}
	var from any
	if moved != "" {
		from = moved
	}
	if _, err := q.ExecContext(ctx, sqlText("touched_commitments"), from); err != nil {
		return "", fmt.Errorf("record the touched commitments: %w", err)
	}
	return "", nil
}

// readMeta reads meta values ("" for a key not set).
func readMeta(ctx context.Context, q Execer, keys ...string) ([]string, error) {
	out := make([]string, len(keys))
	for i, k := range keys {
		if err := q.QueryRowContext(ctx, sqlText("meta_value"), k).Scan(&out[i]); err != nil {
			return nil, fmt.Errorf("read meta %s: %w", k, err)
		}
	}
	return out, nil
}

// mergeTouched merges the touched contracts' rows into the marts at
// contract grain, then rebuilds the rest whole, as Materialise does. It
// returns why every mart must be rebuilt whole instead (nothing changed
// then), found once the shared models are staged.
func mergeTouched(ctx context.Context, q Execer, ms []Model, p mergePlan) (string, error) {
	merged, whole := p.split(ms)
	deps := dependencies(ms)
	for _, m := range merged {
		if reads(deps, m.Name, func(n string) bool { return slices.ContainsFunc(whole, func(w Model) bool { return w.Name == n }) }) {
			return m.Name + " is merged but reads a mart rebuilt whole", nil
		}
	}
	if err := p.recordTouched(ctx, q); err != nil {
		return "", err
	}
	defer dropTemp(ctx, q, "svhub_touched", "svhub_touched_commitments")
	if why, err := mergeContracts(ctx, q, ms, merged); err != nil || why != "" {
		return why, err
	}
	unstage, err := stageShared(ctx, q, ms, whole)
	if err != nil {
		return "", err
	}
	for _, m := range whole {
		key := ""
		if len(merged) > 0 && !(p.clock && clockDependent(m, ms)) {
			key = monthKey[m.Name] // svhub_touched_commitments is recorded when something was merged
		}
		if err := mergeMart(ctx, q, m, key); err != nil {
			unstage(false)
			return "", err
		}
	}
	if err := unstage(true); err != nil {
		return "", err
	}
	return "", recordBuilt(ctx, q, ms)
}

// split sorts the materialised marts, in dependency order, into those
// merged (a key, and rows that may change for the touched contracts only)
// and those rebuilt whole: without a key, or, on another day, reading the
// clock (their rows may change for every contract).
func (p mergePlan) split(ms []Model) (merged, whole []Model) {
	for _, m := range ms {
		switch {
		case !isTable(m):
		case incrementalKey[m.Name] == "" || p.clock && clockDependent(m, ms):
			whole = append(whole, m)
		case len(p.contracts) > 0:
			merged = append(merged, m)
		}
	}
	return merged, whole
}

// contextModels are staged over all the data for a merge: what every
// contract shares (the settings, the reporting month and monitoring
// start), and the commitments' numbers (below).
// contractModels hold each contract's own rows, so only the touched
// contracts' are staged: the marts merged read no other contract's.
// int_commitment_terms numbers every commitment, so it is staged over all
// of them, before the register's staging views are cut: mergeBlocked
// checks the numbers against the marts' (reading the stage: before, it
// evaluated the view, and the staging evaluated it again), then the stage
// keeps the touched contracts' rows
// (touched_terms.sql). A stage shadows its view for every
// model evaluated after it, so the marts merged and int_return_periods
// then read the touched contracts' register rows only, instead of
// evaluating every contract and keeping the touched ones at the end (a
// filter DuckDB cannot push through their unions and windows).
var (
	contextModels  = []string{"int_settings", "int_reporting_month", "int_commitment_terms"}
	contractModels = []string{"stg_contracts", "stg_commitments", "stg_contract_suppliers", "returns_clean", "int_return_periods"}
)

// mergeContracts checks the merge may go on (mergeBlocked) and merges the
// touched contracts' rows into the marts merged, with the shared models
// staged for them. It returns why it may not.
func mergeContracts(ctx context.Context, q Execer, ms, merged []Model) (string, error) {
	byName := map[string]Model{}
	for _, m := range ms {
		byName[m.Name] = m
	}
	st := &staging{q: q}
	for _, n := range contextModels {
		if err := st.add(ctx, byName[n], ""); err != nil {
			st.drop(ctx, false)
			return "", err
		}
	}
	why, err := mergeBlocked(ctx, q)
	if err != nil || why != "" || len(merged) == 0 {
		return why, errors.Join(err, st.drop(ctx, err == nil))
	}
	if _, err := q.ExecContext(ctx, sqlText("touched_terms")); err != nil {
		st.drop(ctx, false)
		return "", fmt.Errorf("keep the touched contracts' commitment terms: %w", err)
	}
	for _, n := range contractModels {
		if err := stageTouched(ctx, st, byName[n]); err != nil {
			st.drop(ctx, false)
			return "", err
		}
	}
	if _, err := q.ExecContext(ctx, sqlText("touched_commitments"), nil); err != nil {
		st.drop(ctx, false)
		return "", fmt.Errorf("record the touched commitments: %w", err)
	}
	deps := dependencies(ms)
	for i, m := range merged {
		if err := mergeMart(ctx, q, m, incrementalKey[m.Name]); err != nil {
			st.drop(ctx, false)
			return "", err
		}
		if err := st.shadowMerged(ctx, deps, m, merged[i+1:]); err != nil {
			st.drop(ctx, false)
			return "", err
		}
	}
	return "", st.drop(ctx, true)
}

// shadowMerged stages mart m, just merged, with the touched contracts'
// rows only, when a mart merged after it reads it (commitment_status_latest
// reads commitment_months and commitment_details through the
// commitment_status view): like the staged register, the stage shadows the
// table for the models evaluated after it, so they join the touched rows
// instead of every contract's and keep the touched at the end. The merges
// themselves write to main.
func (st *staging) shadowMerged(ctx context.Context, deps map[string][]string, m Model, later []Model) error {
	isM := func(name string) bool { return name == m.Name }
	if !slices.ContainsFunc(later, func(x Model) bool { return reads(deps, x.Name, isM) }) {
		return nil
	}
	key := incrementalKey[m.Name]
	if k, ok := shadowKey[key]; ok {
		key = k
	}
	stmt := "create or replace temp table " + store.QuoteIdent(m.Name) + " as\nselect * from main." + store.QuoteIdent(m.Name) +
		"\nwhere " + sqlText("touched_"+key)
	if _, err := st.q.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("stage the touched rows of %s: %w", m.Name, err)
	}
	st.names = append(st.names, m.Name)
	return nil
}

// stageTouched stages one of contractModels with the touched contracts'
// rows only; returns_clean from their returns only (touched_returns.sql).
func stageTouched(ctx context.Context, st *staging, m Model) error {
	if m.Name == "returns_clean" {
		if _, err := st.q.ExecContext(ctx, sqlText("touched_returns")); err != nil {
			return fmt.Errorf("stage the touched contracts' returns: %w", err)
		}
		err := st.add(ctx, m, sqlText("touched_contract_ref"))
		// checked: left behind, the shadow would hide every other
		// contract's returns from what is built after
		if _, derr := st.q.ExecContext(ctx, "drop table temp.main.returns"); derr != nil {
			err = errors.Join(err, fmt.Errorf("drop the touched contracts' returns: %w", derr))
		}
		return err
	}
	return st.add(ctx, m, sqlText("touched_contract_ref"))
}

// mergeBlocked says why the staged models forbid a merge: commitments
// would be renumbered whose rows the merge keeps (commitment_ids_moved.sql).
func mergeBlocked(ctx context.Context, q Execer) (string, error) {
	var moved int
	if err := q.QueryRowContext(ctx, sqlText("commitment_ids_moved")).Scan(&moved); err != nil {
		return "", fmt.Errorf("compare commitment ids: %w", err)
	}
	if moved > 0 {
		slog.Info("commitment ids moved", "commitments", moved)
		return "commitments of untouched contracts are numbered anew", nil
	}
	return "", nil
}

// joinKeys are the keys whose touched_KEY.sql is a condition joining the
// named temporary table, not a predicate of the mart's columns alone: a
// month compared per contract or commitment (see touched_commitment_month.sql).
var joinKeys = map[string]string{
	"commitment_month": "svhub_touched_commitments",
	"contract_period":  "svhub_touched",
}

// mergeMart replaces the rows of one mart whose key is touched (delete,
// then insert from the model, sorted as buildTable sorts), or with key ""
// rebuilds it whole.
func mergeMart(ctx context.Context, q Execer, m Model, key string) error {
	if key == "" {
		if err := dropObject(ctx, q, "", m.Name); err != nil {
			return err
		}
		return buildTable(ctx, q, "", m)
	}
	start, cpu := time.Now(), rusage.CPU()
	del, sel := "\nwhere "+sqlText("touched_"+key)+"\n", "\nwhere "+sqlText("touched_"+key)+"\n"
	if t, ok := joinKeys[key]; ok {
		del = "\nusing " + t + "\nwhere " + sqlText("touched_"+key) + "\n"
		sel = "\nsemi join " + t + " on " + sqlText("touched_"+key) + "\n"
	}
	if _, err := q.ExecContext(ctx, "delete from main."+store.QuoteIdent(m.Name)+del); err != nil {
		return fmt.Errorf("merge %s: delete the touched rows: %w", m.Name, err)
	}
	order, err := sortOrder(ctx, q, m)
	if err != nil {
		return err
	}
	stmt := "insert into main." + store.QuoteIdent(m.Name) + "\nselect model.* from (\n" + m.SQL + "\n) as model" + sel + order
	if _, err := q.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("merge %s (sql/%s/%s.sql): %w", m.Name, m.Layer, m.Name, err)
	}
	slog.Info("mart merged", "mart", m.Name, "ms", time.Since(start).Milliseconds(), "cpu_ms", (rusage.CPU() - cpu).Milliseconds())
	return nil
}

// dropTemp drops temporary tables of the session, ignoring errors (after
// an error the transaction may be aborted, and it is rolled back anyway).
func dropTemp(ctx context.Context, q Execer, names ...string) {
	for _, n := range names {
		q.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp.main."+store.QuoteIdent(n))
	}
}

// reportingContext is the row every contract's months hang on
// (int_reporting_month: the reporting month and the monitoring start) as
// text; the marts record it, and a merge needs it unchanged.
func reportingContext(ctx context.Context, q Execer) (string, error) {
	var s string
	if err := q.QueryRowContext(ctx, sqlText("reporting_context")).Scan(&s); err != nil {
		return "", fmt.Errorf("read int_reporting_month: %w", err)
	}
	return s, nil
}

// withoutToday is a settings fingerprint without the reference date.
func withoutToday(settings string) string {
	return todayRE.ReplaceAllString(settings, "")
}

// sqlText is sql/transform/NAME.sql, read through sqlfiles.FS (so a test
// binary built with the sqldir tag reads a changed file). The set is fixed
// at build time: a missing file is a bug.
func sqlText(name string) string {
	b, err := fs.ReadFile(sqlfiles.FS, "transform/"+name+".sql")
	if err != nil {
		panic("transform: " + err.Error())
	}
	return strings.TrimSpace(string(b))
}
