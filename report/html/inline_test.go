package html

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/nhs-hubs/svhub/report/spec"
)

// inlineReport is a supplier's page: one horizontal ratio bar chart whose
// labels and details are hostile, with a status column.
func inlineReport() *spec.Report {
	return &spec.Report{
		Spec: &spec.Spec{Title: "Social value feedback", Blocks: []spec.Block{
			{ID: "your_delivery", Kind: spec.Bar, Horizontal: true, Query: "c", Title: "What you have delivered",
				X: "measure", Y: []spec.Column{{Name: "ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio}},
				Columns: []spec.Column{
					{Name: "measure", Label: "Commitment", Format: spec.FormatText},
					{Name: "contract", Label: "Contract", Format: spec.FormatText},
					{Name: "ratio", Label: "Delivered ÷ expected", Format: spec.FormatRatio},
					{Name: "rag", Label: "Status", Format: spec.FormatText, Labels: map[string]string{"red": "Red", "green": "Green", "no_return": "No return received"}},
				}},
		}},
		Data: map[string]*spec.Result{"c": {Columns: []string{"measure", "contract", "ratio", "rag"}, Rows: [][]any{
			{hostile, "C-1", 0.5, "red"},
			{"Apprentices", `</style><b onmouseover=x>`, 1.0, "green"},
			{"Hours & <training>", "C-3", 3.0, "green"},
			{"Waste", "C-4", nil, "no_return"},
		}}},
		Scope: hostile,
	}
}

// TestRenderWith_InlineCharts_BarsLabelledAndScaled: an inline page draws
// the chart as one list item per row — label, detail, bar and value as
// text — with the bars on a 0–200% scale (so 50% of expected is a quarter
// of the track, 100% half, 300% full) and the 100% line mid-track; it
// carries no chart library and no chart option.
func TestRenderWith_InlineCharts_BarsLabelledAndScaled(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderWith(&buf, inlineReport(), Options{NoForum: true, InlineCharts: true}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, `id="svhub-opt-`) || (echartsJS != "" && strings.Contains(page, echartsJS[:200])) {
		t.Error("an inline page carries an ECharts option or the library")
	}
	// The page's own styles, script and four rows: well under 50 KB.
	if len(page) > 50_000 {
		t.Errorf("inline page is %d bytes, want at most 50,000", len(page))
	}
	doc, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	fig := find(doc, func(n *xhtml.Node) bool { return n.Data == "figure" && attr(n, "id") == "chart-your_delivery" })
	if fig == nil {
		t.Fatal("no figure for the chart")
	}
	if got := attr(fig, "aria-labelledby"); got != "title-your_delivery" {
		t.Errorf("figure labelled by %q", got)
	}
	var labels, details, values, widths []string
	for _, li := range findAll(fig, hasClass("ichart-row")) {
		labels = append(labels, ownText(find(li, hasClass("ichart-label"))))
		details = append(details, text(find(li, hasClass("ichart-detail"))))
		values = append(values, text(find(li, hasClass("ichart-value"))))
		widths = append(widths, attr(find(li, hasClass("ichart-fill")), "style"))
	}
	// Text parsed back is the text given: escaped on the way in, so not
	// markup.
	if want := []string{hostile, "Apprentices", "Hours & <training>", "Waste"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	if want := []string{"C-1 · Red", `</style><b onmouseover=x> · Green`, "C-3 · Green", "C-4 · No return received"}; !reflect.DeepEqual(details, want) {
		t.Errorf("details %q, want %q", details, want)
	}
	if want := []string{"50%", "100%", "300%", "–"}; !reflect.DeepEqual(values, want) {
		t.Errorf("values %q, want %q", values, want)
	}
	// Red and green fills from the status; widths of 200%.
	if want := []string{"width: 25.0%; background: #DA291C", "width: 50.0%; background: #009639",
		"width: 100.0%; background: #009639", "width: 0.0%; background: #005EB8"}; !reflect.DeepEqual(widths, want) {
		t.Errorf("bar styles %q, want %q", widths, want)
	}
	marks := findAll(fig, hasClass("ichart-mark"))
	if len(marks) != 4 || attr(marks[0], "style") != "left: 50%" {
		t.Errorf("%d 100%% marks, the first at %q; want 4 at left: 50%%", len(marks), attr(marks[0], "style"))
	}
	if cap := text(find(fig, func(n *xhtml.Node) bool { return n.Data == "figcaption" })); !strings.Contains(cap, "100%") || !strings.Contains(cap, "200%") {
		t.Errorf("caption %q does not say where 100%% and the end of a bar are", cap)
	}
	// No element came from the data: the only <b>, <img> or handler would.
	if n := find(doc, func(n *xhtml.Node) bool {
		return n.Type == xhtml.ElementNode && (n.Data == "img" || n.Data == "b" || attr(n, "onerror") != "" || attr(n, "onmouseover") != "")
	}); n != nil {
		t.Errorf("supplier text became a <%s> element", n.Data)
	}
	if !strings.Contains(page, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the hostile name is not in the page escaped")
	}
	// The bars are the data: no second copy of every row behind "Show the
	// data".
	if strings.Contains(page, "Show the data") {
		t.Error("an inline chart has a data table too")
	}
}

// TestRenderWith_InlineCharts_LinesRefused: a line is not a list of bars;
// an inline page says so rather than drawing it wrongly.
func TestRenderWith_InlineCharts_LinesRefused(t *testing.T) {
	r := inlineReport()
	r.Spec.Blocks[0].Kind = spec.Line
	err := RenderWith(&bytes.Buffer{}, r, Options{InlineCharts: true})
	if err == nil || !strings.Contains(err.Error(), "draws bars") {
		t.Errorf("err = %v, want one saying inline charts draw bars", err)
	}
}

func attr(n *xhtml.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(c string) func(*xhtml.Node) bool {
	return func(n *xhtml.Node) bool {
		return n.Type == xhtml.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+c+" ")
	}
}

func findAll(n *xhtml.Node, ok func(*xhtml.Node) bool) []*xhtml.Node {
	var out []*xhtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if ok(c) {
			out = append(out, c)
		}
		out = append(out, findAll(c, ok)...)
	}
	return out
}

func find(n *xhtml.Node, ok func(*xhtml.Node) bool) *xhtml.Node {
	if n == nil {
		return nil
	}
	if all := findAll(n, ok); len(all) > 0 {
		return all[0]
	}
	return nil
}

// text is all the text under n.
func text(n *xhtml.Node) string {
	if n == nil {
		return ""
	}
	if n.Type == xhtml.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}

// ownText is n's own text, not its child elements'.
func ownText(n *xhtml.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
