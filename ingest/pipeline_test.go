package ingest

import (
	"context"
	"errors"
	"testing"

	"github.com/nhs-hubs/svhub/ingest/tabular"
)

// pipeline hands rows over in order, across chunk boundaries; the
// consumer's error stops reading and wins over what the producer would
// have met later; a producer's error comes after every row before it was
// taken, as it would without the goroutine.
func TestPipeline_OrderAndErrors(t *testing.T) {
	produce := func(n int, failAt int, perr error) func(context.Context, func(prepared) error) error {
		return func(ctx context.Context, emit func(prepared) error) error {
			for i := 1; i <= n; i++ {
				if i == failAt {
					return perr
				}
				if err := emit(prepared{r: tabular.Row{Number: i}}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	errConsumer, errProducer := errors.New("consumer stops"), errors.New("producer fails")

	var got []int
	take := func(it prepared) error { got = append(got, it.r.Number); return nil }
	if err := pipeline(context.Background(), produce(1000, 0, nil), take); err != nil {
		t.Fatal(err)
	}
	for i, n := range got {
		if n != i+1 {
			t.Fatalf("item %d is row %d: out of order", i, n)
		}
	}
	if len(got) != 1000 {
		t.Fatalf("took %d rows, want 1000", len(got))
	}

	got = nil
	err := pipeline(context.Background(), produce(5000, 4000, errProducer), func(it prepared) error {
		if it.r.Number == 300 {
			return errConsumer
		}
		return take(it)
	})
	if !errors.Is(err, errConsumer) || len(got) != 299 {
		t.Fatalf("error %v after %d rows; want the consumer's, after 299", err, len(got))
	}

	got = nil
	err = pipeline(context.Background(), produce(5000, 11, errProducer), take)
	if !errors.Is(err, errProducer) || len(got) != 10 {
		t.Fatalf("error %v after %d rows; want the producer's, after 10", err, len(got))
	}
}
