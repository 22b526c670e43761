package html

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/internal/browsertest"
	"github.com/nhs-hubs/svhub/report/spec"
)

const hostile = `</script><img src=x onerror=alert(1)>`

const longName = "Northern Integrated Facilities Management and Estates Services Partnership Ltd"

// sampleReport is a small dashboard with one block of each kind and a
// supplier whose name tries to break out of the page.
func sampleReport() *spec.Report {
	month := func(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }
	return &spec.Report{
		Spec: &spec.Spec{
			Title:    "Social value commitments",
			Subtitle: "Suppliers' returns against their contract commitments",
			Blocks: []spec.Block{
				{ID: "headline", Kind: spec.KPI, Title: "Two in three commitments on track", Query: "headline",
					Columns: []spec.Column{
						{Name: "commitments", Label: "Commitments", Format: spec.FormatInt},
						{Name: "on_track", Label: "On track", Format: spec.FormatRatio},
						{Name: "value_gbp", Label: "Social value delivered", Format: spec.FormatGBP},
						{Name: "overall", Label: "Overall status", Format: spec.FormatText},
					},
					Colors: map[string]string{"on_track": "#009639"}},
				{ID: "rag-by-supplier", Kind: spec.Bar, Title: "Most suppliers are on track", Subtitle: "Commitments by RAG status and supplier, April 2026",
					Query: "rag", X: "supplier", Stack: true, Horizontal: true, YAxisName: "commitments",
					Y: []spec.Column{
						{Name: "red", Label: "Red", Format: spec.FormatInt},
						{Name: "amber", Label: "Amber", Format: spec.FormatInt},
						{Name: "green", Label: "Green", Format: spec.FormatInt},
						{Name: "grey", Label: "Grey (cannot be judged)", Format: spec.FormatInt},
					},
					Colors:  map[string]string{"red": "#DA291C", "amber": "#FFB81C", "green": "#009639", "grey": "#768692"},
					Columns: []spec.Column{{Name: "supplier", Label: "Supplier"}}},
				{ID: "trend", Kind: spec.Line, Title: "The share on track has risen since January", Subtitle: "Commitments on track, % of those that can be judged",
					Query: "trend", X: "month", YAxisName: "% on track",
					Y:      []spec.Column{{Name: "on_track", Label: "On track", Format: spec.FormatRatio}},
					Colors: map[string]string{"on_track": "#005EB8"}},
				{ID: "suppliers", Kind: spec.Table, Title: "Supplier returns", Query: "suppliers",
					Columns: []spec.Column{
						{Name: "supplier", Label: "Supplier", Format: spec.FormatText},
						{Name: "status", Label: "Status", Format: spec.FormatText},
						{Name: "value_gbp", Label: "Value", Format: spec.FormatGBP},
						{Name: "due", Label: "Next return due", Format: spec.FormatDate},
					}},
				{ID: "notes", Kind: spec.Text, Title: "About these figures", Text: "Returns received by 10 May 2026.\n\nSupplier names are shown as submitted, e.g. " + hostile},
			},
		},
		Data: map[string]*spec.Result{
			"headline": {Columns: []string{"commitments", "on_track", "value_gbp", "overall"},
				Rows: [][]any{{int64(1234), 0.6667, 2500000.0, "Amber"}}},
			"rag": {Columns: []string{"supplier", "red", "amber", "green", "grey"},
				Rows: [][]any{
					{"Acme Catering Ltd", int64(1), int64(2), int64(9), int64(0)},
					{hostile, int64(3), int64(1), int64(4), int64(2)},
					{longName, int64(0), int64(0), int64(12), nil},
				}},
			"trend": {Columns: []string{"month", "on_track"},
				Rows: [][]any{{month(1), 0.52}, {month(2), 0.58}, {month(3), nil}, {month(4), 0.6667}}},
			"suppliers": {Columns: []string{"supplier", "status", "value_gbp", "due"},
				Rows: [][]any{
					{"Acme Catering Ltd", "Green", 120000.0, time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC)},
					{hostile, "Red", 4500.5, nil},
					{longName, "Amber", int64(98000), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)},
				}},
		},
		AsOf:        month(4),
		Scope:       "North East and Yorkshire region",
		GeneratedAt: time.Date(2026, 5, 12, 9, 30, 0, 0, time.UTC),
		Source:      "svhub 0.1 · svhub.duckdb",
	}
}

// needECharts fails a test that needs the chart library when it is
// missing in CI, and skips it loudly elsewhere (browsertest.NeedAsset).
func needECharts(t *testing.T) {
	t.Helper()
	browsertest.NeedAsset(t, HasECharts(), "report/html: every test that renders a page",
		"assets/echarts.common.min.js is missing: run `make report/html/assets/echarts.common.min.js` (npm ci)")
}

func render(t *testing.T, r *spec.Report) string {
	t.Helper()
	needECharts(t)
	var buf bytes.Buffer
	if err := Render(&buf, r); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.String()
}

var optionScript = regexp.MustCompile(`(?s)<script type="application/json" id="svhub-opt-([^"]+)">(.*?)</script>`)

// extractOptions returns each chart's option JSON by block ID.
func extractOptions(t *testing.T, page string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range optionScript.FindAllStringSubmatch(page, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestRender_SelfContained(t *testing.T) {
	page := render(t, sampleReport())
	if m := regexp.MustCompile(`(?i)\b(src|href)\s*=\s*["']?\s*(https?:)?//`).FindString(page); m != "" {
		t.Errorf("page refers to the network: %q", m)
	}
	if m := regexp.MustCompile(`(?i)@import|@font-face|url\(\s*["']?https?:`).FindString(page); m != "" {
		t.Errorf("page loads CSS or fonts from elsewhere: %q", m)
	}
	if !strings.Contains(page, echartsJS) {
		t.Error("ECharts JavaScript is not inlined")
	}
	if !strings.Contains(page, "echarts.init(el, null, { renderer: \"svg\" })") {
		t.Error("charts are not initialised with the SVG renderer")
	}
	if !strings.Contains(page, "IntersectionObserver") || !strings.Contains(page, "beforeprint") {
		t.Error("lazy initialisation or print handling is missing")
	}
}

func TestRender_Content(t *testing.T) {
	r := sampleReport()
	page := render(t, r)
	for _, b := range r.Spec.Blocks {
		if !strings.Contains(page, ">"+b.Title+"</h2>") {
			t.Errorf("block %s: title %q missing", b.ID, b.Title)
		}
	}
	for _, want := range []string{
		"<h1>Social value commitments</h1>",
		"North East and Yorkshire region",
		"<dt>Reporting month</dt><dd>Apr 2026</dd>",
		"Generated 12 May 2026 09:30 UTC",
		"Source: svhub 0.1 · svhub.duckdb",
		`<span class="kpi-value">1,234</span>`,
		`<span class="kpi-value">67%</span>`,
		`<span class="kpi-value kpi-wide">£2,500,000</span>`,
		`<span class="pill rag-amber">Amber</span>`,
		`<span class="pill rag-red">Red</span>`,
		`<td class="num">£4,501</td>`,
		`<td>31 May 2026</td>`,
		`<th scope="row">Apr 2026</th><td class="num">67%</td>`,
		`<th scope="row">Mar 2026</th><td class="num">–</td>`,
		`role="img" aria-label="Most suppliers are on track. Commitments by RAG status and supplier, April 2026.`,
		`<summary>Show the data</summary>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page, "<details>"); n != 2 {
		t.Errorf("want a data table under each of 2 charts, got %d", n)
	}
	if strings.Contains(page, "Percentages on track are green") {
		t.Error("page adds text the spec did not give")
	}
}

func TestRender_EscapesHostileNames(t *testing.T) {
	page := render(t, sampleReport())
	if strings.Contains(page, hostile) {
		t.Fatal("hostile supplier name appears unescaped")
	}
	if strings.Contains(strings.ToLower(strings.Replace(page, echartsJS, "", 1)), "<img") {
		t.Error("an <img> element made it into the page (outside the ECharts library)")
	}
	// Only our own script elements may close: the ECharts one, the init one
	// and one JSON block per chart.
	opts := extractOptions(t, page)
	if got, want := strings.Count(strings.ToLower(page), "</script"), 2+len(opts); got != want {
		t.Errorf("</script occurs %d times, want %d", got, want)
	}
	for id, js := range opts {
		for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029"} {
			if strings.Contains(js, bad) {
				t.Errorf("chart %s: option JSON contains raw %q", id, bad)
			}
		}
	}
	if !strings.Contains(page, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("hostile name is not shown as escaped text")
	}
}

func TestRender_ChartOptions(t *testing.T) {
	page := render(t, sampleReport())
	opts := extractOptions(t, page)
	if len(opts) != 2 {
		t.Fatalf("want 2 chart options, got %d: %v", len(opts), keys(opts))
	}
	type series struct {
		Name  string
		Type  string
		Stack string
		Data  []struct {
			Value any `json:"value"`
		}
		ItemStyle struct{ Color string } `json:"itemStyle"`
	}
	type axis struct {
		Type    string
		Name    string
		Data    []string
		Min     *float64
		Inverse bool
	}
	type option struct {
		XAxis   []axis `json:"xAxis"`
		YAxis   []axis `json:"yAxis"`
		Series  []series
		Legend  struct{ Show bool }
		Tooltip struct {
			RenderMode string `json:"renderMode"`
		}
	}
	values := func(s series) []any {
		var out []any
		for _, d := range s.Data {
			out = append(out, d.Value)
		}
		return out
	}

	t.Run("stacked horizontal bar", func(t *testing.T) {
		var o option
		if err := json.Unmarshal([]byte(opts["rag-by-supplier"]), &o); err != nil {
			t.Fatalf("option JSON does not parse: %v", err)
		}
		if got, want := o.YAxis[0].Data, []string{"Acme Catering Ltd", hostile, longName}; !reflect.DeepEqual(got, want) {
			t.Errorf("categories = %q, want %q", got, want)
		}
		if o.YAxis[0].Type != "category" || !o.YAxis[0].Inverse || o.XAxis[0].Type != "value" {
			t.Errorf("want categories down the side, first at the top: x=%+v y=%+v", o.XAxis[0], o.YAxis[0])
		}
		if o.XAxis[0].Name != "commitments" || o.XAxis[0].Min == nil || *o.XAxis[0].Min != 0 {
			t.Errorf("value axis = %+v, want name commitments and a zero baseline", o.XAxis[0])
		}
		wantNames := []string{"Red", "Amber", "Green", "Grey (cannot be judged)"}
		wantColors := []string{"#DA291C", "#FFB81C", "#009639", "#768692"}
		wantValues := [][]any{{1.0, 3.0, 0.0}, {2.0, 1.0, 0.0}, {9.0, 4.0, 12.0}, {0.0, 2.0, "-"}}
		if len(o.Series) != 4 {
			t.Fatalf("want 4 series, got %d", len(o.Series))
		}
		for i, s := range o.Series {
			if s.Name != wantNames[i] || s.Type != "bar" || s.Stack != "total" || s.ItemStyle.Color != wantColors[i] {
				t.Errorf("series %d = %s/%s/%s/%s, want %s bar stacked %s", i, s.Name, s.Type, s.Stack, s.ItemStyle.Color, wantNames[i], wantColors[i])
			}
			if got := values(s); !reflect.DeepEqual(got, wantValues[i]) {
				t.Errorf("series %s values = %v, want %v", s.Name, got, wantValues[i])
			}
		}
		if !o.Legend.Show {
			t.Error("legend hidden")
		}
		if o.Tooltip.RenderMode != "richText" {
			t.Errorf("tooltip renderMode = %q, want richText (cannot render HTML)", o.Tooltip.RenderMode)
		}
	})

	t.Run("line trend", func(t *testing.T) {
		var o option
		if err := json.Unmarshal([]byte(opts["trend"]), &o); err != nil {
			t.Fatalf("option JSON does not parse: %v", err)
		}
		if got, want := o.XAxis[0].Data, []string{"Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"}; !reflect.DeepEqual(got, want) {
			t.Errorf("categories = %q, want %q", got, want)
		}
		if o.YAxis[0].Name != "% on track" || o.YAxis[0].Min == nil || *o.YAxis[0].Min != 0 {
			t.Errorf("value axis = %+v", o.YAxis[0])
		}
		if len(o.Series) != 1 || o.Series[0].Type != "line" || o.Series[0].Name != "On track" {
			t.Fatalf("series = %+v", o.Series)
		}
		if got, want := values(o.Series[0]), []any{52.0, 58.0, "-", 66.7}; !reflect.DeepEqual(got, want) {
			t.Errorf("values = %v, want %v (ratios plotted as %%)", got, want)
		}
	})
}

func TestRender_Deterministic(t *testing.T) {
	a := render(t, sampleReport())
	b := render(t, sampleReport())
	if a != b {
		t.Fatal("two renders of the same report differ")
	}
}

func TestRender_NoECharts(t *testing.T) {
	saved := echartsJS
	echartsJS = ""
	defer func() { echartsJS = saved }()
	if HasECharts() {
		t.Fatal("HasECharts() = true without the JS")
	}
	var buf bytes.Buffer
	if err := Render(&buf, sampleReport()); !errors.Is(err, ErrNoECharts) {
		t.Fatalf("Render error = %v, want ErrNoECharts", err)
	}
	if buf.Len() != 0 {
		t.Error("Render wrote a partial page")
	}
}

func TestRender_InvalidReport(t *testing.T) {
	r := sampleReport()
	r.Spec.Blocks[1].Y[0].Name = "reds"
	var buf bytes.Buffer
	err := Render(&buf, r)
	if err == nil || !strings.Contains(err.Error(), `no column "reds"`) {
		t.Fatalf("Render error = %v, want a missing-column error", err)
	}
	if buf.Len() != 0 {
		t.Error("Render wrote a partial page")
	}
}

func TestRender_DuplicateBlockIDs(t *testing.T) {
	r := sampleReport()
	r.Spec.Blocks[2].ID = r.Spec.Blocks[1].ID
	if err := Render(&bytes.Buffer{}, r); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Fatalf("Render error = %v, want duplicate ID error", err)
	}
}

func TestContrast_NHSColours(t *testing.T) {
	tests := []struct {
		name   string
		fg, bg string
		min    float64
	}{
		{"header text", "#FFFFFF", "#005EB8", 4.5},
		{"body text on pale grey", "#212B32", "#E8EDEE", 4.5},
		{"secondary text on pale grey", "#4C6272", "#E8EDEE", 4.5},
		{"secondary text on white", "#4C6272", "#FFFFFF", 4.5},
		{"red pill", "#FFFFFF", "#DA291C", 4.5},
		{"amber pill", "#212B32", "#FFB81C", 4.5},
		{"green pill", "#000000", "#009639", 4.5},
		{"grey pill", "#000000", "#768692", 4.5},
		{"link/summary", "#005EB8", "#FFFFFF", 4.5},
		{"amber mark outline", "#425563", "#FFFFFF", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c := contrast(tt.fg, tt.bg); c < tt.min {
				t.Errorf("contrast %s on %s = %.2f, want ≥ %.1f", tt.fg, tt.bg, c, tt.min)
			}
		})
	}
}

// TestRender_EChartsAcceptsOptions renders every chart option with the pinned
// echarts package in node (server-side SVG), when node and node_modules are
// available.
func TestRender_EChartsAcceptsOptions(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is missing: .ci/run installs npm")
		}
		t.Skip("node not installed")
	}
	root, _ := filepath.Abs("../..")
	if _, err := os.Stat(filepath.Join(root, "node_modules", "echarts", "package.json")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("echarts npm package not installed: `make test` runs npm ci")
		}
		t.Skip("echarts npm package not installed (run npm ci)")
	}
	page := render(t, sampleReport())
	dir := t.TempDir()
	opts := extractOptions(t, page)
	for id, js := range opts {
		if err := os.WriteFile(filepath.Join(dir, id+".json"), []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := `
const fs = require('fs'), path = require('path');
// The build the binary embeds (Makefile), not the package's full one.
const echarts = require(path.join(process.argv[1], 'node_modules', 'echarts', 'dist', 'echarts.common.js'));
for (const f of fs.readdirSync(process.argv[2]).sort()) {
  const opt = JSON.parse(fs.readFileSync(path.join(process.argv[2], f), 'utf8'));
  const chart = echarts.init(null, null, {renderer: 'svg', ssr: true, width: 800, height: 400});
  chart.setOption(opt);
  const svg = chart.renderToSVGString();
  chart.dispose();
  if (!svg.startsWith('<svg')) throw new Error(f + ': no SVG');
  if (/<img|<\/script/i.test(svg)) throw new Error(f + ': markup from data reached the SVG');
  console.log(f, svg.length, (svg.match(/<path/g) || []).length + ' paths');
}
`
	cmd := exec.Command(node, "-e", script, root, dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("echarts rejected an option: %v\n%s", err, out)
	}
	t.Logf("echarts SSR:\n%s", out)
	if got := strings.Count(string(out), ".json"); got != len(opts) {
		t.Errorf("rendered %d charts, want %d", got, len(opts))
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestRender_WriteSample writes the sample dashboard to $SVHUB_SAMPLE_HTML
// for a look in a browser: SVHUB_SAMPLE_HTML=/tmp/x.html go test -run WriteSample ./report/html/
func TestRender_WriteSample(t *testing.T) {
	path := os.Getenv("SVHUB_SAMPLE_HTML")
	if path == "" {
		t.Skip("set SVHUB_SAMPLE_HTML to write the sample page")
	}
	if err := os.WriteFile(path, []byte(render(t, sampleReport())), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A long table carries only its first maxTableRows rows into the page (and
// into the whole report's view), says how many there are in all; a
// drill-down view carries only the rows it shows (the block's Limit); and

// viewsReader unpacks the page's drill-down views (gzip in base64, in a
// script element) for a test to decode.
func viewsReader(t *testing.T, page string) *gzip.Reader {
	t.Helper()
	m := regexp.MustCompile(`<script type="application/json" id="svhub-views" data-encoding="gzip\+base64">"([A-Za-z0-9+/=]+)"</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no gzip+base64 views in the page")
	}
	raw, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// the views are gzip+base64 JSON that unpacks to every view.
func TestRender_LongTablesCappedAndViewsCompressed(t *testing.T) {
	r := sampleReport()
	r.Spec.Blocks[3].Limit = 10
	long := &spec.Result{Columns: []string{"supplier", "status", "value_gbp", "due"}}
	for i := 0; i < 250; i++ {
		long.Rows = append(long.Rows, []any{fmt.Sprintf("Supplier %03d", i), "Red", float64(i), nil})
	}
	r.Data["suppliers"] = long
	// Three views: everything, one supplier's 3 rows, one trust's 40.
	one := &spec.Result{Columns: long.Columns, Rows: long.Rows[:3]}
	forty := &spec.Result{Columns: long.Columns, Rows: long.Rows[:40]}
	r.Scopes = []spec.Scope{
		{ID: "all", Kind: "all", Label: "Everything", Data: r.Data, Titles: map[string]string{}},
		{ID: "supplier:X", Kind: "supplier", Label: "X", Data: map[string]*spec.Result{"headline": r.Data["headline"], "rag": r.Data["rag"], "trend": r.Data["trend"], "suppliers": one}, Titles: map[string]string{}},
		{ID: "trust:T", Kind: "trust", Label: "T", Data: map[string]*spec.Result{"headline": r.Data["headline"], "rag": r.Data["rag"], "trend": r.Data["trend"], "suppliers": forty}, Titles: map[string]string{}},
	}
	page := render(t, r)
	table := regexp.MustCompile(`(?s)<table class="data" data-limit="10" data-total="(\d+)">.*?</table>`).FindStringSubmatch(page)
	if table == nil {
		t.Fatal("no limited table with data-total in the page")
	}
	// 250 rows in the result, 100 (maxTableRows) in the page: rows 000 to 099.
	if table[1] != "250" || strings.Count(table[0], "<tr") != 1+100 || !strings.Contains(table[0], "Supplier 099") || strings.Contains(table[0], "Supplier 100") {
		t.Errorf("data-total %s, %d rows in the page; want 250 and 100 (+ header)", table[1], strings.Count(table[0], "<tr")-1)
	}
	if !strings.Contains(page, "Showing 10 of 250.") || !strings.Contains(page, "Show the first 100</button>") {
		t.Error("the table does not say it shows 10 of 250, and can show the first 100")
	}
	zr := viewsReader(t, page)
	type blockData struct {
		Rows  []json.RawMessage `json:"r"`
		Total int               `json:"n"`
	}
	// Stored block by block: {"v": [views], "b": {block: [its data in each view]}}.
	var stored struct {
		Views []struct {
			ID string `json:"id"`
		} `json:"v"`
		Blocks map[string][]blockData `json:"b"`
	}
	if err := json.NewDecoder(zr).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	type view struct {
		ID     string
		Blocks map[string]blockData
	}
	var views []view
	for i, v := range stored.Views {
		vw := view{ID: v.ID, Blocks: map[string]blockData{}}
		for id, data := range stored.Blocks {
			if len(data) != len(stored.Views) {
				t.Fatalf("block %s has data for %d views, want %d", id, len(data), len(stored.Views))
			}
			vw.Blocks[id] = data[i]
		}
		views = append(views, vw)
	}
	if len(views) != 3 || views[0].ID != "all" || views[1].ID != "supplier:X" || views[2].ID != "trust:T" {
		t.Fatalf("views %+v", views)
	}
	if b := views[0].Blocks["suppliers"]; len(b.Rows) != 100 || b.Total != 250 {
		t.Errorf("whole view: %d rows carried, total %d; want 100 and 250", len(b.Rows), b.Total)
	}
	if b := views[1].Blocks["suppliers"]; len(b.Rows) != 3 || b.Total != 3 {
		t.Errorf("supplier view: %d rows, total %d; want 3 and 3", len(b.Rows), b.Total)
	}
	// 40 rows, Limit 10: the trust's view carries rows 000 to 009 and says 40.
	if b := views[2].Blocks["suppliers"]; len(b.Rows) != 10 || b.Total != 40 || !strings.Contains(string(b.Rows[9]), "Supplier 009") {
		t.Errorf("trust view: %d rows, total %d; want 10 (000 to 009) and 40", len(b.Rows), b.Total)
	}
}

// A KPI figure too long for the tile's large type (£2,500,000) takes the
// middle size, so it stays inside its tile; short ones keep the large type.
func TestRender_LongKPIFiguresFitTheirTile(t *testing.T) {
	page := render(t, sampleReport())
	if !strings.Contains(page, `<span class="kpi-value kpi-wide">£2,500,000</span>`) {
		t.Error("£2,500,000 is not in the middle size")
	}
	if !strings.Contains(page, `<span class="kpi-value">1,234</span>`) {
		t.Error("1,234 is not in the large size")
	}
}

// A list capped in SQL (spec.Result.Total: the rows before the cap) says
// its true total, in the page and in every view, though the page holds
// only the rows kept: 100 of 250 for the whole report, 10 of 40 for a
// trust. Were the total counted from the rows held, it would say 100 and 10.
func TestRender_TotalsOfListsCappedInSQL(t *testing.T) {
	r := sampleReport()
	r.Spec.Blocks[3].Limit = 10
	kept := &spec.Result{Columns: []string{"supplier", "status", "value_gbp", "due"}, Total: 250}
	for i := 0; i < 100; i++ {
		kept.Rows = append(kept.Rows, []any{fmt.Sprintf("Supplier %03d", i), "Red", float64(i), nil})
	}
	r.Data["suppliers"] = kept
	trust := &spec.Result{Columns: kept.Columns, Rows: kept.Rows[:10], Total: 40}
	r.Scopes = []spec.Scope{
		{ID: "all", Kind: "all", Label: "Everything", Data: r.Data, Titles: map[string]string{}},
		{ID: "trust:T", Kind: "trust", Label: "T", Data: map[string]*spec.Result{"headline": r.Data["headline"], "rag": r.Data["rag"], "trend": r.Data["trend"], "suppliers": trust}, Titles: map[string]string{}},
	}
	page := render(t, r)
	table := regexp.MustCompile(`(?s)<table class="data" data-limit="10" data-total="(\d+)">.*?</table>`).FindStringSubmatch(page)
	if table == nil || table[1] != "250" || strings.Count(table[0], "<tr") != 1+100 {
		t.Fatalf("want data-total 250 and 100 rows; got %v", table != nil)
	}
	if !strings.Contains(page, "Showing 10 of 250.") || !strings.Contains(page, "Show the first 100</button>") {
		t.Error("the table does not say it shows 10 of 250, and can show the first 100")
	}
	zr := viewsReader(t, page)
	var stored struct {
		Blocks map[string][]struct {
			Rows  []json.RawMessage `json:"r"`
			Total int               `json:"n"`
		} `json:"b"`
	}
	if err := json.NewDecoder(zr).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	b := stored.Blocks["suppliers"]
	if len(b) != 2 || len(b[0].Rows) != 100 || b[0].Total != 250 || len(b[1].Rows) != 10 || b[1].Total != 40 {
		t.Errorf("views: %d; whole %d rows of %d, trust %d of %d; want 100 of 250 and 10 of 40", len(b), len(b[0].Rows), b[0].Total, len(b[1].Rows), b[1].Total)
	}
}

// The stamp is in UTC whatever the machine's zone, and never the zone's
// local name (Windows calls London "GMT Standard Time"): 10:30 in British
// Summer Time is 09:30 UTC.
func TestRender_GeneratedInUTC(t *testing.T) {
	r := sampleReport()
	r.GeneratedAt = time.Date(2026, 5, 12, 10, 30, 0, 0, time.FixedZone("GMT Standard Time", 3600))
	page := render(t, r)
	if !strings.Contains(page, "Generated 12 May 2026 09:30 UTC") || strings.Contains(page, "Standard Time") {
		i := strings.Index(page, "Generated ")
		t.Errorf("stamp: %q; want Generated 12 May 2026 09:30 UTC", page[i:i+40])
	}
}
