// Package safename turns names that come from data (a supplier, a contract,
// an ICS) into file names that stay inside the output folder on Linux,
// macOS and Windows, and checks that a joined path does not escape its
// folder. Supplier text is hostile input: "../../x", "/etc/passwd", "CON",
// "a\x00b" and 300-character names all reach here.
package safename

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest stem Name returns, in bytes. File systems allow 255
// bytes per name; the rest is room for a caller's suffix and extension.
const MaxLen = 100

// Fallback is the stem for a name with nothing usable in it.
const Fallback = "unnamed"

// Name returns a file-name stem (no extension) for raw: letters and digits
// of any script are kept, runs of anything else become one "_", so no path
// separator, "..", NUL, control or Windows-forbidden character survives.
// Leading and trailing dots, spaces, "_" and "-" are trimmed (no hidden
// files, no names Windows silently rewrites), Windows device names (CON,
// NUL, COM1, ...) get a "_" prefix, and the result is cut to MaxLen bytes
// on a character boundary. Distinct inputs can give the same stem: use a
// Set when names must not collide.
func Name(raw string) string {
	raw = norm.NFC.String(strings.ToValidUTF8(raw, "_"))
	var b strings.Builder
	pendingSep := false
	for _, r := range raw {
		if keep(r) {
			if pendingSep && b.Len() > 0 {
				b.WriteByte('_')
			}
			pendingSep = false
			b.WriteRune(r)
			continue
		}
		if r == ' ' && !pendingSep {
			// One space between words reads better than "_"; it is safe
			// everywhere once leading and trailing ones are trimmed.
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			continue
		}
		pendingSep = true
	}
	s := collapse(b.String())
	s = cut(s, MaxLen)
	s = strings.Trim(s, " ._-")
	if s == "" {
		return Fallback
	}
	if reserved(s) {
		s = "_" + s
	}
	return s
}

// keep reports whether r may appear in a stem as it is.
func keep(r rune) bool {
	switch r {
	case '-', '.', '(', ')', '&', '+', ',':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}

// collapse turns runs of spaces into one space, and "_ " or " _" into "_",
// and any ".." (which some tools treat as the parent) into ".".
func collapse(s string) string {
	for _, pair := range [][2]string{{"  ", " "}, {" _", "_"}, {"_ ", "_"}, {"__", "_"}, {"..", "."}} {
		for strings.Contains(s, pair[0]) {
			s = strings.ReplaceAll(s, pair[0], pair[1])
		}
	}
	return s
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// reserved reports whether Windows treats s as a device name. Windows
// ignores the extension and trailing spaces, so "con.txt" and "Nul " count.
func reserved(s string) bool {
	base, _, _ := strings.Cut(s, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		return base[3] >= '0' && base[3] <= '9'
	}
	// COM¹, LPT² ... with superscript digits are devices too.
	if rs := []rune(base); len(rs) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		return rs[3] == '¹' || rs[3] == '²' || rs[3] == '³'
	}
	return false
}

// Set hands out stems that are unique within one output folder, comparing
// without case (macOS and Windows folders are case-insensitive): the second
// "Acme Ltd" becomes "Acme Ltd-2". The zero value is ready to use.
type Set struct {
	used map[string]bool
}

// Name returns Name(raw), made unique among the stems this Set gave out.
func (s *Set) Name(raw string) string {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	stem := Name(raw)
	cand := stem
	for i := 2; s.used[strings.ToLower(cand)]; i++ {
		suffix := "-" + strconv.Itoa(i)
		cand = cut(stem, MaxLen-len(suffix)) + suffix
	}
	s.used[strings.ToLower(cand)] = true
	return cand
}

// ErrEscapes means a path would leave the folder it was meant to stay in.
var ErrEscapes = errors.New("path leaves its folder")

// Join joins rel onto dir and returns the result, refusing any rel that is
// absolute, has a volume name, contains NUL, or would leave dir (by "..",
// or through a symbolic link already inside dir that points elsewhere).
// Use it for every output path built from data or from a template.
func Join(dir, rel string) (string, error) {
	if rel == "" {
		return "", fmt.Errorf("join %q: empty name", dir)
	}
	if strings.ContainsRune(rel, 0) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" ||
		strings.HasPrefix(rel, `\`) || strings.HasPrefix(rel, "/") {
		return "", fmt.Errorf("join %q and %q: %w", dir, rel, ErrEscapes)
	}
	// Treat backslashes as separators too, so a name meant for Windows
	// cannot climb out there.
	// filepath.Clean writes "\" on Windows: compare in slashes, or "../x"
	// (cleaned to "..\x") would pass there.
	clean := filepath.ToSlash(filepath.Clean(strings.ReplaceAll(rel, `\`, "/")))
	if clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("join %q and %q: %w", dir, rel, ErrEscapes)
	}
	full := filepath.Join(dir, clean)
	if err := checkLinks(dir, full); err != nil {
		return "", fmt.Errorf("join %q and %q: %w", dir, rel, err)
	}
	if err := refuseLinks(dir, clean, runtime.GOOS == "windows", os.Lstat); err != nil {
		return "", fmt.Errorf("join %q and %q: %w", dir, rel, err)
	}
	return full, nil
}

// refuseLinks, on Windows, refuses a path through any link below dir,
// wherever it points: Go does not resolve junctions (mount points) there
// (filepath.EvalSymlinks leaves them as they are since Go 1.23), so
// checkLinks cannot see where one leads, and svhub's own output folders
// never hold links. A symbolic link reads as ModeSymlink, a junction or other
// reparse point as ModeIrregular. Elsewhere checkLinks' answer stands, and a
// link that stays inside is allowed.
func refuseLinks(dir, clean string, windows bool, lstat func(string) (fs.FileInfo, error)) error {
	if !windows {
		return nil
	}
	p := dir
	for _, part := range strings.Split(clean, "/") {
		p = filepath.Join(p, part)
		st, err := lstat(p)
		if err != nil {
			return nil // from here on nothing exists, so nothing is a link
		}
		if st.Mode()&(fs.ModeSymlink|fs.ModeIrregular) != 0 {
			return ErrEscapes
		}
	}
	return nil
}

// checkLinks resolves symbolic links in the deepest existing ancestor of
// full and checks it is still inside dir (also resolved).
func checkLinks(dir, full string) error {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		// The folder does not exist yet: nothing inside it can be a link.
		return nil
	}
	p := full
	for {
		if _, err := os.Lstat(p); err == nil {
			break
		}
		parent := filepath.Dir(p)
		if parent == p {
			return nil
		}
		p = parent
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		// A dangling link: where it points is outside our control.
		return ErrEscapes
	}
	r, err := filepath.Rel(root, real)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ErrEscapes
	}
	return nil
}
