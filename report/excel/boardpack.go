package excel

import (
	"context"

	"github.com/nhs-hubs/svhub/report/dashboard"
	"github.com/nhs-hubs/svhub/report/spec"
)

// WriteBoardPack runs the board pack's queries (Pack) for params and writes
// the workbook to path: what `svhub report excel`, the demo and the monthly
// batch all write. generator names the program ("svhub v1.2").
func WriteBoardPack(ctx context.Context, q dashboard.Querier, params dashboard.Params, path, generator string) (*spec.Report, error) {
	s, layout := Pack()
	layout.Generator = generator
	r, err := dashboard.Build(ctx, q, s, params)
	if err != nil {
		return nil, err
	}
	return r, WriteLayout(ctx, path, r, layout)
}
