// Package shownpath is how svhub writes a file path anywhere a person or
// another machine reads it: stored provenance (source_file), the board
// pack's Source files, logs, summaries and hints. Paths are written with
// forward slashes on every platform, so a database, a board pack or a run
// log made on Windows is byte for byte the one Linux makes (Windows itself
// accepts / in every path svhub opens); and a path put into a command to
// copy is quoted when the shell would split it.
package shownpath

import (
	"path/filepath"
	"runtime"
	"strings"
)

// Slash returns p with the platform's separator written as "/". On Linux
// and macOS p is returned unchanged: "\" is an ordinary character in a
// file name there.
func Slash(p string) string { return slash(p, filepath.Separator) }

func slash(p string, sep byte) string {
	if sep == '/' {
		return p
	}
	return strings.ReplaceAll(p, string(sep), "/")
}

// Quote returns p, slashed, ready to paste into a command line in this
// platform's usual shell: as it is when nothing in it is special, else in
// double quotes on Windows (cmd.exe and PowerShell both take them; a Windows
// file name cannot hold ") and in single quotes elsewhere.
func Quote(p string) string { return quote(Slash(p), runtime.GOOS == "windows") }

func quote(p string, windows bool) string {
	if p != "" && strings.IndexFunc(p, func(r rune) bool { return !plain(r) }) < 0 {
		return p
	}
	if windows {
		return `"` + p + `"`
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

// plain characters need no quoting in sh, bash, cmd.exe or PowerShell.
func plain(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune("/._-:\\", r)
}

// Command is how the hints name svhub: the binary `make build` writes on
// Linux and macOS, and the exe in the folder the Windows zip unpacks to,
// which PowerShell runs only with the .\ prefix (cmd.exe accepts it too).
func Command() string {
	if runtime.GOOS == "windows" {
		return `.\svhub`
	}
	return "bin/svhub"
}
