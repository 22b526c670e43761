package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/internal/store"
	"github.com/nhs-hubs/svhub/internal/synth"
)

// TestHelperIngest is not a test: run as a child process, it ingests a
// folder through the same path as `svhub ingest` and prints "rows N" after
// every 1,000 data rows, so the parent can SIGKILL it at a measured point of
// the load, and "committed" once the transaction is done.
func TestHelperIngest(t *testing.T) {
	db, dir := os.Getenv("SVHUB_CHILD_DB"), os.Getenv("SVHUB_CHILD_INBOX")
	if db == "" {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	a := &app{stdout: io.Discard, stderr: io.Discard, now: time.Now, dbPath: db, today: "2026-10-20", logger: slog.New(slog.DiscardHandler)}
	d, err := a.openWrite(ctx, db, a.referenceDate())
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	res, err := ingest.Run(ctx, d, []string{dir}, ingest.Options{Now: time.Now, Progress: func(n int) {
		done += n
		fmt.Fprintf(os.Stdout, "rows %d\n", done)
	}})
	if err == nil {
		err = rebuildAfterIngest(ctx, d, res, a.logger)
	}
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("committed\n")
	d.Close()
}

// fingerprint is what one ingest leaves in the database, per file: return
// rows and the sum of their values, rejections, the ingest record, plus the
// register tables, duplicates and rows whose file has no ingest record.
func fingerprint(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s after the crash: %v", path, err)
	}
	defer db.Close()
	out := map[string]string{}
	for name, q := range map[string]string{
		"returns per file":    `select source_file, count(*), round(sum(value), 6) from returns group by all order by all`,
		"rejections per file": `select source_file, count(*), count(distinct row_number) from rejections_raw group by all order by all`,
		"ingest_files":        `select source_file, format, rows_loaded, rows_rejected, strict_failed from ingest_files order by all`,
		"register": `select (select count(*) from organisations), (select count(*) from contracts), (select count(*) from commitments),
			(select round(sum(value_gbp), 2) from contracts), (select round(sum(target), 6) from commitments)`,
		"duplicate return rows": `select count(*) from (select file_sha256, sheet, row_number from returns group by all having count(*) > 1)`,
		"orphaned returns":      `select count(*) from returns where file_sha256 not in (select file_sha256 from ingest_files)`,
		"orphaned rejections":   `select count(*) from rejections_raw where file_sha256 not in (select file_sha256 from ingest_files)`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var b strings.Builder
		for rows.Next() {
			cols, _ := rows.Columns()
			v := make([]sql.NullString, len(cols))
			p := make([]any, len(cols))
			for i := range v {
				p[i] = &v[i]
			}
			if err := rows.Scan(p...); err != nil {
				t.Fatal(err)
			}
			for _, s := range v {
				b.WriteString(s.String + "|")
			}
			b.WriteString("\n")
		}
		rows.Close()
		out[name] = b.String()
	}
	return out
}

// A hub PC can lose power mid-load. Kill -9 lands at several measured
// points of one large ingest (after a tenth, half and nine tenths of its
// data rows were read, with earlier sheets already appended inside the
// transaction); each time the database must open holding none of the load,
// take the same files again, and then equal one clean run exactly: the
// same rows and sums per file, no duplicates, no orphaned rows.
func TestKill9DuringIngest_DatabaseEqualsOneCleanRun(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills processes")
	}
	dir := t.TempDir()
	region, err := synth.Generate(synth.Options{Seed: 3, Contracts: 300, Months: 12})
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if _, err := synth.WriteInbox(context.Background(), inbox, region); err != nil {
		t.Fatal(err)
	}

	// ingestChild runs the helper and kills it once it reports killAt rows
	// (never, for killAt 0); it returns the last row count it reported.
	ingestChild := func(db string, killAt int) (reported int, committed bool) {
		child := exec.Command(os.Args[0], "-test.run=^TestHelperIngest$")
		child.Env = append(os.Environ(), "SVHUB_CHILD_DB="+db, "SVHUB_CHILD_INBOX="+inbox)
		out, err := child.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if line == "committed" {
				committed = true
				continue
			}
			if n, ok := strings.CutPrefix(line, "rows "); ok {
				reported, _ = strconv.Atoi(n)
				if killAt > 0 && reported >= killAt {
					child.Process.Signal(syscall.SIGKILL)
					break
				}
			}
		}
		io.Copy(io.Discard, out)
		child.Wait()
		return reported, committed
	}
	initDB := func(name string) string {
		p := filepath.Join(dir, name)
		if code, _, errs := svhub(t, "--db", p, "init"); code != 0 {
			t.Fatalf("init: %s", errs)
		}
		return p
	}

	clean := initDB("clean.duckdb")
	total, committed := ingestChild(clean, 0)
	if !committed || total < 4000 {
		t.Fatalf("clean run: committed %v after %d rows; want a load of thousands of rows", committed, total)
	}
	want := fingerprint(t, clean)
	empty := fingerprint(t, initDB("empty.duckdb"))

	for _, frac := range []int{10, 50, 90} {
		t.Run(fmt.Sprintf("kill at %d%%", frac), func(t *testing.T) {
			db := initDB(fmt.Sprintf("k%d.duckdb", frac))
			killAt := total * frac / 100
			at, committed := ingestChild(db, killAt)
			if committed || at < killAt || at >= total {
				t.Fatalf("the kill did not land inside the load: reported %d of %d rows, committed %v", at, total, committed)
			}
			if got := fingerprint(t, db); !reflect.DeepEqual(got, empty) {
				t.Errorf("after kill -9 at row %d the database holds part of the load:\n got %v\nwant %v", at, got, empty)
			}
			if code, _, errs := svhub(t, "--db", db, "--today", "2026-10-20", "-q", "ingest", inbox); code != 0 {
				t.Fatalf("re-ingest after the crash: exit %d %s", code, errs)
			}
			got := fingerprint(t, db)
			for k := range want {
				if got[k] != want[k] {
					t.Errorf("after kill at row %d and a re-run, %s differs from one clean run:\n got %s\nwant %s", at, k, got[k], want[k])
				}
			}
			t.Logf("killed at row %d of %d; the re-run equals one clean run", at, total)
		})
	}
}
