package html

import (
	"embed"
	"errors"
)

// The ECharts build is not committed: `make build` runs `npm ci` against the
// pinned package-lock.json and copies node_modules/echarts/dist/echarts.common.min.js
// (bar, line, tooltip, legend and the SVG renderer: what the page draws, at
// two thirds of the full build's size) into assets/. The committed assets/.gitkeep keeps a clean clone compiling.
//
//go:embed all:assets
var assets embed.FS

// ErrNoECharts is returned by Render when the binary was built without the
// ECharts JavaScript.
var ErrNoECharts = errors.New("this svhub binary was built without the ECharts JavaScript; build it with `make build` (which fetches the pinned echarts npm package)")

// echartsJS is the inlined ECharts library; a variable so tests can simulate
// a binary built without it.
var echartsJS = loadECharts()

func loadECharts() string {
	b, err := assets.ReadFile("assets/echarts.common.min.js")
	if err != nil {
		return ""
	}
	return string(b)
}

// HasECharts reports whether the ECharts JavaScript was embedded at build
// time, i.e. whether Render can produce a dashboard.
func HasECharts() bool { return len(echartsJS) > 0 }
