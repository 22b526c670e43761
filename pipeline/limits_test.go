package pipeline

import (
	"testing"

	"github.com/nhs-hubs/svhub/ingest/tabular"
	"github.com/nhs-hubs/svhub/internal/config"
)

func TestLimits_ConfigDefaultsAreTheReadersDefaults(t *testing.T) {
	c, err := config.Load("", func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := limits(c), tabular.DefaultLimits(); got != want {
		t.Errorf("config defaults %+v differ from tabular.DefaultLimits %+v", got, want)
	}
}
