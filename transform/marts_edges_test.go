package transform_test

import (
	"context"
	"testing"

	"github.com/nhs-hubs/svhub/transform"
)

// The smaller marts over the edges scenario (see TestEdges_HandWorked for
// its contracts and returns), each check here because a one-character
// change to the model's SQL went unnoticed without it (sql-mutants).
func TestEdges_SmallMarts(t *testing.T) {
	t.Parallel()
	db := openEdges(t)

	t.Run("report_settings one table", func(t *testing.T) {
		// proxy_values.csv: two rows, both from one table, "Edges proxy
		// table (illustrative), 2027": one table (the two rows are not two
		// tables), named alone (no "and 0 other table(s)"); it calls itself
		// illustrative, so the label says so.
		sameRows(t, "report_settings", queryText(t, db, `select reporting_month, proxy_sources, proxy_label from report_settings`), [][]string{
			{"2027-12-01", "Edges proxy table (illustrative), 2027", "illustrative proxy values: Edges proxy table (illustrative), 2027"},
		})
	})

	t.Run("return_evidence", func(t *testing.T) {
		// returns.csv has evidence on one row only: M 2027-10 SVM25.1.1
		// "Jobcentre placement list", current. The superseded rows (M July
		// SVM25.2.1, M December SVM25.1.1 "provisional") and every other
		// current row have no evidence.
		sameRows(t, "return_evidence", queryText(t, db, `select contract_ref, measure_code, period, evidence from return_evidence order by all`), [][]string{
			{"M", "SVM25.1.1", "2027-10-01", "Jobcentre placement list"},
		})
	})

	t.Run("return_notes", func(t *testing.T) {
		// returns.csv has notes on four rows of M: May SVM25.2.1 "not
		// committed" and November SVM25.1.1 "Six starters from the Leeds
		// hub", current; July SVM25.2.1 and December SVM25.1.1
		// ("provisional"), superseded by returns-correction.csv, whose rows
		// have no notes. Every other row's notes are empty.
		sameRows(t, "return_notes", queryText(t, db, `select contract_ref, measure_code, period, notes from return_notes order by all`), [][]string{
			{"M", "SVM25.1.1", "2027-11-01", "Six starters from the Leeds hub"},
			{"M", "SVM25.2.1", "2027-05-01", "not committed"},
		})
	})

	t.Run("report_sources", func(t *testing.T) {
		// Rows per file, counted in the CSVs: contracts 6, commitments 10,
		// organisations 3, returns 18, the correction 2; no file has a
		// rejected row.
		sameRows(t, "report_sources", queryText(t, db, `select regexp_extract(source_file, '[^/\\]+$'), rows_loaded, rows_rejected
			from report_sources order by 1`), [][]string{
			{"commitments.csv", "9", "0"},
			{"contracts.csv", "6", "0"},
			{"organisations.csv", "3", "0"},
			{"returns-correction.csv", "2", "0"},
			{"returns.csv", "18", "0"},
		})
	})
}

// The edges scenario with rows added where its files have none: contracts
// at the edges of the reporting month (December 2027), a second
// proxy-values table, and a rejected row in contracts.csv.
func TestEdges_SmallMartsAdded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openEdges(t)
	if _, err := db.Exec(`
		insert into contracts (contract_ref, supplier_name, trust_code, value_gbp, start_date, end_date, sv_weighting_pct, model, source_file, file_sha256, sheet, row_number)
		values
			('E1', 'Ember Ltd', 'T1', 1000, date '2027-06-01', date '2027-12-01', 10, '2025', 'added', 'x', '', 1),
			('B1', 'Birch Ltd', 'T2', 1000, date '2027-12-31', date '2028-06-30', 10, '2025', 'added', 'x', '', 2),
			('B2', 'Beech Ltd', 'T3', 1000, date '2028-01-01', date '2028-06-30', 10, '2025', 'added', 'x', '', 3);
		insert into proxy_values (measure_code, gbp_per_unit, source, year, source_file, file_sha256, sheet, row_number)
		values ('SVM25.1.2', 50, 'Another table', 2026, 'added', 'x', '', 1);
		insert into rejections_raw (source_file, file_sha256, sheet, row_number, column_name, value, reason, load_seq)
		select source_file, file_sha256, sheet, 8, 'value_gbp', 'lots', 'not a number', 1 from contracts where contract_ref = 'Q'`); err != nil {
		t.Fatal(err)
	}
	if err := transform.Refresh(ctx, db); err != nil {
		t.Fatal(err)
	}

	t.Run("contract_summary", func(t *testing.T) {
		// The reporting month is still December 2027 (no returns added).
		// "Live in the reporting month" means any day of it:
		//   E1 ends 1 Dec 2027, the month's first day -> live, not completed
		//   B1 starts 31 Dec 2027, its last day -> live, not "not started"
		//   B2 starts 1 Jan 2028 -> not started
		//   Q ended in August, S in 2023 -> completed; M, N, P, R live.
		// Trusts: T1 Leeds (I1), T2 Bradford (I2), T3 Airedale (I2), one
		// row each (T2 and T3 share an ICS; a contract still has one row).
		sameRows(t, "contract_summary", queryText(t, db, `select contract_ref, status, trust_name, ics_code from contract_summary order by 1`), [][]string{
			{"B1", "live", "Bradford Teaching Hospitals", "I2"},
			{"B2", "not started", "Airedale General Hospital", "I2"},
			{"E1", "live", "Leeds Teaching Hospitals", "I1"},
			{"M", "live", "Leeds Teaching Hospitals", "I1"},
			{"N", "live", "Bradford Teaching Hospitals", "I2"},
			{"P", "live", "Bradford Teaching Hospitals", "I2"},
			{"Q", "completed", "Leeds Teaching Hospitals", "I1"},
			{"R", "live", "Bradford Teaching Hospitals", "I2"},
			{"S", "completed", "Bradford Teaching Hospitals", "I2"},
		})
	})

	t.Run("report_settings two tables", func(t *testing.T) {
		// Two tables now: "Another table, 2026" sorts before "Edges proxy
		// table (illustrative), 2027", so it is named first, with 2 - 1 = 1
		// other; one of the two calls itself illustrative, so the label
		// does.
		sameRows(t, "report_settings", queryText(t, db, `select reporting_month, proxy_sources, proxy_label from report_settings`), [][]string{
			{"2027-12-01", "Another table, 2026 and 1 other table(s)", "illustrative proxy values: Another table, 2026 and 1 other table(s)"},
		})
	})

	t.Run("report_sources", func(t *testing.T) {
		// contracts.csv: its 6 rows loaded and the 1 rejected row; the
		// added rows count as loaded from "added": 3 contracts (proxy
		// values are not among the files counted).
		sameRows(t, "report_sources", queryText(t, db, `select regexp_extract(source_file, '[^/\\]+$'), rows_loaded, rows_rejected
			from report_sources order by 1`), [][]string{
			{"added", "3", "0"},
			{"commitments.csv", "9", "0"},
			{"contracts.csv", "6", "1"},
			{"organisations.csv", "3", "0"},
			{"returns-correction.csv", "2", "0"},
			{"returns.csv", "18", "0"},
		})
	})
}
