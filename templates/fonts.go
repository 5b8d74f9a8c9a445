package templates

import (
	"embed"
	"fmt"
	"sync"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/*.ttf
var fontFiles embed.FS

// fontFamily is the embedded typeface (see fonts/README.md).
const fontFamily = "SegellSans"

// typeface is the embedded typeface, read once per process and shared,
// read-only, by every document: go-pdf/fpdf neither changes the bytes nor
// keeps them beyond the document, and each document embeds a subset of
// only the characters it prints.
type typeface struct {
	ttf    map[string][]byte // by fpdf style: "", "B", "I"
	glyphs *glyphSet         // what every style can print
}

// loadTypeface reads the typeface the first time a document needs it.
var loadTypeface = sync.OnceValues(readTypeface)

func readTypeface() (*typeface, error) {
	t := &typeface{ttf: map[string][]byte{}}
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
	}
	return t, nil
}

// use registers a style with a document the first time the document sets
// it, so that fpdf parses and embeds only the styles a document prints in.
func (t *typeface) use(pdf *fpdf.Fpdf, used map[string]bool, style string) {
	if !used[style] {
		used[style] = true
		pdf.AddUTF8FontFromBytes(fontFamily, style, t.ttf[style])
	}
}
