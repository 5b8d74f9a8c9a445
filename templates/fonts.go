package templates

import (
	"embed"
	"fmt"
	"sync"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/*.ttf fonts/*.json fonts/*.z
var fontFiles embed.FS

// fontFamily is the embedded typeface (see fonts/README.md).
const fontFamily = "SegellSans"

// typeface is the embedded typeface, read once per process and shared,
// read-only, by every document: go-pdf/fpdf neither changes the bytes nor
// keeps them beyond the document, and each document embeds a subset of
// only the characters it prints.
//
// A document whose text is all in Windows-1252 (Catalan, Spanish and most
// names) takes a fast path: fpdf's single-byte TrueType fonts, prepared
// ahead (the .json metrics and .z font files, a Windows-1252 subset of the
// same typeface), cost about 1 ms a document, where fpdf's UTF-8 fonts
// cost about 6 ms whatever their size. Any other text takes the UTF-8 path.
type typeface struct {
	ttf    map[string][]byte    // by fpdf style: "", "B", "I"
	narrow map[string][2][]byte // the Windows-1252 metrics and font, by style
	glyphs *glyphSet            // what every style can print
}

// loadTypeface reads the typeface the first time a document needs it.
var loadTypeface = sync.OnceValues(readTypeface)

func readTypeface() (*typeface, error) {
	t := &typeface{ttf: map[string][]byte{}, narrow: map[string][2][]byte{}}
	for style, name := range map[string]string{"": "Regular", "B": "Bold", "I": "Italic"} {
		b, err := fontFiles.ReadFile("fonts/SegellSans-" + name + ".ttf")
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		g, err := cmapGlyphs(b)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		if t.glyphs == nil {
			t.glyphs = g
		} else {
			for i := range t.glyphs {
				t.glyphs[i] &= g[i]
			}
		}
		t.ttf[style] = b
		js, err := fontFiles.ReadFile("fonts/SegellSans-" + name + ".json")
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		z, err := fontFiles.ReadFile("fonts/SegellSans-" + name + ".z")
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		t.narrow[style] = [2][]byte{js, z}
	}
	return t, nil
}

// use registers a style with a document the first time the document sets
// it, so that fpdf parses and embeds only the styles a document prints in:
// as UTF-8 fonts when wide, as Windows-1252 ones otherwise.
func (t *typeface) use(pdf *fpdf.Fpdf, used map[string]bool, style string, wide bool) {
	if used[style] {
		return
	}
	used[style] = true
	if wide {
		pdf.AddUTF8FontFromBytes(fontFamily, style, t.ttf[style])
		return
	}
	pdf.AddFontFromBytes(fontFamily, style, t.narrow[style][0], t.narrow[style][1])
}
