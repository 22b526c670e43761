package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/internal/store"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// ErrNotLoaded means withdraw was given a file or SHA-256 no load holds.
var ErrNotLoaded = errors.New("no loaded file")

// WithdrawOptions name the file to take back out and say who and why.
type WithdrawOptions struct {
	// Target is the file's path (as loaded, or a file whose content was
	// loaded), its name when only one loaded file has it, or its SHA-256
	// (at least its first 8 characters).
	Target string
	Reason string
	By     string // who: the OS user
	Now    func() time.Time
}

// Withdrawal is what a withdraw took out.
type Withdrawal struct {
	File, SHA256      string
	ReturnsRemoved    int
	RejectionsRemoved int
	// Restored counts the returns the file had superseded that are current
	// again.
	Restored int
}

var shaPrefixRE = regexp.MustCompile(`^[0-9a-fA-F]{8,64}$`)

// Withdraw takes a loaded file's returns and rejections back out, so the
// returns it superseded are current again, and records who did it, when and
// why (the withdrawals table). The file's ingest_files row goes too: the
// set of loaded files changes, so the caller rebuilds the marts
// (transform.RebuildMarts) once Withdraw returns, and the next `svhub run`
// rebuilds the month's outputs; an ingest skips the file while
// it stays withdrawn. A register file is refused: its rows replaced earlier
// ones, which svhub does not keep, so a corrected register is loaded
// instead.
func Withdraw(ctx context.Context, db *store.DB, o WithdrawOptions) (*Withdrawal, error) {
	if strings.TrimSpace(o.Reason) == "" {
		return nil, errors.New("withdraw: say why with --reason (it is kept with the withdrawal)")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	sha, file, err := findLoaded(ctx, db, o.Target)
	if err != nil {
		return nil, err
	}
	w := &Withdrawal{File: file, SHA256: sha}
	var register int
	if err := db.QueryRowContext(ctx, sqlfiles.WithdrawRegisterRows, sha).Scan(&register); err != nil {
		return nil, fmt.Errorf("withdraw %s: %w", file, err)
	}
	if register > 0 {
		return nil, fmt.Errorf("withdraw %s: it holds %d register rows (organisations, contracts, commitments ...), which replaced the earlier ones; "+
			"withdraw takes back returns only: load a corrected register file instead", file, register)
	}
	err = db.Write(ctx, func(tx *store.Writer) error {
		if err := tx.QueryRowContext(ctx, sqlfiles.WithdrawRestored, sha).Scan(&w.Restored); err != nil {
			return fmt.Errorf("count the returns it superseded: %w", err)
		}
		for _, d := range []struct {
			table string
			n     *int
		}{{"returns", &w.ReturnsRemoved}, {"rejections_raw", &w.RejectionsRemoved}, {"hub_log_entries", nil}, {"ingest_files", nil}} {
			r, err := tx.ExecContext(ctx, "delete from "+store.QuoteIdent(d.table)+" where file_sha256 = ?", sha)
			if err != nil {
				return fmt.Errorf("delete from %s: %w", d.table, err)
			}
			if d.n != nil {
				n, _ := r.RowsAffected()
				*d.n = int(n)
			}
		}
		_, err := tx.ExecContext(ctx, sqlfiles.WithdrawalRecord,
			sha, file, o.Now().UTC(), o.By, o.Reason, w.ReturnsRemoved, w.RejectionsRemoved)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("withdraw %s: %w", file, err)
	}
	return w, nil
}

// findLoaded resolves a withdraw target to one loaded file.
func findLoaded(ctx context.Context, db *store.DB, target string) (sha, file string, err error) {
	q := func(query string, args ...any) ([][2]string, error) {
		rows, err := db.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("withdraw: read ingest history: %w", err)
		}
		defer rows.Close()
		var out [][2]string
		for rows.Next() {
			var s, f string
			if err := rows.Scan(&s, &f); err != nil {
				return nil, err
			}
			out = append(out, [2]string{s, f})
		}
		return out, rows.Err()
	}
	var tries [][]any
	if h := hashOrEmpty(target); h != "" {
		tries = append(tries, []any{sqlfiles.LoadedBySHA, h})
	}
	abs, _ := filepath.Abs(target)
	tries = append(tries, []any{sqlfiles.LoadedByPath, target, abs})
	if shaPrefixRE.MatchString(target) {
		tries = append(tries, []any{sqlfiles.LoadedBySHAPrefix, strings.ToLower(target)})
	}
	if filepath.Base(target) == target {
		tries = append(tries, []any{sqlfiles.LoadedByName,
			target, string(os.PathSeparator) + target})
	}
	for _, t := range tries {
		got, err := q(t[0].(string), t[1:]...)
		if err != nil {
			return "", "", err
		}
		switch len(got) {
		case 0:
			continue
		case 1:
			return got[0][0], got[0][1], nil
		default:
			names := make([]string, len(got))
			for i, g := range got {
				names[i] = g[1] + " (" + g[0][:12] + ")"
			}
			return "", "", fmt.Errorf("withdraw %s: %d loaded files match (%s); give the path or the SHA-256", target, len(got), strings.Join(names, ", "))
		}
	}
	var when, by string
	err = db.QueryRowContext(ctx, sqlfiles.WithdrawnTarget, hashOrEmpty(target), target, abs).Scan(&when, &by)
	if err == nil {
		return "", "", fmt.Errorf("withdraw %s: %w: it was withdrawn on %s by %s", target, ErrNotLoaded, when, by)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("withdraw: read withdrawals: %w", err)
	}
	return "", "", fmt.Errorf("withdraw %s: %w has that path, name or SHA-256 (svhub query \"select source_file, file_sha256 from ingest_files\" lists them)", target, ErrNotLoaded)
}

// withdrawnSHAs lists the files withdrawn and not loaded again since, with
// why an ingest skips them.
func withdrawnSHAs(ctx context.Context, db *store.DB) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.WithdrawnFiles)
	if err != nil {
		return nil, fmt.Errorf("check withdrawn files: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var sha, when, by string
		if err := rows.Scan(&sha, &when, &by); err != nil {
			return nil, err
		}
		out[sha] = fmt.Sprintf("withdrawn on %s by %s (use --force to read it again)", when, by)
	}
	return out, rows.Err()
}
