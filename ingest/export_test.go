package ingest

// SetReadWorkers sets how many files are read at once, for a test, and
// returns a function that puts it back.
func SetReadWorkers(n int) (restore func()) {
	old := readWorkers
	readWorkers = func() int { return n }
	return func() { readWorkers = old }
}
