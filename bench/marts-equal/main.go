// Command marts-equal compares every model (staging, intermediate and marts;
// tables and views alike) of two svhub databases, row for row both ways with
// EXCEPT ALL, doubles rounded to 9 significant digits. It is how a change to
// the marts' SQL or to how they are built shows it changed no result:
//
//	go run ./bench/marts-equal --today 2026-10-20 OLD.duckdb NEW.duckdb
//
// Both files are attached read-only to an in-memory session (copy a file
// that another process has open). --today sets the session's reference
// date, which the marts that stay views read; use the date both databases
// were built with. It prints one line per mart and exits 1 when any differs.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"

	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

func main() {
	today := flag.String("today", "", "reference date both databases were built with, YYYY-MM-DD")
	flag.IntVar(&digits, "digits", 9, "significant digits doubles are rounded to before comparing")
	skip := flag.String("skip", "rollup_keyed", "marts not to compare, comma-separated (rollup_keyed: twelve copies of commitment_status, equal when it is, and minutes to compare)")
	only := flag.String("only", "", "compare only these models, comma-separated")
	flag.Parse()
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			chosen[s] = true
		}
	}
	for _, s := range strings.Split(*skip, ",") {
		skipped[strings.TrimSpace(s)] = true
	}
	if flag.NArg() != 2 || *today == "" {
		fmt.Fprintln(os.Stderr, "usage: marts-equal --today YYYY-MM-DD OLD.duckdb NEW.duckdb")
		os.Exit(2)
	}
	diff, err := run(context.Background(), *today, flag.Arg(0), flag.Arg(1))
	if err != nil {
		fmt.Fprintln(os.Stderr, "marts-equal:", err)
		os.Exit(2)
	}
	if diff {
		os.Exit(1)
	}
}

var (
	skipped = map[string]bool{}
	chosen  = map[string]bool{}
	// digits: a sum of many doubles depends on the order DuckDB's threads
	// add them in, so two builds of the same mart can differ in the last
	// bits. Sums of decimal data (targets of 12.35, £ amounts) often land
	// exactly on a rounding boundary (a total of 32718.35 comes out as
	// ...349999 or ...350001), so values are nudged away from zero by one
	// part in 10^11 before rounding: both sides then round the same way.
	digits int
)

func run(ctx context.Context, today, a, b string) (bool, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return false, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{
		"attach '" + strings.ReplaceAll(a, "'", "''") + "' as a (read_only)",
		"attach '" + strings.ReplaceAll(b, "'", "''") + "' as b (read_only)",
		"set variable svhub_today = date '" + today + "'",
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return false, fmt.Errorf("%s: %w", s, err)
		}
	}
	var entries []fs.DirEntry
	for _, layer := range sqlfiles.ModelDirs {
		es, err := fs.ReadDir(sqlfiles.FS, layer)
		if err != nil {
			return false, err
		}
		entries = append(entries, es...)
	}
	diff := false
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".sql")
		if !ok || skipped[name] || (len(chosen) > 0 && !chosen[name]) {
			continue
		}
		line, same, err := compare(ctx, db, name)
		if err != nil {
			return false, fmt.Errorf("%s: %w", name, err)
		}
		diff = diff || !same
		fmt.Println(line)
	}
	return diff, nil
}

// compare counts the rows of one mart in each database and the rows each
// has that the other has not (as multisets).
func compare(ctx context.Context, db *sql.DB, name string) (string, bool, error) {
	cols, err := columns(ctx, db, name)
	if err != nil {
		return "", false, err
	}
	// each side once into a temp table: a mart that is a view would
	// otherwise be evaluated once per count below, and a parallel sum can
	// come out a hair apart between evaluations
	for _, cat := range []string{"a", "b"} {
		q := "create or replace temp table side_" + cat + " as select " + strings.Join(cols, ", ") + " from " + cat + ".main." + quote(name)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return "", false, err
		}
	}
	defer db.ExecContext(ctx, "drop table if exists side_a; drop table if exists side_b")
	var na, nb, onlyA, onlyB int64
	q := `select
		(select count(*) from side_a), (select count(*) from side_b),
		(select count(*) from (select * from side_a except all select * from side_b)),
		(select count(*) from (select * from side_b except all select * from side_a))`
	if err := db.QueryRowContext(ctx, q).Scan(&na, &nb, &onlyA, &onlyB); err != nil {
		return "", false, err
	}
	same := na == nb && onlyA == 0 && onlyB == 0
	verdict := "same"
	if !same {
		verdict = "DIFFERENT"
	}
	return fmt.Sprintf("%-26s %-9s rows %9d / %9d  only in old %d  only in new %d", name, verdict, na, nb, onlyA, onlyB), same, nil
}

// columns lists the mart's columns in the old database's order, as select
// expressions: doubles rounded to --digits significant digits, so a different but
// equivalent order of additions does not count as a difference.
func columns(ctx context.Context, db *sql.DB, name string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `select column_name, data_type from information_schema.columns
		where table_catalog = 'a' and table_schema = 'main' and table_name = ? order by ordinal_position`, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c, t string
		if err := rows.Scan(&c, &t); err != nil {
			return nil, err
		}
		e := quote(c)
		if t == "DOUBLE" || t == "FLOAT" {
			e = fmt.Sprintf(`case when %[1]s is null or %[1]s = 0 or not isfinite(%[1]s) then %[1]s
				else round(%[1]s * (1 + 1e-11), %[2]d - cast(floor(log10(abs(%[1]s))) as integer)) end as %[1]s`, e, digits-1)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no such table or view in %s", "the old database")
	}
	return out, rows.Err()
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
