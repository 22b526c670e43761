package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"

	"github.com/spf13/cobra"

	"github.com/nhs-hubs/svhub/ingest"
	"github.com/nhs-hubs/svhub/transform"
)

type withdrawOptions struct {
	target string
	reason string
}

func newWithdrawCmd(a *app) *cobra.Command {
	o := &withdrawOptions{}
	cmd := &cobra.Command{
		Use:   "withdraw FILE|SHA --reason TEXT",
		Short: "Take a loaded file's returns back out (the returns it replaced count again)",
		Long: `withdraw takes the returns and rejected rows of one loaded file out of the
database: a file sent by mistake, or one deleted from the inbox that must
stop counting. Returns the file had superseded are current again. The
withdrawal is recorded with who (the OS user), when and why in the
withdrawals table; the report tables are rebuilt, and the next svhub run
rebuilds the month's outputs. An ingest skips the file while it stays
withdrawn (--force reads it again).

FILE is the path the file was loaded from, its name if only one loaded file
has it, or a file with the same content; SHA is its SHA-256 (at least its
first 8 characters; svhub run lists files that left the inbox with theirs).
A register file (organisations, contracts, commitments ...) is refused: its
rows replaced earlier ones, so load a corrected register instead.`,
		Example: `  svhub withdraw inbox/returns-2026-08.csv --reason "sent twice by Acme, second copy wrong"
  svhub withdraw 3f9a1c0e4b2d --reason "deleted from the inbox at the supplier's request"`,
		Args: exactArgs(1, "the file or SHA-256 to withdraw"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.target = args[0]
			if o.reason == "" {
				return usageErr("--reason: say why the file is withdrawn (it is kept with the withdrawal)")
			}
			return runWithdraw(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.reason, "reason", "", "why the file is withdrawn (required; recorded)")
	return cmd
}

// osUser names who ran the command, for the audit record.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

func runWithdraw(ctx context.Context, a *app, o *withdrawOptions) error {
	db, err := a.openWrite(ctx, a.dbPath, a.referenceDate())
	if err != nil {
		return err
	}
	w, err := ingest.Withdraw(ctx, db, ingest.WithdrawOptions{Target: o.target, Reason: o.reason, By: osUser(), Now: a.now})
	if err == nil {
		// The set of loaded files changed: the marts follow, in a
		// transaction of their own.
		if rerr := transform.RebuildMarts(ctx, db); rerr != nil {
			err = fmt.Errorf("withdraw %s: the rows are out, but rebuilding the report tables failed (%w); "+
				"reports build them as they run until the next load", w.File, rerr)
		}
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, ingest.ErrNotLoaded) {
		return usageErr("%v", err)
	}
	if err != nil {
		return err
	}
	a.status("withdrew %s (%s): %s and %s taken out, %s it had replaced current again",
		w.File, w.SHA256[:12], plural(w.ReturnsRemoved, "return"), plural(w.RejectionsRemoved, "rejected row"), plural(w.Restored, "return"))
	return nil
}
