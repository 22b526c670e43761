package safename

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestName_Cases(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "Acme Ltd", "Acme Ltd"},
		{"keeps punctuation people use", "Smith & Jones (UK), Ltd.", "Smith & Jones (UK), Ltd"},
		{"parent dirs", "../../x", "x"},
		{"deep escape", "../../etc/passwd", "etc_passwd"},
		{"absolute unix", "/etc/passwd", "etc_passwd"},
		{"absolute windows", `C:\Windows\system32`, "C_Windows_system32"},
		{"UNC", `\\server\share`, "server_share"},
		{"NUL byte", "a\x00b", "a_b"},
		{"control chars", "a\x1b]0;pwned\x07b", "a_0_pwned_b"},
		{"newline", "line1\nline2", "line1_line2"},
		{"windows forbidden", `a<b>c:d"e|f?g*h`, "a_b_c_d_e_f_g_h"},
		{"CON", "CON", "_CON"},
		{"con lower with ext", "con.txt", "_con.txt"},
		{"NUL", "nul", "_nul"},
		{"COM1", "COM1", "_COM1"},
		{"LPT9", "lpt9", "_lpt9"},
		{"COM superscript", "COM¹", "_COM¹"},
		{"CONSOLE is fine", "CONSOLE", "CONSOLE"},
		{"COM10 is fine", "COM10", "COM10"},
		{"trailing dots and spaces", "Acme Ltd. . ", "Acme Ltd"},
		{"leading dot (hidden)", ".bashrc", "bashrc"},
		{"dot dot alone", "..", Fallback},
		{"empty", "", Fallback},
		{"only junk", "///\\\\", Fallback},
		{"collapses runs", "a   b///c", "a b_c"},
		{"unicode letters", "Café Ünïcode 東京", "Café Ünïcode 東京"},
		{"invalid utf-8", "a\xffb", "a_b"},
		{"decomposed accents normalised", "Cafe\u0301", "Café"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Name(c.in); got != c.want {
				t.Errorf("Name(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestName_LengthCapOnCharBoundary(t *testing.T) {
	// 60 two-byte letters = 120 bytes: cut to 100 bytes = 50 letters.
	got := Name(strings.Repeat("é", 60))
	if len(got) != 100 || !utf8.ValidString(got) || got != strings.Repeat("é", 50) {
		t.Fatalf("got %d bytes %q", len(got), got)
	}
	// A 3-byte letter cannot straddle the cap: 34×3 = 102 > 100, so 33 letters (99 bytes).
	got = Name(strings.Repeat("東", 34))
	if len(got) != 99 || !utf8.ValidString(got) {
		t.Fatalf("got %d bytes %q", len(got), got)
	}
}

func TestSet_Collisions(t *testing.T) {
	var s Set
	got := []string{s.Name("Acme Ltd"), s.Name("acme ltd"), s.Name("Acme/Ltd"), s.Name("Acme_Ltd"), s.Name("Acme Ltd-2")}
	want := []string{"Acme Ltd", "acme ltd-2", "Acme_Ltd", "Acme_Ltd-2", "Acme Ltd-2-2"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("name %d = %q, want %q (all: %q)", i, got[i], want[i], got)
		}
	}
	// A long name's suffix still fits the cap.
	long := strings.Repeat("x", 200)
	a, b := s.Name(long), s.Name(long)
	if len(a) != MaxLen || len(b) != MaxLen || !strings.HasSuffix(b, "-2") || a == b {
		t.Errorf("long names %d %q / %d %q", len(a), a, len(b), b)
	}
}

func TestJoin_StaysInside(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		rel  string
		want string // "" = refused
	}{
		{"a.html", "a.html"},
		{"sub/a.html", "sub/a.html"},
		{"sub/../a.html", "a.html"},
		{"../x", ""},
		{"../../x", ""},
		{"sub/../../x", ""},
		{`..\x`, ""},
		{"/etc/passwd", ""},
		{`\x`, ""},
		{"a\x00b", ""},
		{"", ""},
		{".", ""},
		{"..", ""},
	} {
		got, err := Join(dir, c.rel)
		if c.want == "" {
			if !errors.Is(err, ErrEscapes) && (err == nil || c.rel != "") {
				t.Errorf("Join(%q) = %q, %v; want refused", c.rel, got, err)
			}
			continue
		}
		if err != nil || got != filepath.Join(dir, c.want) {
			t.Errorf("Join(%q) = %q, %v; want %q", c.rel, got, err, filepath.Join(dir, c.want))
		}
	}
}

func TestJoin_RefusesSymlinkOut(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if got, err := Join(dir, "link/x.html"); !errors.Is(err, ErrEscapes) {
		t.Errorf("Join through a link out = %q, %v; want ErrEscapes", got, err)
	}
	if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "inner")); err != nil {
		t.Fatal(err)
	}
	_, err := Join(dir, "inner/x.html")
	if runtime.GOOS == "windows" {
		if !errors.Is(err, ErrEscapes) {
			t.Errorf("on Windows any link is refused (junctions cannot be followed); got %v", err)
		}
	} else if err != nil {
		t.Errorf("a link that stays inside was refused: %v", err)
	}
}

// The Windows rule, checked here on every platform: any link on the way,
// a symbolic link (ModeSymlink) or a junction (ModeIrregular, as Go 1.23+
// reports mount points), is refused, even one pointing inside.
func TestRefuseLinks_Windows(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "real", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	modes := map[string]fs.FileMode{ // what a stubbed Lstat says each path is
		filepath.Join(dir, "junction"):            fs.ModeDir | fs.ModeIrregular,
		filepath.Join(dir, "symlink"):             fs.ModeSymlink,
		filepath.Join(dir, "real", "sub", "link"): fs.ModeSymlink,
	}
	lstat := func(p string) (fs.FileInfo, error) {
		if m, ok := modes[p]; ok {
			return fakeInfo{m}, nil
		}
		return os.Lstat(p)
	}
	for _, c := range []struct {
		rel     string
		windows bool
		refused bool
	}{
		{"junction/x.html", true, true},
		{"symlink/x.html", true, true},
		{"real/sub/link/x.html", true, true},
		{"real/sub/x.html", true, false},
		{"real/new/x.html", true, false},
		{"junction/x.html", false, false}, // elsewhere checkLinks decides
	} {
		err := refuseLinks(dir, c.rel, c.windows, lstat)
		if got := errors.Is(err, ErrEscapes); got != c.refused {
			t.Errorf("refuseLinks(%s, windows=%v) = %v; want refused=%v", c.rel, c.windows, err, c.refused)
		}
	}
}

type fakeInfo struct{ mode fs.FileMode }

func (f fakeInfo) Name() string       { return "x" }
func (f fakeInfo) Size() int64        { return 0 }
func (f fakeInfo) Mode() fs.FileMode  { return f.mode }
func (f fakeInfo) ModTime() time.Time { return time.Time{} }
func (f fakeInfo) IsDir() bool        { return f.mode.IsDir() }
func (f fakeInfo) Sys() any           { return nil }

// FuzzName checks the promises that hold for every input.
func FuzzName(f *testing.F) {
	for _, s := range []string{"Acme", "../../x", "CON", "a\x00b", "\xff", strings.Repeat("é", 80), " . ", "COM¹.txt"} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, s string) {
		n := Name(s)
		if n == "" || len(n) > MaxLen+1 || !utf8.ValidString(n) {
			t.Fatalf("Name(%q) = %q", s, n)
		}
		if strings.ContainsAny(n, "/\\\x00:*?\"<>|") || strings.Contains(n, "..") {
			t.Fatalf("Name(%q) = %q has a forbidden character", s, n)
		}
		for _, r := range n {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("Name(%q) = %q has a control character", s, n)
			}
		}
		if reserved(n) || strings.HasSuffix(n, ".") || strings.HasSuffix(n, " ") || strings.HasPrefix(n, ".") {
			t.Fatalf("Name(%q) = %q is not portable", s, n)
		}
		p, err := Join(dir, n+".html")
		if err != nil || filepath.Dir(p) != dir {
			t.Fatalf("Join(%q) = %q, %v", n, p, err)
		}
	})
}
