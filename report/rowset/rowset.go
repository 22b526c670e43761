// Package rowset reads query results into spec.Results and writes them back
// out as plain text and CSV: the machine-readable side of a report, shared
// by the renderers and by `svhub query`.
package rowset

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"time"

	"github.com/nhs-hubs/svhub/report/spec"
)

// Read reads a query's whole result and closes rows, narrowing driver values
// to the types renderers know (int64, float64, string, bool, time.Time, nil).
func Read(rows *sql.Rows) (*spec.Result, error) {
	res := &spec.Result{}
	err := Each(rows, func(cols []string) { res.Columns = cols }, func(row []any) error {
		res.Rows = append(res.Rows, append([]any(nil), row...))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Each reads a query's rows one at a time and closes rows: head gets the
// column names first (nil: not wanted), then each gets every row,
// narrowed as Read does. The row slice is reused: each must copy what it
// keeps. It holds one row, however many the query returns.
func Each(rows *sql.Rows, head func(cols []string), each func(row []any) error) error {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if head != nil {
		head(cols)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for rows.Next() {
		for i := range vals {
			vals[i] = nil
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			vals[i] = Normalise(v)
		}
		if err := each(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Steady rounds x to 12 significant digits. DuckDB sums doubles on several
// threads, so the same sum can come back as 239861.6 on one run and
// 239861.599999999 on the next; no return is reported to 12 digits, so the
// rounding loses nothing and makes every report byte-identical on a rerun.
func Steady(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil {
		return x
	}
	return r
}

// Normalise narrows a driver or caller value to the types renderers know.
func Normalise(v any) any {
	if n, ok := plainInteger(v); ok {
		return n
	}
	switch x := v.(type) {
	case float32: // its shortest decimal, so 0.1 stays 0.1 rather than 0.100000001
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return Steady(f)
	case []byte:
		return string(x)
	case float64:
		return Steady(x)
	case time.Time, string, bool:
		return x
	case map[string]any, []any: // a JSON column (returns_clean.extra): its JSON text
		if b, err := json.Marshal(x); err == nil {
			return string(b)
		}
		return fmt.Sprint(x)
	case *big.Int: // HUGEINT
		return hugeint(x)
	case interface{ Float64() float64 }: // DECIMAL, e.g. 0.1 + 0.2 or round(x, 1)
		return Steady(x.Float64())
	case fmt.Stringer: // UUID, INTERVAL and other driver types: their text
		return x.String()
	}
	return v
}

// plainIntegers are Go's own integer types (not types named on them, such
// as time.Duration, which keep their text): all become int64.
var plainIntegers = map[reflect.Type]bool{}

func init() {
	for _, v := range []any{int(0), int8(0), int16(0), int32(0), int64(0), uint(0), uint8(0), uint16(0), uint32(0), uint64(0)} {
		plainIntegers[reflect.TypeOf(v)] = true
	}
}

// plainInteger is v as an int64 when v is a plain integer (a uint64 beyond
// the int64 range wraps, as the conversion always has).
func plainInteger(v any) (int64, bool) {
	if !plainIntegers[reflect.TypeOf(v)] {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	if rv.CanInt() {
		return rv.Int(), true
	}
	return int64(rv.Uint()), true
}

// hugeint is a HUGEINT as an int64 when it fits, else as a float64.
func hugeint(x *big.Int) any {
	if x == nil {
		return nil
	}
	if x.IsInt64() {
		return x.Int64()
	}
	f, _ := new(big.Float).SetInt(x).Float64()
	return f
}
