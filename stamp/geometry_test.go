package stamp_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
)

// geometry is a one-page test PDF: media box, crop box and rotation.
type geometry struct {
	name   string
	media  [4]float64
	crop   *[4]float64
	rotate int
}

var geometries = []geometry{
	{"A4 portrait", [4]float64{0, 0, 595, 842}, nil, 0},
	{"A4 landscape", [4]float64{0, 0, 842, 595}, nil, 0},
	{"Letter", [4]float64{0, 0, 612, 792}, nil, 0},
	{"A3", [4]float64{0, 0, 842, 1191}, nil, 0},
	{"Rotate 90", [4]float64{0, 0, 595, 842}, nil, 90},
	{"Rotate 270", [4]float64{0, 0, 595, 842}, nil, 270},
	{"Rotate 180", [4]float64{0, 0, 595, 842}, nil, 180},
	{"CropBox not at 0,0", [4]float64{0, 0, 700, 950}, &[4]float64{50, 60, 645, 902}, 0},
	{"CropBox and Rotate 90", [4]float64{-100, -100, 700, 950}, &[4]float64{0, 0, 595, 842}, 90},
}

const originalText = "Text original de la pagina"

// geometryPDF writes a classic one-page PDF whose text sits inside the
// visible area, near its top-left corner (in user space).
func geometryPDF(g geometry) []byte {
	vis := g.media
	if g.crop != nil {
		vis = *g.crop
	}
	content := fmt.Sprintf("BT /F1 14 Tf %.0f %.0f Td (%s) Tj ET", vis[0]+40, vis[3]-60, originalText)
	page := fmt.Sprintf("<</Type/Page/Parent 2 0 R/MediaBox[%g %g %g %g]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Rotate %d",
		g.media[0], g.media[1], g.media[2], g.media[3], g.rotate)
	if g.crop != nil {
		page += fmt.Sprintf("/CropBox[%g %g %g %g]", g.crop[0], g.crop[1], g.crop[2], g.crop[3])
	}
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		page + ">>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
	}
	return testenv.BuildPDF(objs, "")
}

// bboxDoc is what pdftotext -bbox prints: pages with their words.
type bboxDoc struct {
	Pages []struct {
		Width  float64 `xml:"width,attr"`
		Height float64 `xml:"height,attr"`
		Words  []struct {
			XMin float64 `xml:"xMin,attr"`
			YMin float64 `xml:"yMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"word"`
	} `xml:"body>doc>page"`
}

func pdftotextBBox(t *testing.T, pdf []byte) bboxDoc {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "in.pdf")
	os.WriteFile(in, pdf, 0o644)
	out, err := exec.Command(tool, "-bbox", "-cropbox", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var doc bboxDoc
	// pdftotext writes XHTML with a DOCTYPE; the decoder needs no DTD.
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox output: %v", err)
	}
	return doc
}

// TestStampGeometries: on every page geometry the stamped words (CSV, page
// number, ENI id) are found by pdftotext inside the visible page, and the
// original text is still there, also inside it.
func TestStampGeometries(t *testing.T) {
	for _, g := range geometries {
		t.Run(g.name, func(t *testing.T) {
			h := header(t)
			for _, opts := range []stamp.Options{{}, {KeepLayout: true}} {
				out := stampBytes(t, geometryPDF(g), h, opts)
				qpdfCheck(t, out)
				doc := pdftotextBBox(t, out)
				if len(doc.Pages) != 1 {
					t.Fatalf("%d pages", len(doc.Pages))
				}
				p := doc.Pages[0]
				// pdftotext gives the crop box's unrotated size but word
				// positions as displayed: swap for quarter turns.
				if g.rotate == 90 || g.rotate == 270 {
					p.Width, p.Height = p.Height, p.Width
				}
				want := map[string]bool{h.CSV.String(): false, "Pàgina": false, h.ENI.String(): false, "pagina": false, "https://seu.lloret.cat/validacio": false}
				for _, w := range p.Words {
					if _, ok := want[w.Text]; !ok {
						continue
					}
					if w.XMin < -0.5 || w.YMin < -0.5 || w.XMax > p.Width+0.5 || w.YMax > p.Height+0.5 {
						t.Errorf("%q lies outside the visible %.0f×%.0f page: %+v", w.Text, p.Width, p.Height, w)
					}
					want[w.Text] = true
				}
				for w, found := range want {
					if !found {
						t.Errorf("KeepLayout=%v: pdftotext does not find %q", opts.KeepLayout, w)
					}
				}
			}
		})
	}
}

func qpdfCheck(t *testing.T, pdf []byte) { testenv.QPDFCheck(t, pdf) }
