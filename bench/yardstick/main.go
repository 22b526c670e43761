// Command yardstick reads the same input files svhub ingests with the
// engines underneath it and nothing else, so bench/run can print svhub's
// time as a ratio of theirs:
//
//	yardstick csv  DB FILE...  DuckDB read_csv of every file into a table of a database file
//	yardstick xlsx FILE...     excelize streaming every cell of every sheet (raw values)
//
// It is a benchmark tool, not part of svhub.
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: yardstick csv DB FILE... | yardstick xlsx FILE...")
		os.Exit(2)
	}
	start := time.Now()
	var rows int64
	var err error
	switch os.Args[1] {
	case "csv":
		rows, err = readCSV(os.Args[2], os.Args[3:])
	case "xlsx":
		rows, err = readXLSX(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "yardstick:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d rows in %.2f s\n", os.Args[1], rows, time.Since(start).Seconds())
}

// readCSV loads every file as text into one table per header shape, the
// way a fair loader would: DuckDB sniffs the delimiter; the rows above the
// header and the encoding are given per file (svhub finds both itself).
func readCSV(dbPath string, files []string) (int64, error) {
	os.Remove(dbPath)
	os.Remove(dbPath + ".wal")
	db, err := sql.Open("duckdb", dbPath)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	ctx := context.Background()
	var total int64
	for i, f := range files {
		skip, enc, err := sniff(f)
		if err != nil {
			return total, err
		}
		table := fmt.Sprintf("t%d", i)
		q := fmt.Sprintf(`create table %s as select * from read_csv('%s', all_varchar = true, header = true, skip = %d, encoding = '%s')`,
			table, strings.ReplaceAll(f, "'", "''"), skip, enc)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return total, fmt.Errorf("%s: %w", f, err)
		}
		var n int64
		if err := db.QueryRowContext(ctx, "select count(*) from "+table).Scan(&n); err != nil {
			return total, err
		}
		total += n
	}
	_, err = db.ExecContext(ctx, "checkpoint")
	return total, err
}

// sniff finds the header line (the first with a known first column) and
// whether the file is UTF-8.
func sniff(path string) (skip int, enc string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, "", err
	}
	enc = "utf-8"
	if !utf8.Valid(b) {
		enc = "latin-1"
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "\ufeff")
		if strings.HasPrefix(line, "contract_ref") || strings.HasPrefix(line, "trust_code") {
			return skip, enc, nil
		}
		skip++
	}
	return 0, enc, sc.Err()
}

func readXLSX(files []string) (int64, error) {
	var total int64
	for _, path := range files {
		f, err := excelize.OpenFile(path)
		if err != nil {
			return total, err
		}
		for _, sheet := range f.GetSheetList() {
			rows, err := f.Rows(sheet)
			if err != nil {
				f.Close()
				return total, err
			}
			for rows.Next() {
				if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
					rows.Close()
					f.Close()
					return total, err
				}
				total++
			}
			rows.Close()
		}
		f.Close()
	}
	return total, nil
}
