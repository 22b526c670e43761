package html

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

// A supplier's feedback page has no Forum mode button; the dashboard keeps
// it.
func TestRender_NoForumButtonOnSupplierPages(t *testing.T) {
	needECharts(t)
	for _, noForum := range []bool{false, true} {
		var b bytes.Buffer
		if err := RenderWith(&b, sampleReport(), Options{NoForum: noForum}); err != nil {
			t.Fatal(err)
		}
		hidden := strings.Contains(b.String(), `id="present-toggle" hidden`)
		if hidden != noForum {
			t.Errorf("NoForum %v: button hidden %v", noForum, hidden)
		}
	}
}

// A KPI tile with a previous month shows its change since then (worked
// by hand: 1,234 now, 1,200 in March: +34 since Mar 2026); one without
// shows none.
func TestRender_KPIChangeSinceLastMonth(t *testing.T) {
	needECharts(t)
	r := sampleReport()
	for i := range r.Spec.Blocks {
		b := &r.Spec.Blocks[i]
		if b.Kind != spec.KPI {
			continue
		}
		res := r.Data[b.Query]
		for j := range b.Columns {
			if b.Columns[j].Format == spec.FormatInt {
				b.Columns[j].Previous = "prev_value"
				res.Columns = append(res.Columns, "prev_value")
				res.Rows[0] = append(res.Rows[0], int64(1200))
				break
			}
		}
	}
	r.AsOf = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	if err := Render(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<span class="kpi-value">1,234</span> <span class="kpi-change">&#43;34 since Mar 2026</span>`) {
		t.Errorf("no change since March beside 1,234")
	}
}
