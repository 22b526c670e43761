package synth

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerate_National(t *testing.T) {
	r := mustGenerate(t, Options{Seed: 3, Contracts: 400, Months: 12, National: true, Commitments: 12})
	regions := map[string]bool{}
	icsOf := map[string]string{}
	for _, o := range r.Orgs {
		regions[o.RegionCode] = true
		icsOf[o.ICSCode] = o.RegionCode
	}
	if len(regions) != 7 || len(icsOf) != 42 {
		t.Fatalf("got %d regions and %d ICSs, want 7 and 42", len(regions), len(icsOf))
	}
	if n := len(r.Orgs); n < 200 || n > 220 {
		t.Errorf("got %d trusts, want about 210", n)
	}
	// 11 to 13 commitments a contract (the mean asked for ± 1), capped by
	// the measures a model has, so the mean lands close to 12.
	mean := float64(len(r.Commitments)) / float64(len(r.Contracts))
	if mean < 11.5 || mean > 12.5 {
		t.Errorf("mean commitments per contract %.2f, want about 12", mean)
	}
	for _, c := range r.Contracts {
		if !strings.HasPrefix(c.Ref, "ENG-") {
			t.Fatalf("contract ref %s: want the ENG- prefix", c.Ref)
		}
	}
	if len(r.BadReturns) == 0 {
		t.Error("no planted bad rows")
	}
	// Most contracts run through the whole window: at least 9 returns a
	// commitment on average over 12 months.
	if per := float64(len(r.Returns)) / float64(len(r.Commitments)); per < 9 {
		t.Errorf("%.1f returns per commitment, want at least 9", per)
	}
}

func TestWriteNational_ByteIdenticalAndNamed(t *testing.T) {
	r := mustGenerate(t, Options{Seed: 3, Contracts: 60, Months: 2, National: true, Commitments: 12})
	for _, format := range []string{"csv", "xlsx"} {
		a, b := t.TempDir(), t.TempDir()
		pa, err := WriteNational(context.Background(), a, r, format)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := WriteNational(context.Background(), b, r, format); err != nil {
			t.Fatal(err)
		}
		for _, p := range pa {
			x, _ := os.ReadFile(p)
			y, _ := os.ReadFile(filepath.Join(b, filepath.Base(p)))
			if !bytes.Equal(x, y) {
				t.Errorf("%s: %s differs between two writes", format, filepath.Base(p))
			}
		}
		want := map[string]string{"csv": "returns-2026-09-Y56.csv", "xlsx": "returns-2026-09-QMJ.xlsx"}[format]
		if _, err := os.Stat(filepath.Join(a, want)); err != nil {
			t.Errorf("%s: no %s: %v", format, want, err)
		}
	}
	if _, err := WriteNational(context.Background(), t.TempDir(), r, "ods"); err == nil {
		t.Error("format ods accepted")
	}
}
