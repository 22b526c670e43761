package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nhs-hubs/svhub/internal/browsertest"
)

// markBlocks puts a tiny text mark, positioned inside the element so it
// does not move the layout, at the top of every section, at the top of its
// content (chart, table or KPI tiles) and at the bottom of every chart. In
// the printed PDF, a section whose top and content marks are on different
// pages has its heading orphaned at the foot of a page; a chart whose top
// and bottom marks are on different pages is cut across two.
const markBlocks = `(function () {
  function mark(el, text, where) {
    if (getComputedStyle(el).position === 'static') { el.style.position = 'relative'; }
    var m = document.createElement('span');
    m.textContent = text;
    m.setAttribute('style', 'position:absolute;left:2px;' + where + ':0;font-size:5px;line-height:5px;color:#fff;');
    el.appendChild(m);
  }
  var n = 0;
  document.querySelectorAll('main section.block').forEach(function (s) {
    var id = s.getAttribute('data-id') || s.id;
    var body = s.querySelector('.chart, .table-wrap, .kpis');
    if (!body || s.offsetParent === null) { return; }
    mark(s, 'mk:sec:' + id + ':', 'top');
    mark(body, 'mk:body:' + id + ':', 'top');
    if (body.classList.contains('chart')) { mark(body, 'mk:end:' + id + ':', 'bottom'); }
    n++;
  });
  return n;
})()`

var markRE = regexp.MustCompile(`mk:(sec|body|end):([a-z_]+):`)

// pdfPages reads a PDF's page count and each page's text with poppler.
func pdfPages(t *testing.T, path string) []string {
	t.Helper()
	pdfinfo := needTool(t, "pdfinfo", "poppler-utils")
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	out, err := exec.Command(pdfinfo, path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	pages := make([]string, n)
	for i := range pages {
		txt, err := exec.Command(pdftotext, "-f", fmt.Sprint(i+1), "-l", fmt.Sprint(i+1), "-layout", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", i+1, err)
		}
		pages[i] = string(txt)
	}
	return pages
}

// The demo dashboard printed to A4 landscape: no blank page, no chart cut
// across two pages, no heading left at the foot of a page without its
// content, and a sane number of pages.
func TestDashboard_PrintsOnA4(t *testing.T) {
	needECharts(t)
	browser := browsertest.Browser(t)
	// The full demo region: 22 trusts and 24 places make the tallest charts.
	dir := demoCopy(t, fullDemo)
	p := browsertest.Open(t, browser, filepath.Join(dir, "dashboard.html"))
	drawAll(t, p)
	var marked int
	p.Eval(t, markBlocks, &marked)
	if marked < 15 {
		t.Fatalf("marked %d sections, want every section of the page", marked)
	}
	pdf := filepath.Join(dir, "dashboard.pdf")
	if err := os.WriteFile(pdf, p.PrintPDF(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := os.Getenv("SVHUB_SCREENSHOTS"); d != "" {
		os.WriteFile(filepath.Join(d, "dashboard.pdf"), mustRead(t, pdf), 0o644)
	}
	pages := pdfPages(t, pdf)
	t.Logf("%d pages", len(pages))
	// Overview, 7 cuts with their data, trend, 10 tables and the about
	// section: about 25 landscape pages; 40 would mean something spilled.
	if len(pages) < 5 || len(pages) > 40 {
		t.Errorf("%d pages, want between 5 and 40", len(pages))
	}
	type at struct{ sec, body, end int }
	where := map[string]*at{}
	for i, txt := range pages {
		visible := markRE.ReplaceAllString(txt, "")
		if strings.TrimSpace(visible) == "" {
			t.Errorf("page %d of %d is blank", i+1, len(pages))
		}
		for _, m := range markRE.FindAllStringSubmatch(txt, -1) {
			w := where[m[2]]
			if w == nil {
				w = &at{}
				where[m[2]] = w
			}
			switch m[1] {
			case "sec":
				w.sec = i + 1
			case "body":
				w.body = i + 1
			case "end":
				w.end = i + 1
			}
		}
	}
	if len(where) != marked {
		t.Errorf("found the marks of %d sections in the PDF, want %d", len(where), marked)
	}
	charts := 0
	for id, w := range where {
		if w.sec != w.body {
			t.Errorf("%s: heading on page %d, its content starts on page %d", id, w.sec, w.body)
		}
		if w.end != 0 {
			charts++
			if w.end != w.body {
				t.Errorf("chart %s cut across pages %d and %d", id, w.body, w.end)
			}
		}
	}
	if charts < 8 {
		t.Errorf("%d charts found in the PDF, want the 7 cuts and the trend", charts)
	}
	if !strings.Contains(pages[0], "Social value delivery") || !strings.Contains(pages[0], "Live contracts") {
		t.Errorf("page 1 lacks the title and the overview:\n%s", pages[0])
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
