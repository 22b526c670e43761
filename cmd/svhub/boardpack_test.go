package main

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// needTool finds a command, or skips outside CI (where .ci/run installs it).
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing: .ci/run installs %s", name, pkg)
	}
	t.Skipf("%s not found (apt-get install %s)", name, pkg)
	return ""
}

// zipNames lists the parts of an xlsx matching re.
func zipNames(t *testing.T, path string, re *regexp.Regexp) []string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var out []string
	for _, f := range z.File {
		if re.MatchString(f.Name) {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			out = append(out, string(b))
		}
	}
	return out
}

// TestBoardPack_IndependentReaders opens the demo's board pack in openpyxl
// and converts it to PDF with LibreOffice: another library and another
// spreadsheet program must read it without complaint, with the tables,
// charts, conditional formats and print set-up it was given.
func TestBoardPack_IndependentReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("full demo and a LibreOffice conversion")
	}
	slowTest(t)
	needECharts(t)
	py := pythonOpenpyxl(t)
	soffice := needTool(t, "soffice", "libreoffice-calc-nogui")
	pdfinfo := needTool(t, "pdfinfo", "poppler-utils")

	start := time.Now()
	dir := demoCopy(t, fullDemo)
	t.Logf("demo (200 contracts, 12 months, both reports) in %v", time.Since(start))
	pack := filepath.Join(dir, "board-pack.xlsx")
	st, _ := os.Stat(pack)
	t.Logf("board pack %d bytes", st.Size())

	got := openpyxl(t, py, `
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    ps = ws.page_setup
    cf = sorted(str(r.sqref) for r in ws.conditional_formatting)
    print("|".join([ws.title, str(len(ws.tables)), str(len(cf)), str(ws.print_area is not None),
        str(ps.orientation), str(ps.paperSize), str(ps.fitToWidth), str(ws.sheet_properties.pageSetUpPr.fitToPage),
        str(ws.freeze_panes is not None), str("Reporting month" in (ws.oddHeader.right.text or ""))]))
`, pack)
	want := map[string]string{
		// sheet: tables | RAG conditional formats | print area | A4 landscape one page wide | frozen | header
		"Summary":                    "0|0|True|landscape|9|1|True|False|True",
		"By ICS and trust":           "2|0|True|landscape|9|1|True|True|True",
		"By place":                   "1|0|True|landscape|9|1|True|True|True",
		"By supplier":                "1|0|True|landscape|9|1|True|True|True",
		"What changed":               "1|0|True|landscape|9|1|True|True|True",
		"By theme, outcome, mission": "4|0|True|landscape|9|1|True|True|True", // mission, theme, outcome, award criterion
		"Financial year":             "1|0|True|landscape|9|1|True|True|True",
		"Top issues":                 "1|0|True|landscape|9|1|True|True|True",
		"Actions":                    "1|0|True|landscape|9|1|True|True|True",
		"Exceptions":                 "4|2|True|landscape|9|1|True|True|True",
		"Highlights":                 "3|1|True|landscape|9|1|True|True|True", // suppliers all on track, commitments that delivered most, stories
		"Priorities":                 "1|0|True|landscape|9|1|True|True|True",
		"Rejected rows":              "1|0|True|landscape|9|1|True|True|True",
		"All exceptions":             "3|2|True|landscape|9|1|True|True|True",
		"Data":                       "1|0|True|landscape|9|1|True|True|True",
		"Chart data":                 "0|0|True|landscape|9|1|True|False|True",
		"About":                      "3|0|True|landscape|9|1|True|True|True", // settings, sources, the NHS rules in force
	}
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		f := strings.SplitN(line, "|", 2)
		order = append(order, f[0])
		if w, ok := want[f[0]]; !ok || f[1] != w {
			t.Errorf("openpyxl reads sheet %q as %s, want %s", f[0], f[1], w)
		}
	}
	if strings.Join(order, ",") != "Summary,What changed,By ICS and trust,By place,By supplier,By theme, outcome, mission,Financial year,Top issues,Exceptions,Actions,Highlights,Priorities,Rejected rows,All exceptions,Data,Chart data,About" {
		t.Errorf("sheets = %q", order)
	}
	// openpyxl drops charts on reading; count them in the package itself.
	if charts := zipNames(t, pack, regexp.MustCompile(`^xl/charts/chart\d+\.xml$`)); len(charts) != 5 {
		t.Errorf("%d charts, want 5 (mission, ICS, trust, trend, and £ by mission: the demo loads illustrative proxy values)", len(charts))
	}

	profile := filepath.Join(t.TempDir(), "lo-profile")
	start = time.Now()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, pack)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	t.Logf("LibreOffice conversion in %v", time.Since(start))
	out, err := exec.Command(pdfinfo, filepath.Join(dir, "board-pack.pdf")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in\n%s", out)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	t.Logf("board pack prints on %d pages", pages)
	// Seventeen sheets, the Summary's five charts over several pages, the
	// Data, All exceptions and By supplier sheets (for the screen: 60
	// suppliers are more than a board paper prints) their first rows only:
	// a board paper, not a data dump (25 pages for thirteen sheets; 34 once
	// What changed, Financial year, Top issues and Actions were added; 32
	// with two bar charts a page: the Summary's charts on three pages, not
	// five).
	if pages < 16 || pages > 33 {
		t.Errorf("board pack prints on %d pages, want 16 to 33", pages)
	}
}
