package transform_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
	"github.com/nhs-hubs/svhub/transform"
)

// rag_tally over pre-counted rows, worked by hand: the 7 commitments of
// TestMetrics_RAGCounts as (colour, how many) rows — green 2 and 1, amber
// 1, red 1, grey 2 — give the same counts and shares: 7 commitments, 5
// judged, 60% on track. A group with green rows only has 0 amber, red and
// grey (not NULL, as count(*) gives them).
func TestMetrics_RAGTally(t *testing.T) {
	t.Parallel()
	db := metricsDB(t)
	var commitments, green, amber, red, grey, judged, onlyRed, onlyGrey int64
	var onTrack, redPct float64
	err := db.QueryRow(`
with c(rag, n) as (values ('green', 2), ('green', 1), ('amber', 1), ('red', 1), ('grey', 2)),
g(rag, n) as (values ('green', 4))
select r.commitments, r.green, r.amber, r.red, r.grey, r.judged, r.on_track_pct, r.red_pct,
    (select rag_tally(rag, n).red from g), (select rag_tally(rag, n).grey from g)
from (select rag_tally(rag, n) as r from c)`).
		Scan(&commitments, &green, &amber, &red, &grey, &judged, &onTrack, &redPct, &onlyRed, &onlyGrey)
	if err != nil {
		t.Fatal(err)
	}
	if commitments != 7 || green != 3 || amber != 1 || red != 1 || grey != 2 || judged != 5 || onTrack != 60 || redPct != 20 {
		t.Errorf("tally: %d commitments, %d green, %d amber, %d red, %d grey, %d judged, %v%% on track, %v%% red; want 7, 3, 1, 1, 2, 5, 60, 20",
			commitments, green, amber, red, grey, judged, onTrack, redPct)
	}
	if onlyRed != 0 || onlyGrey != 0 {
		t.Errorf("green rows only: red %d, grey %d; want 0 and 0", onlyRed, onlyGrey)
	}
}

// rag_breakdown reads the reporting month from the latest table and any
// other month from the every-month view, never both: the view below also
// holds September, with other counts (10 green), which must not be added
// to the table's (2 green, 1 red) when September is the reporting month.
// August comes from the view alone (5 amber).
func TestMetrics_RAGBreakdownPicksTheMonthsSource(t *testing.T) {
	t.Parallel()
	db := metricsDB(t)
	for _, s := range []string{
		`create table rag_breakdowns_latest as select * from (values
			(date '2026-09-01', 'ics', 'green', 2), (date '2026-09-01', 'ics', 'red', 1), (date '2026-09-01', 'trust', 'red', 7))
			t(as_of, kind, rag, commitments)`,
		`create table rag_breakdowns as select * from (values
			(date '2026-09-01', 'ics', 'green', 10), (date '2026-08-01', 'ics', 'amber', 5), (date '2026-08-01', 'trust', 'amber', 9))
			t(as_of, kind, rag, commitments)`,
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		month                  string
		green, amber, red, all int64
	}{{"2026-09-01", 2, 0, 1, 3}, {"2026-08-01", 0, 5, 0, 5}} {
		var green, amber, red, all int64
		err := db.QueryRow(`select r.green, r.amber, r.red, r.commitments
			from (select rag_tally(rag, commitments) as r from rag_breakdown('ics', cast(? as date), date '2026-09-01'))`, c.month).
			Scan(&green, &amber, &red, &all)
		if err != nil {
			t.Fatal(err)
		}
		if green != c.green || amber != c.amber || red != c.red || all != c.all {
			t.Errorf("%s: %d green, %d amber, %d red, %d in all; want %d, %d, %d, %d", c.month, green, amber, red, all, c.green, c.amber, c.red, c.all)
		}
	}
}

// Property: in every month, each breakdown's pre-counted rows add up, per
// group and colour, to the live commitments counted one by one
// (commitment_status), and the reporting month's table equals the
// every-month view at that month; over a synthetic region (both models,
// ended contracts, novations).
func TestRAGBreakdowns_AddUpToTheCommitments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	region, err := synth.Generate(synth.Options{Seed: 11, Contracts: 30, Months: 9})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(ctx, inbox, region); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, store.Options{Path: preparedPath(t, "p.duckdb"), Today: region.Calendar.Today})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := transform.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, db, []string{inbox}, ingest.Options{Today: region.Calendar.Today}); err != nil {
		t.Fatal(err)
	}
	if err := transform.RebuildMarts(ctx, db); err != nil {
		t.Fatal(err)
	}
	// each kind's group of a commitment, written out again from
	// commitment_status's own columns
	groups := map[string]string{
		"mission": "coalesce(mission, '')",
		"ics":     "ics_code",
		"trust":   "trust_code",
		"place":   "coalesce(local_area, '')",
		"theme":   "case when model = '2020' then '2020' end",
	}
	for kind, code := range groups {
		var checked, wrong int
		err := db.QueryRow(`
with one_by_one as (
    select as_of, `+code+` as code, rag, count(*) as n
    from commitment_status where last_month >= as_of and `+code+` is not null group by all
),
counted as (select as_of, code, rag, sum(commitments) as n from rag_breakdowns where kind = ? group by all)
select count(*), count(*) filter (where o.n is distinct from c.n)
from one_by_one o full join counted c on c.as_of = o.as_of and c.code is not distinct from o.code and c.rag = o.rag`, kind).Scan(&checked, &wrong)
		if err != nil {
			t.Fatal(err)
		}
		if wrong > 0 || checked < 20 {
			t.Errorf("%s: %d of %d (month, group, colour) counts differ from the commitments counted one by one", kind, wrong, checked)
		}
	}
	for _, q := range []string{
		`select count(*) from (from rag_breakdowns_latest except all from rag_breakdowns where as_of = (select reporting_month from report_settings))`,
		`select count(*) from (from rag_breakdowns where as_of = (select reporting_month from report_settings) except all from rag_breakdowns_latest)`,
	} {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("rag_breakdowns_latest and rag_breakdowns at the reporting month differ by %d rows (%s)", n, q)
		}
	}
	// contract_rag_months (read from commitment_status's tables) is
	// commitment_status's live commitments counted per contract, month and
	// colour, with their £, in the same region
	for _, q := range []string{
		`select count(*) from (from contract_rag_months except all ` + contractRAGMonths + `)`,
		`select count(*) from (` + contractRAGMonths + ` except all from contract_rag_months)`,
	} {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("contract_rag_months and commitment_status counted differ by %d rows (%s)", n, q)
		}
	}
	var latest int
	if err := db.QueryRow(`select count(*) from rag_breakdowns_latest`).Scan(&latest); err != nil || latest == 0 {
		t.Fatalf("rag_breakdowns_latest is empty (err %v)", err)
	}
}

// contractRAGMonths counts commitment_status's live commitments as
// contract_rag_months does, from the view.
const contractRAGMonths = `select as_of, contract_ref, region_code, ics_code, trust_code, supplier_name, rag,
    count(*) as commitments, sum(cast(social_value_gbp as decimal(38, 6))) as social_value_gbp
from commitment_status where last_month >= as_of
group by as_of, contract_ref, region_code, ics_code, trust_code, supplier_name, rag`
