package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

// maxSupplierPage is issue 24's bound on a supplier's feedback page: small
// enough to email.
const maxSupplierPage = 100 * 1024

// TestSupplierPages_SmallWithLabelledChart: at the demo every supplier's
// page is at most 100 KB (each inlined the 664 KB chart library before),
// carries no script but the page's own, and draws its delivery chart in
// HTML with one labelled bar, a value and a status for each commitment of
// its commitments table.
//
// make test (-short) checks the pages of the small demo, which it runs for
// other tests anyway; make test-all checks the whole demo region's, the
// largest suppliers (a full demo costs ~10 CPU-s).
func TestSupplierPages_SmallWithLabelledChart(t *testing.T) {
	t.Parallel()
	demo := fullDemo
	if testing.Short() {
		demo = smallDemo
	}
	dir := demoCopy(t, demo)
	db := filepath.Join(dir, "svhub.duckdb")
	pages := filepath.Join(dir, "pages")
	if code, _, errs := svhub(t, "--db", db, "-q", "report", "html", "--out", filepath.Join(dir, "all.html"), "--per-supplier", pages); code != 0 {
		t.Fatalf("report html --per-supplier: %s", errs)
	}
	files, err := filepath.Glob(filepath.Join(pages, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := countRows(t, db, "select count(distinct supplier_name) from contract_summary"); len(files) != want {
		t.Fatalf("%d supplier pages, want one for each of the %d suppliers", len(files), want)
	}
	bars := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		if len(b) > maxSupplierPage {
			t.Errorf("%s is %d bytes, more than %d", name, len(b), maxSupplierPage)
		}
		doc, err := xhtml.Parse(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := len(nodesWhere(doc, func(n *xhtml.Node) bool { return n.Type == xhtml.ElementNode && n.Data == "script" })); n != 1 {
			t.Errorf("%s has %d scripts, want only the page's own", name, n)
		}
		fig := nodesWhere(doc, func(n *xhtml.Node) bool { return n.Data == "figure" && attrOf(n, "id") == "chart-your_delivery" })
		if len(fig) != 1 {
			t.Errorf("%s: %d delivery charts, want 1", name, len(fig))
			continue
		}
		rows := nodesWhere(fig[0], classed("ichart-row"))
		commitments := nodesWhere(doc, func(n *xhtml.Node) bool { return n.Data == "section" && attrOf(n, "id") == "block-your_commitments" })
		if len(commitments) != 1 {
			t.Fatalf("%s: no commitments table", name)
		}
		if want := len(nodesWhere(commitments[0], func(n *xhtml.Node) bool { return n.Data == "tr" })) - 1; len(rows) != want {
			t.Errorf("%s: %d bars, want one per commitment (%d)", name, len(rows), want)
		}
		for _, r := range rows {
			label, value, detail := nodesWhere(r, classed("ichart-label")), nodesWhere(r, classed("ichart-value")), nodesWhere(r, classed("ichart-detail"))
			if len(label) != 1 || len(value) != 1 || len(detail) != 1 || strings.TrimSpace(textOf(label[0])) == "" || textOf(value[0]) == "" {
				t.Errorf("%s: a bar without its label, detail or value", name)
				continue
			}
			if v := textOf(value[0]); v != "–" && !strings.HasSuffix(v, "%") {
				t.Errorf("%s: bar value %q is not a percentage", name, v)
			}
			bars++
		}
	}
	if bars == 0 {
		t.Error("no supplier page has a bar")
	}
}

func nodesWhere(n *xhtml.Node, ok func(*xhtml.Node) bool) []*xhtml.Node {
	var out []*xhtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if ok(c) {
			out = append(out, c)
		}
		out = append(out, nodesWhere(c, ok)...)
	}
	return out
}

func attrOf(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func classed(c string) func(*xhtml.Node) bool {
	return func(n *xhtml.Node) bool {
		return n.Type == xhtml.ElementNode && strings.Contains(" "+attrOf(n, "class")+" ", " "+c+" ")
	}
}

func textOf(n *xhtml.Node) string {
	if n.Type == xhtml.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}
