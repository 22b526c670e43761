package validate

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// CellName writes the address Excel shows, as excelize does: A1, Z9,
// AA10, the last column XFD and the last row 1048576.
func TestCellName_MatchesExcel(t *testing.T) {
	for _, col := range []int{0, 1, 25, 26, 27, 51, 52, 701, 702, 703, 16383} {
		for _, row := range []int{1, 9, 10, 99, 100, 12345, 1048576} {
			want, err := excelize.CoordinatesToCellName(col+1, row)
			if err != nil {
				t.Fatal(err)
			}
			if got := CellName(col, row); got != want {
				t.Errorf("CellName(%d, %d) = %q, want %q", col, row, got, want)
			}
		}
	}
	if got := CellName(2, 0); got != "C0" {
		t.Errorf("CellName(2, 0) = %q, want C0", got)
	}
}
