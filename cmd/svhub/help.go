package main

import "embed"

// Help texts that show SQL (example queries a user pastes into `svhub
// query`) live in help/*.txt, beside the commands, rather than in Go
// strings: they are documentation, read and edited as text.
//
//go:embed help/*.txt
var helpFiles embed.FS

// helpText is help/NAME.txt; the set is fixed at build time, so a missing
// file is a bug.
func helpText(name string) string {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic("help: " + err.Error())
	}
	return string(b)
}
