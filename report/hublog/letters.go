package hublog

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nhs-hubs/svhub/internal/atomicfile"
	"github.com/nhs-hubs/svhub/internal/safename"
	sqlfiles "github.com/nhs-hubs/svhub/sql"
)

// ReplyDays is how long a chase letter gives the supplier to send its
// overdue returns: the hub's own practice, not an NHS rule.
const ReplyDays = 14

// LettersDir is the folder the chase letters are written to.
const LettersDir = "chase letters"

type overdue struct {
	supplier, ref, trust string
	period, due          time.Time
	days                 int
	chased               string
	escalate             bool
}

// Letters writes one letter (email text) per supplier with overdue
// returns into dir/LettersDir: their overdue contract-months with the
// chases so far (chase_status), what to send and by when (today +
// ReplyDays), and the template to use. Today is the reference date the
// views use (int_settings). It returns the files written.
func Letters(ctx context.Context, q Querier, dir string) ([]string, error) {
	return LettersFor(ctx, q, dir, nil)
}

// LettersFor writes the chase letters of the suppliers want keeps (nil:
// every supplier): a letter is per-supplier output, which a national batch
// writes only on request, as the supplier pages (suppliers.Choice).
func LettersFor(ctx context.Context, q Querier, dir string, want func(supplier string) bool) ([]string, error) {
	today, all, err := readOverdue(ctx, q, want)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	out := dir + string(os.PathSeparator) + LettersDir
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("chase letters: %w", err)
	}
	var names safename.Set
	var files []string
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].supplier == all[i].supplier {
			j++
		}
		path, err := safename.Join(out, "chase "+names.Name(all[i].supplier)+".txt")
		if err != nil {
			return files, fmt.Errorf("chase letter for %s: %w", all[i].supplier, err)
		}
		text := Letter(all[i:j], today)
		if err := atomicfile.Write(path, func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
			return files, fmt.Errorf("chase letter for %s: %w", all[i].supplier, err)
		}
		files = append(files, path)
		i = j
	}
	return files, nil
}

// readOverdue reads the reference date and the overdue contract-months of
// the suppliers want keeps (nil: all), supplier by supplier.
func readOverdue(ctx context.Context, q Querier, want func(string) bool) (time.Time, []overdue, error) {
	var today time.Time
	rows, err := q.QueryContext(ctx, sqlfiles.Report("hublog/today"))
	if err != nil {
		return today, nil, fmt.Errorf("chase letters: read the reference date: %w", err)
	}
	for rows.Next() {
		if err := rows.Scan(&today); err != nil {
			rows.Close()
			return today, nil, fmt.Errorf("chase letters: read the reference date: %w", err)
		}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, sqlfiles.Report("hublog/chase_letters"))
	if err != nil {
		return today, nil, fmt.Errorf("chase letters: read chase_status: %w", err)
	}
	defer rows.Close()
	var all []overdue
	for rows.Next() {
		var o overdue
		if err := rows.Scan(&o.supplier, &o.ref, &o.trust, &o.period, &o.due, &o.days, &o.chased, &o.escalate); err != nil {
			return today, nil, fmt.Errorf("chase letters: %w", err)
		}
		if want == nil || want(o.supplier) {
			all = append(all, o)
		}
	}
	return today, all, rows.Err()
}

// Letter is the text of one supplier's chase letter.
func Letter(items []overdue, today time.Time) string {
	var b strings.Builder
	s := items[0].supplier
	by := today.AddDate(0, 0, ReplyDays)
	fmt.Fprintf(&b, "To: %s\r\nSubject: Social value returns overdue: %d month(s)\r\n\r\n", s, len(items))
	fmt.Fprintf(&b, "Dear %s,\r\n\r\nOn %s we have no social value return from you for:\r\n\r\n", s, today.Format("2 January 2006"))
	escalate, refs := false, []string{}
	for _, o := range items {
		fmt.Fprintf(&b, "  - contract %s (%s), %s: due %s, %d days overdue (%s)\r\n", o.ref, o.trust, o.period.Format("January 2006"),
			o.due.Format("2 January 2006"), o.days, o.chased)
		escalate = escalate || o.escalate
		if len(refs) == 0 || refs[len(refs)-1] != o.ref {
			refs = append(refs, o.ref)
		}
	}
	fmt.Fprintf(&b, "\r\nPlease send a return for each month listed by %s. ", by.Format("2 January 2006"))
	b.WriteString("Use the return template for each contract (")
	for i, r := range refs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"return %s %s.xlsx\"", r, s)
	}
	b.WriteString("; we can send it again): fill in the yellow Value cells, entering 0 where nothing was delivered, and send the file back as it is.\r\n")
	if escalate {
		b.WriteString("\r\nWe have chased some of these returns several times already: if they do not arrive by that date, we will raise them with the contract manager.\r\n")
	}
	b.WriteString("\r\nThank you,\r\nThe procurement hub\r\n")
	return b.String()
}
