package transform

import (
	"testing"
)

// Every model that reads the reference date must say so (or be one of the
// two whose use is handled by FreshenMarts), or a report run on another day
// than the last ingest would read stale marts.
func TestModels_ClockMarked(t *testing.T) {
	t.Parallel()
	ms, err := Models()
	if err != nil {
		t.Fatal(err)
	}
	handled := map[string]bool{
		settingsModel:         true, // defines today; its row is the fingerprint
		"int_reporting_month": true, // uses today only when there are no returns: all marts rebuilt then
	}
	var marked []string
	for _, m := range ms {
		body := commentRE.ReplaceAllString(m.SQL, "")
		uses := todayWordRE.MatchString(body)
		has := clockDependent(m, ms)
		if uses && !handled[m.Name] && !has {
			t.Errorf("%s reads today but its header lacks %q", m.Name, clockMarker)
		}
		if has && m.Layer == MartLayer {
			marked = append(marked, m.Name)
		}
	}
	for _, name := range []string{"missing_returns", "commitment_flags"} {
		found := false
		for _, m := range marked {
			found = found || m == name
		}
		if !found {
			t.Errorf("%s is not clock-dependent; marked: %v", name, marked)
		}
	}
	for _, m := range marked {
		switch m {
		case "commitment_status", "commitment_months", "commitment_details":
			t.Errorf("%s marked clock-dependent: every report on another day would rebuild it", m)
		}
	}
}
