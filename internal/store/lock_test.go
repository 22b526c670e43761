package store

import (
	"errors"
	"testing"
)

// DuckDB words a database held by another process differently on each
// platform; each wording becomes ErrLocked, with the holder's PID where
// DuckDB names one. The Windows texts are DuckDB 1.5's (local_file_system.cpp:
// the system's message for ERROR_SHARING_VIOLATION, then the Restart
// Manager's list of holders) and Wine 8's wording of the same error.
func TestExplainLock(t *testing.T) {
	for _, c := range []struct {
		name, msg string
		locked    bool
		pid       string
	}{
		{"linux", `IO Error: Could not set lock on file "/srv/hub/svhub.duckdb": Conflicting lock is held in /usr/local/bin/svhub (PID 4242) by user ann.`, true, "4242"},
		{"windows", "IO Error: Cannot open file \"C:\\Users\\ann\\hub\\svhub.duckdb\": The process cannot access the file because it is being used by another process.\r\n\nFile is already open in \nC:\\Users\\ann\\svhub\\svhub.exe (PID 7312)", true, "7312"},
		{"windows, no holder found", "IO Error: Cannot open file \"C:\\hub\\svhub.duckdb\": The process cannot access the file because it is being used by another process.\r\n", true, ""},
		{"wine", "IO Error: Cannot open file \"Z:\\tmp\\svhub.duckdb\": Sharing violation.\r\n", true, ""},
		{"not a lock", `IO Error: Cannot open file "C:\hub\svhub.duckdb": Access is denied.`, false, ""},
		{"not a lock either", `Catalog Error: Table with name x does not exist!`, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := explainLock(errors.New(c.msg))
			if got := errors.Is(err, ErrLocked); got != c.locked {
				t.Fatalf("locked = %v, want %v: %v", got, c.locked, err)
			}
			if !c.locked {
				if err.Error() != c.msg {
					t.Errorf("a different error was changed: %v", err)
				}
				return
			}
			want := "the database is in use by another process; wait for it to finish or stop it, then retry"
			if c.pid != "" {
				want = "the database is in use by another process (PID " + c.pid + "); wait for it to finish or stop it, then retry"
			}
			if err.Error() != want {
				t.Errorf("got  %q\nwant %q", err.Error(), want)
			}
		})
	}
}
