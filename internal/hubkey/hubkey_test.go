package hubkey

import (
	"testing"
	"time"
)

func TestKey_ParsesBack(t *testing.T) {
	aug := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		it  Item
		key string
	}{
		{Item{Type: Chase, ContractRef: "NEY-1", Period: aug}, "chase|NEY-1|2026-08"},
		{Item{Type: OffTrack, ContractRef: "NEY-1", MeasureCode: "SVM25.1.2"}, "offtrack|NEY-1|SVM25.1.2"},
		{Item{Type: Flag, ContractRef: "NEY-1", Flag: "no_followthrough"}, "flag|NEY-1|-|no_followthrough"},
		{Item{Type: Flag, ContractRef: "NEY-1", MeasureCode: "SVM25.1.2", Flag: "no_target"}, "flag|NEY-1|SVM25.1.2|no_target"},
		{Item{Type: Evidence, ContractRef: "NEY-1", Period: aug, MeasureCode: "SVM25.1.2"}, "evidence|NEY-1|2026-08|SVM25.1.2"},
	}
	for _, c := range cases {
		if got := c.it.Key(); got != c.key {
			t.Errorf("Key() = %q, want %q", got, c.key)
		}
		back, err := Parse(c.key)
		if err != nil || back != c.it {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.key, back, err, c.it)
		}
	}
	for _, bad := range []string{"", "chase", "chase|NEY-1", "chase|NEY-1|2026-13", "offtrack|NEY-1|", "refund|NEY-1|2026-08", "evidence|NEY-1|2026-08"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
