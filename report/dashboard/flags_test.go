package dashboard

import (
	"os"
	"regexp"
	"testing"
)

// Every flag code the commitment_flags mart can write has plain words and
// a meaning, so no report shows a bare code such as no_followthrough.
func TestFlagNames_CoverEveryFlagTheMartWrites(t *testing.T) {
	b, err := os.ReadFile("../../sql/marts/commitment_flags.sql")
	if err != nil {
		t.Fatal(err)
	}
	// a flag code is written "'code' as flag", or starts a row of the
	// explanations ("select 'code', severity"); the mart's other literals
	// (rule names such as 'sv_weighting') are not flags
	codes := regexp.MustCompile(`'([a-z]+(?:_[a-z]+)+)'(?:\s+as\s+flag\b|,\s*\d)`).FindAllSubmatch(b, -1)
	if len(codes) < 10 {
		t.Fatalf("found %d flag codes in the mart, want the ten it writes", len(codes))
	}
	for _, m := range codes {
		code := string(m[1])
		if FlagNames[code] == "" || FlagMeanings[code] == "" {
			t.Errorf("flag %s has no plain words (FlagNames) or meaning (FlagMeanings)", code)
		}
	}
}
