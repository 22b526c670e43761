package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/nhs-hubs/svhub/internal/browsertest"
)

// Hostile names a supplier could type into a register or a return.
const (
	hostileScript = `<script>alert(1)</script>`
	hostileImg    = `"><img src=x onerror=alert(1)>`
	hostileValue  = `<img src=x onerror=alert(2)>`
)

// drawAll scrolls every chart into view (they draw lazily) and returns, per
// chart, how many SVG shapes it drew.
func drawAll(t *testing.T, p *browsertest.Page) map[string]int {
	t.Helper()
	p.Eval(t, `document.querySelectorAll('.chart[data-block]').forEach(function (el) { el.scrollIntoView(); }); true`, nil)
	var drawn map[string]int
	for i := 0; i < 50; i++ {
		p.Eval(t, `(function () { var o = {}; document.querySelectorAll('.chart[data-block]').forEach(function (el) {
			el.scrollIntoView(); o[el.getAttribute('data-block')] = el.querySelectorAll('svg path, svg rect, svg text').length; }); return o; })()`, &drawn)
		all := true
		for _, n := range drawn {
			all = all && n > 0
		}
		if all {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return drawn
}

func checkClean(t *testing.T, p *browsertest.Page) {
	t.Helper()
	if errs := p.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	if d := p.Dialogs(); len(d) > 0 {
		t.Errorf("the page opened dialogs: %q", d)
	}
}

func text(t *testing.T, p *browsertest.Page, js string) string {
	t.Helper()
	var s string
	p.Eval(t, js, &s)
	return s
}

// choose picks a drill-down view in the page's picker, as a person would.
func choose(t *testing.T, p *browsertest.Page, id string) {
	t.Helper()
	p.Run(t, chromedp.SetValue("#scope-picker", id, chromedp.ByQuery))
	p.Eval(t, `document.getElementById('scope-picker').dispatchEvent(new Event('change')); true`, nil)
	// The views are unpacked asynchronously: wait until the page shows the
	// chosen one.
	for i := 0; i < 50; i++ {
		var done bool
		p.Eval(t, `(function () { var s = document.getElementById('scope-picker'); var v = document.getElementById('viewing');
			return !!v && v.textContent === s.options[s.selectedIndex].textContent; })()`, &done)
		if done {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the page did not show view %s", id)
}

const kpiText = `Array.from(document.querySelectorAll('#block-kpis .kpi-value')).map(function (e) { return e.textContent; }).join('|')`

// trendText is the KPI tiles' trend lines as a reader meets them: each
// line's words and points.
const trendText = `Array.from(document.querySelectorAll('#block-kpis .kpi-trend')).map(function (e) { return e.getAttribute('aria-label') + ' ' + e.querySelector('polyline').getAttribute('points'); }).join('|')`

func TestDashboard_InBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	dir := demoCopy(t, smallDemo)
	page := filepath.Join(dir, "dashboard.html")
	p := browsertest.Open(t, browser, page)

	t.Run("every chart drawn", func(t *testing.T) {
		drawn := drawAll(t, p)
		if len(drawn) < 7 {
			t.Errorf("%d charts on the page, want the mission, theme, outcome, ICS, trust, category and trend charts: %v", len(drawn), drawn)
		}
		for id, n := range drawn {
			if n == 0 {
				t.Errorf("chart %s drew nothing", id)
			}
		}
	})

	t.Run("drill-down changes the numbers", func(t *testing.T) {
		before := text(t, p, kpiText)
		trends := text(t, p, trendText)
		if !strings.Contains(trends, "Trend ") {
			t.Errorf("the tiles carry no trend lines: %q", trends)
		}
		title := text(t, p, `document.querySelector('#block-kpis h2').textContent`)
		var ics string
		p.Eval(t, `document.querySelector('#scope-picker option[value^="ics:"]').value`, &ics)
		choose(t, p, ics)
		after := text(t, p, kpiText)
		if after == before {
			t.Errorf("choosing %s left the overview unchanged: %s", ics, after)
		}
		if got := text(t, p, trendText); got == trends {
			t.Errorf("choosing %s left the tiles' trend lines unchanged: %s", ics, got)
		}
		if got := text(t, p, `document.getElementById('viewing').textContent`); got == "Everything in this report" {
			t.Errorf("header still says %q after choosing %s", got, ics)
		}
		if got := text(t, p, `document.querySelector('#block-kpis h2').textContent`); got == title {
			t.Errorf("headline unchanged after choosing %s: %q", ics, got)
		}
		// The ICS chart of one ICS has one bar.
		var bars int
		p.Eval(t, `document.querySelectorAll('#block-by_ics tbody tr').length`, &bars)
		if bars != 1 {
			t.Errorf("the ICS data table shows %d rows for one ICS, want 1", bars)
		}
		drawAll(t, p)
		choose(t, p, "all")
		if got := text(t, p, kpiText); got != before {
			t.Errorf("back to everything: %s, want the page as opened: %s", got, before)
		}
		if got := text(t, p, trendText); got != trends {
			t.Errorf("back to everything: trend lines %s, want the page's own: %s", got, trends)
		}
		if got := text(t, p, `document.querySelector('#block-kpis h2').textContent`); got != title {
			t.Errorf("back to everything: headline %q, want %q", got, title)
		}
	})

	t.Run("show all rows of a cut-short list", func(t *testing.T) {
		var shown, total int
		p.Eval(t, `Array.from(document.querySelectorAll('#block-chase tbody tr')).filter(function (r) { return !r.hidden; }).length`, &shown)
		p.Eval(t, `document.querySelectorAll('#block-chase tbody tr').length`, &total)
		if total > 25 {
			if shown != 25 {
				t.Errorf("chase list shows %d of %d rows before 'show all', want 25", shown, total)
			}
			if got := text(t, p, `document.querySelector('#block-chase .more-text').textContent`); !strings.Contains(got, "of") {
				t.Errorf("no 'showing N of M': %q", got)
			}
			p.Run(t, chromedp.Click(`#block-chase .more button`, chromedp.ByQuery))
			p.Eval(t, `Array.from(document.querySelectorAll('#block-chase tbody tr')).filter(function (r) { return !r.hidden; }).length`, &shown)
			if shown != total {
				t.Errorf("after 'show all' %d of %d rows show", shown, total)
			}
		}
	})

	// An ICS's or trust's view carries only the rows a list shows (10
	// highlights), says how many there are, and offers no "show all" it
	// could not honour.
	t.Run("a drill-down view holds the rows it shows", func(t *testing.T) {
		var ids []string
		p.Eval(t, `Array.from(document.querySelectorAll('#scope-picker option[value^="ics:"], #scope-picker option[value^="trust:"]')).map(function (o) { return o.value; })`, &ids)
		found := false
		for _, id := range ids {
			choose(t, p, id)
			var total int
			p.Eval(t, `parseInt(document.querySelector('#block-highlights table.data').getAttribute('data-total'), 10) || 0`, &total)
			if total <= 10 {
				continue
			}
			found = true
			var rows int
			p.Eval(t, `document.querySelectorAll('#block-highlights tbody tr').length`, &rows)
			if rows != 10 {
				t.Errorf("view %s: %d highlight rows in the page, want the 10 shown (of %d)", id, rows, total)
			}
			want := fmt.Sprintf("Showing the first 10 of %d. This page holds the first 10 for each ICS, trust and supplier", total)
			if got := text(t, p, `document.querySelector('#block-highlights .more-text').textContent`); !strings.HasPrefix(got, want) {
				t.Errorf("view %s: %q, want it to start %q", id, got, want)
			}
			var hidden bool
			p.Eval(t, `document.querySelector('#block-highlights .more').hidden || document.querySelector('#block-highlights .more button').hidden`, &hidden)
			if !hidden {
				t.Errorf("view %s: a 'show all' button for rows the page does not hold", id)
			}
			break
		}
		if !found {
			t.Errorf("no ICS or trust view with more than 10 highlights in the demo (of %d views)", len(ids))
		}
		choose(t, p, "all")
	})

	t.Run("forum mode moves with the arrow keys", func(t *testing.T) {
		p.Run(t, chromedp.Click("#present-toggle", chromedp.ByQuery))
		first := text(t, p, `document.querySelector('section.block.current').id`)
		pos := text(t, p, `document.getElementById('present-pos').textContent`)
		if !strings.HasPrefix(pos, "1 of ") {
			t.Errorf("forum mode opens at %q, want the first screen", pos)
		}
		p.Run(t, chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight))
		if got := text(t, p, `document.getElementById('present-pos').textContent`); !strings.HasPrefix(got, "3 of ") {
			t.Errorf("after two right arrows at %q, want screen 3", got)
		}
		var visible int
		p.Eval(t, `Array.from(document.querySelectorAll('section.block')).filter(function (s) { return s.offsetParent !== null; }).length`, &visible)
		if visible != 1 {
			t.Errorf("%d sections visible in forum mode, want one per screen", visible)
		}
		p.Run(t, chromedp.KeyEvent(kb.ArrowLeft))
		if got := text(t, p, `document.querySelector('section.block.current').id`); got == first {
			t.Errorf("left arrow went back to the first screen too early")
		}
		var n int
		p.Eval(t, `(function () { var el = document.querySelector('section.block.current .chart'); return el ? el.querySelectorAll('svg path').length : -1; })()`, &n)
		if n == 0 {
			t.Error("the chart on the forum screen drew nothing")
		}
		if dir := os.Getenv("SVHUB_SCREENSHOTS"); dir != "" {
			p.Screenshot(t, filepath.Join(dir, "forum.png"))
		}
		p.Run(t, chromedp.KeyEvent(kb.Escape))
		var on bool
		p.Eval(t, `document.body.classList.contains('present')`, &on)
		if on {
			t.Error("Esc did not leave forum mode")
		}
	})
	checkClean(t, p)
}

// writeHostile writes the hand-worked scenario with hostile supplier names
// and contract references.
func writeHostile(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "scenario")
	dir := t.TempDir()
	names, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	ref := `"C2` + strings.ReplaceAll(hostileScript, `"`, `""`) + `"`
	for _, e := range names {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		s = strings.ReplaceAll(s, "Acme Catering Ltd", `"`+strings.ReplaceAll(hostileImg, `"`, `""`)+`"`)
		s = strings.ReplaceAll(s, "Build Co Ltd", `"`+strings.ReplaceAll(hostileScript, `"`, `""`)+`"`)
		s = strings.ReplaceAll(s, "\nC2,", "\n"+ref+",")
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A rejected row whose value is markup: the rejections section and the
	// supplier's page quote it.
	bad := "contract_ref,period,measure_code,value\n" + ref + ",2026-07,SVM25.4.2,\"" + strings.ReplaceAll(hostileValue, `"`, `""`) + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "zz-returns-bad.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDashboard_HostileNamesInBrowser(t *testing.T) {
	needECharts(t)
	browser := browsertest.Browser(t)
	in := writeHostile(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "h.duckdb")
	if code, _, errs := svhub(t, "--db", db, "ingest", in); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errs)
	}
	out := filepath.Join(dir, "dashboard.html")
	sup := filepath.Join(dir, "suppliers")
	if code, _, errs := svhub(t, "--db", db, "report", "html", "--out", out, "--per-supplier", sup); code != 0 {
		t.Fatalf("report exit %d: %s", code, errs)
	}
	p := browsertest.Open(t, browser, out)
	drawAll(t, p)
	body := text(t, p, `document.body.innerText`)
	for _, want := range []string{hostileScript, hostileImg, "C2" + hostileScript, hostileValue} {
		if !strings.Contains(body, want) {
			t.Errorf("page does not show %q literally", want)
		}
	}
	var imgs int
	p.Eval(t, `document.querySelectorAll('img').length`, &imgs)
	if imgs != 0 {
		t.Errorf("%d <img> elements: a name became markup", imgs)
	}
	// The drill-down views put the names into the page from JSON.
	var ids []string
	p.Eval(t, `Array.from(document.querySelectorAll('#scope-picker option')).map(function (o) { return o.value; })`, &ids)
	for _, id := range ids {
		choose(t, p, id)
		drawAll(t, p)
	}
	p.Eval(t, `document.querySelectorAll('img').length`, &imgs)
	if imgs != 0 {
		t.Errorf("%d <img> elements after drill-down", imgs)
	}
	if got := text(t, p, `document.getElementById('viewing').textContent`); !strings.Contains(got, "alert(1)") {
		t.Errorf("last view's name not shown literally: %q", got)
	}
	checkClean(t, p)

	pages, err := filepath.Glob(filepath.Join(sup, "*.html"))
	if err != nil || len(pages) != 2 {
		t.Fatalf("supplier pages %v (%v), want 2", pages, err)
	}
	quoting := 0 // supplier pages that quote the rejected value
	for _, f := range pages {
		if strings.ContainsAny(filepath.Base(f), `<>"`) {
			t.Errorf("unsafe file name %q", f)
		}
		sp := browsertest.Open(t, browser, f)
		spText := text(t, sp, `document.body.innerText`)
		if !strings.Contains(spText, "alert(1)") {
			t.Errorf("%s does not name its supplier literally", f)
		}
		if strings.Contains(spText, hostileValue) {
			quoting++
		}
		sp.Eval(t, `document.querySelectorAll('img').length`, &imgs)
		if imgs != 0 {
			t.Errorf("%s: %d <img> elements", f, imgs)
		}
		checkClean(t, sp)
	}
	// The rejected row is C2's: only its supplier's page quotes it.
	if quoting != 1 {
		t.Errorf("%d supplier pages show the rejected value, want 1 (C2's supplier)", quoting)
	}
}
