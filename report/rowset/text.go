package rowset

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/nhs-hubs/svhub/internal/cellsafe"
	"github.com/nhs-hubs/svhub/report/spec"
)

// PlainText renders a value as machine-readable text: ISO dates, plain
// numbers, "" for no value. Sums of decimals carry binary noise
// (12.530000000000001), so fractions keep twelve significant digits, more
// than any return is precise to.
func PlainText(v any) string {
	switch x := Normalise(v).(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case float64:
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			return ""
		case math.Trunc(x) == x && math.Abs(x) < 1e15:
			return strconv.FormatFloat(x, 'f', 0, 64)
		}
		return strconv.FormatFloat(x, 'g', 12, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// WriteCSV writes a result as CSV for opening in Excel: text that looks
// like a formula is neutralised, real numbers stay numbers.
func WriteCSV(w io.Writer, r *spec.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.Columns); err != nil {
		return err
	}
	for _, row := range r.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = PlainText(v)
			if _, text := v.(string); text {
				rec[i] = cellsafe.Text(rec[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
