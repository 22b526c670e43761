package hublog

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/internal/store"
)

// openItemsDB is a database holding only what the hub log's queries read:
// four open items, two in London (its trust's region by name), one in a
// region the register gives by code alone, one whose contract is not in
// the register (no region).
func openItemsDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "t.duckdb")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`create table organisations (trust_code varchar, trust_name varchar, region_code varchar, region_name varchar)`,
		`insert into organisations values ('T1', 'Trust One', 'Y62', 'London'), ('T2', 'Trust Two', 'Y56', null)`,
		`create table contracts (contract_ref varchar, trust_code varchar)`,
		`insert into contracts values ('K1', 'T1'), ('K2', 'T2'), ('K3', 'T1')`,
		`create table hub_log_open (type_order int, item_type varchar, item_key varchar, contract_ref varchar, supplier_name varchar,
			period date, measure_code varchar, detail varchar, log_month date, status varchar, owner varchar, action_agreed varchar,
			due_date date, date_checked date, evidence_check varchar, notes varchar)`,
		// K1's off-track item is listed after K3's chase (type order first)
		`insert into hub_log_open values
			(2, 'offtrack', 'offtrack|K1|M1', 'K1', 'Acme Ltd', null, 'M1', 'behind', '2026-09-01', 'open', null, null, null, null, null, null),
			(1, 'chase', 'chase|K2|2026-08', 'K2', 'Bravo plc', '2026-08-01', null, null, '2026-09-01', null, null, null, null, null, null, null),
			(1, 'chase', 'chase|K3|2026-08', 'K3', 'Zeta Ltd', '2026-08-01', null, null, '2026-09-01', null, null, null, null, null, null, null),
			(1, 'chase', 'chase|K4|2026-08', 'K4', 'Acme Ltd', '2026-08-01', null, null, '2026-09-01', null, null, null, null, null, null, null)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}

// A national run's hub logs come one region at a time from the database:
// Regions names each region of the open items (by name, else code, ""
// for none) with its count, in name order, and WriteRegion streams that
// region's items alone, in the log's order, under a title that counts
// them.
func TestWriteRegion_OneRegionsItemsStreamedInOrder(t *testing.T) {
	ctx := context.Background()
	db := openItemsDB(t)
	items, err := Stage(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer items.Close()
	regions, err := items.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []Region{{"", 1}, {"London", 2}, {"Y56", 1}}
	if !slices.Equal(regions, want) {
		t.Fatalf("regions %v; want %v", regions, want)
	}
	sep := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	f := writeRegion(t, items, regions[1], sep)
	rows, keys := logKeys(t, f)
	if rows[0][0] != "Hub log for September 2026: 2 open items" || !slices.Equal(keys, []string{"chase|K3|2026-08", "offtrack|K1|M1"}) {
		t.Errorf("title %q, items %q; want 2 open items: K3's chase, then K1's off-track item", rows[0][0], keys)
	}
	dvs, err := f.GetDataValidations(SheetLog)
	if err != nil || len(dvs) == 0 || dvs[0].Sqref != "I4:I5" {
		t.Errorf("validations %+v (%v); want the status list on I4:I5", dvs, err)
	}
	// an item whose contract is not in the register is still listed, in
	// the log of no region
	if _, keys := logKeys(t, writeRegion(t, items, regions[0], sep)); !slices.Equal(keys, []string{"chase|K4|2026-08"}) {
		t.Errorf("no region's items %q; want K4's chase", keys)
	}
}

func writeRegion(t *testing.T, items *OpenItems, r Region, month time.Time) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), RegionFileName(month, r.Name))
	if err := items.WriteRegion(context.Background(), path, r, month, month); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// logKeys returns the Hub log sheet's rows and its items' keys.
func logKeys(t *testing.T, f *excelize.File) ([][]string, []string) {
	t.Helper()
	rows, err := f.GetRows(SheetLog)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range rows[HeaderRow:] {
		keys = append(keys, r[0])
	}
	return rows, keys
}

// The title and the validations are written before the rows, from the
// count: a count that does not match the rows read is an error, not a log
// whose title says otherwise.
func TestWriteRegion_CountNotMatchingTheRowsIsAnError(t *testing.T) {
	ctx := context.Background()
	items, err := Stage(ctx, openItemsDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer items.Close()
	sep := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{1, 3} {
		err := items.WriteRegion(ctx, filepath.Join(t.TempDir(), "log.xlsx"), Region{"London", n}, sep, sep)
		if err == nil || !strings.Contains(err.Error(), "counted") {
			t.Errorf("London counted as %d (it has 2): error %v; want one naming the count", n, err)
		}
	}
}

// A chase letter names each overdue contract's trust, by name where the
// register has it, else by its code: a contract whose trust is not in the
// register is still chased.
func TestLetters_TrustByNameElseCode(t *testing.T) {
	ctx := context.Background()
	db := openItemsDB(t)
	for _, q := range []string{
		`create table int_settings (today date)`,
		`insert into int_settings values ('2026-10-20')`,
		`create table chase_status (supplier_name varchar, contract_ref varchar, trust_code varchar, period date, due_date date,
			days_overdue int, chased varchar, escalate boolean)`,
		`insert into chase_status values
			('Acme Ltd', 'K1', 'T1', '2026-08-01', '2026-09-15', 35, 'not chased', false),
			('Acme Ltd', 'K9', 'T9', '2026-08-01', '2026-09-15', 35, 'not chased', false)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	files, err := Letters(ctx, db, t.TempDir())
	if err != nil || len(files) != 1 {
		t.Fatalf("letters %q (%v); want Acme Ltd's", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"contract K1 (Trust One), August 2026", "contract K9 (T9), August 2026"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("letter:\n%s\nwant %q", b, want)
		}
	}
}
