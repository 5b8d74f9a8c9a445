package templates

import (
	"embed"
	"fmt"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/*.json fonts/*.z
var fontFiles embed.FS

// fontFamily is the embedded typeface (see fonts/README.md).
const fontFamily = "SegellSans"

// addFonts registers the embedded TrueType fonts with a document.
func addFonts(pdf *fpdf.Fpdf) error {
	for _, st := range []struct{ style, file string }{{"", "Regular"}, {"B", "Bold"}, {"I", "Italic"}} {
		js, err := fontFiles.ReadFile("fonts/SegellSans-" + st.file + ".json")
		if err != nil {
			return fmt.Errorf("font %s: %w", st.file, err)
		}
		z, err := fontFiles.ReadFile("fonts/SegellSans-" + st.file + ".z")
		if err != nil {
			return fmt.Errorf("font %s: %w", st.file, err)
		}
		pdf.AddFontFromBytes(fontFamily, st.style, js, z)
	}
	return pdf.Error()
}
