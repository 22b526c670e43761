package excel

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-hubs/svhub/report/format"
	"github.com/nhs-hubs/svhub/report/spec"
)

// NHS identity colours (hex without '#', as excelize wants them).
const (
	nhsBlue      = "005EB8"
	nhsDarkBlue  = "003087"
	nhsLightBlue = "41B6E6"
	nhsMidGrey   = "768692"
	nhsDarkGrey  = "425563"
	nhsPaleGrey  = "E8EDEE"
	ragRed       = "DA291C"
	ragAmber     = "FFB81C"
	ragGreen     = "009639"
)

// fontFamily is the workbook font: Arial, the NHS identity's fallback for
// Frutiger, available in Excel and LibreOffice alike.
const fontFamily = "Arial"

// seriesPalette is the fallback colour for series without one in Block.Colors.
var seriesPalette = []string{nhsBlue, nhsLightBlue, nhsDarkBlue, nhsMidGrey}

// namedColours lets specs say "green" instead of a hex code.
var namedColours = map[string]string{
	"red": ragRed, "amber": ragAmber, "green": ragGreen,
	"grey": nhsMidGrey, "gray": nhsMidGrey, "blue": nhsBlue,
	"darkblue": nhsDarkBlue, "lightblue": nhsLightBlue,
}

// colour normalises "#005eb8", "005EB8" or a name to "005EB8"; "" if unknown.
func colour(s string) string {
	s = strings.TrimSpace(s)
	if c, ok := namedColours[strings.ToLower(strings.ReplaceAll(s, " ", ""))]; ok {
		return c
	}
	s = strings.TrimPrefix(s, "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return ""
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return ""
		}
	}
	return strings.ToUpper(s)
}

// numFmt is the Excel number format for a spec format, from the format
// table the HTML dashboard shares, so the two label a value alike.
func numFmt(f spec.Format) string { return format.Excel(f) }

const (
	fmtDate     = "d mmm yyyy"
	fmtDateTime = "d mmm yyyy hh:mm"
)

// ragStyle says how a RAG word is coloured: fill and font colour.
var ragStyle = map[string][2]string{
	"red":   {ragRed, "FFFFFF"},
	"amber": {ragAmber, "000000"},
	"green": {ragGreen, "FFFFFF"},
}

// styleKey describes one cell style; styles are created once and reused.
type styleKey struct {
	numFmt  string
	bold    bool
	size    float64
	colour  string // font colour
	fill    string
	wrap    bool
	vTop    bool
	hCentre bool
	hLeft   bool
	border  bool
	italic  bool
}

type styles struct {
	f     *excelize.File
	cache map[styleKey]int
	cond  map[string]int
}

func newStyles(f *excelize.File) *styles {
	return &styles{f: f, cache: map[styleKey]int{}, cond: map[string]int{}}
}

// conditional is the conditional format of a RAG word: its fill and a
// readable font colour (grey is pale, so its dark text keeps contrast).
func (s *styles) conditional(word string) (int, error) {
	if id, ok := s.cond[word]; ok {
		return id, nil
	}
	c, ok := ragStyle[lower(word)]
	if !ok {
		c = [2]string{nhsPaleGrey, nhsDarkGrey}
	}
	id, err := s.f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: c[1], Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}},
	})
	if err != nil {
		return 0, err
	}
	s.cond[word] = id
	return id, nil
}

func (s *styles) get(k styleKey) (int, error) {
	if id, ok := s.cache[k]; ok {
		return id, nil
	}
	id, err := s.f.NewStyle(k.style())
	if err != nil {
		return 0, err
	}
	s.cache[k] = id
	return id, nil
}

// style is the excelize style a key describes; parts the key leaves at
// their zero value are left out, so the cell keeps Excel's default.
func (k styleKey) style() *excelize.Style {
	st := &excelize.Style{Font: k.font(), Alignment: k.alignment()}
	if k.numFmt != "" {
		nf := k.numFmt
		st.CustomNumFmt = &nf
	}
	if k.fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{k.fill}}
	}
	if k.border {
		st.Border = []excelize.Border{{Type: "bottom", Color: nhsMidGrey, Style: 1}}
	}
	return st
}

// font is the key's font (Arial 11 unless it says otherwise), or nil.
func (k styleKey) font() *excelize.Font {
	if !k.bold && k.size == 0 && k.colour == "" && !k.italic {
		return nil
	}
	size := k.size
	if size == 0 {
		size = 11
	}
	return &excelize.Font{Family: fontFamily, Bold: k.bold, Size: size, Color: k.colour, Italic: k.italic}
}

// alignment is the key's alignment, or nil; centred wins over left.
func (k styleKey) alignment() *excelize.Alignment {
	if !k.wrap && !k.vTop && !k.hCentre && !k.hLeft {
		return nil
	}
	a := &excelize.Alignment{WrapText: k.wrap}
	switch {
	case k.hCentre:
		a.Horizontal = "center"
	case k.hLeft:
		a.Horizontal = "left"
	}
	if k.vTop {
		a.Vertical = "top"
	}
	return a
}

// header is the style of a header row: bold white on NHS Blue.
func (s *styles) header() (int, error) {
	return s.get(styleKey{bold: true, colour: "FFFFFF", fill: nhsBlue, wrap: true, vTop: true})
}
