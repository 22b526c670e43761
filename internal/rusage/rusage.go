// Package rusage reads what this process has used so far, its CPU time and
// its peak resident memory, for the logs that say what each step, model or
// report query cost. DuckDB's threads run in the process, so a difference
// across a piece of work is what that work cost, even on a loaded machine
// where wall time says little. Where the system does not tell, the values
// are 0 and the logs show 0.
package rusage
