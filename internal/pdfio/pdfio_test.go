package pdfio_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/internal/testenv"
)

// TestPagesAgreeWithPdfcpu opens every corpus file lazily and walks its
// pages; pdfcpu, reading the whole file, must count the same pages.
func TestPagesAgreeWithPdfcpu(t *testing.T) {
	for _, path := range testenv.CorpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := pdfio.Open(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			if err := f.WalkPages(func(p pdfio.Page) bool {
				n++
				if p.Number != n || p.CropBox[2] <= p.CropBox[0] || p.CropBox[3] <= p.CropBox[1] {
					t.Errorf("page %d: number %d, crop box %v", n, p.Number, p.CropBox)
				}
				return true
			}); err != nil {
				t.Fatal(err)
			}
			want, err := api.PageCount(bytes.NewReader(data), nil)
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Fatalf("walked %d pages, pdfcpu counts %d", n, want)
			}
		})
	}
}

// TestHybridWithFreeEntries reads a hybrid-reference file in the style of
// Microsoft Word, whose table lists the compressed objects as free: the
// /XRefStm entries must fill them.
func TestHybridWithFreeEntries(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	off1 := b.Len()
	b.WriteString("1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n")
	objs := "<</Type/Pages/Kids[3 0 R]/Count 1>>\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>\n"
	header := fmt.Sprintf("2 0 3 %d ", len("<</Type/Pages/Kids[3 0 R]/Count 1>>\n"))
	stm := header + objs
	off4 := b.Len()
	fmt.Fprintf(&b, "4 0 obj\n<</Type/ObjStm/N 2/First %d/Length %d>>\nstream\n%s\nendstream\nendobj\n", len(header), len(stm), stm)
	xs := []byte{2, 4, 0, 2, 4, 1}
	off5 := b.Len()
	fmt.Fprintf(&b, "5 0 obj\n<</Type/XRef/Size 6/W[1 1 1]/Index[2 2]/Length %d>>\nstream\n", len(xs))
	b.Write(xs)
	b.WriteString("\nendstream\nendobj\n")
	start := b.Len()
	fmt.Fprintf(&b, "xref\n0 6\n0000000000 65535 f \n%010d 00000 n \n0000000000 65535 f \n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n", off1, off4, off5)
	fmt.Fprintf(&b, "trailer\n<</Size 6/Root 1 0 R/XRefStm %d>>\nstartxref\n%d\n%%%%EOF\n", off5, start)
	data := b.Bytes()
	f, err := pdfio.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var boxes [][4]float64
	if err := f.WalkPages(func(p pdfio.Page) bool { boxes = append(boxes, p.MediaBox); return true }); err != nil {
		t.Fatal(err)
	}
	if len(boxes) != 1 || boxes[0] != [4]float64{0, 0, 100, 100} {
		t.Fatalf("pages %v, want one of 100×100", boxes)
	}
}
