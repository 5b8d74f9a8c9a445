// Command gen writes the Go-produced files of the signing corpus: fpdf
// output, pdfcpu output with object streams, and hand-built files for the
// structures no installed producer writes (a hybrid-reference file, a form
// with an indirect AcroForm and an indirect /Annots array).
// Run by ../build.sh; not part of the segell binary.
package main

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	pngEncoder "image/png"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: gen OUTDIR")
	}
	dir := os.Args[1]
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("fpdf.pdf", fpdfDoc(1))
	write("fpdf-20pages.pdf", fpdfDoc(20))
	write("hybrid.pdf", hybrid())
	write("handmade-form.pdf", handmadeForm())

	conf := model.NewDefaultConfiguration()
	conf.WriteObjectStream, conf.WriteXRefStream = true, true
	var out bytes.Buffer
	if err := api.Optimize(bytes.NewReader(fpdfDoc(3)), &out, conf); err != nil {
		log.Fatal(err)
	}
	write("pdfcpu-objstm.pdf", out.Bytes())
	write("scan-pdfcpu.pdf", scan())
}

// scan is an image-only page, like a scanner's output: a grey "paper" image
// with dark bars for lines of text, imported by pdfcpu.
func scan() []byte {
	img := image.NewGray(image.Rect(0, 0, 850, 1100))
	for y := 0; y < 1100; y++ {
		for x := 0; x < 850; x++ {
			v := uint8(245)
			if y%40 < 12 && y > 100 && y < 1000 && x > 80 && x < 770-((y/40)%5)*60 {
				v = 40
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	var png bytes.Buffer
	if err := pngEncoder.Encode(&png, img); err != nil {
		log.Fatal(err)
	}
	imp := api.DefaultImportConfig()
	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, []io.Reader{&png}, imp, nil); err != nil {
		log.Fatal(err)
	}
	return out.Bytes()
}

func fpdfDoc(pages int) []byte {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC))
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	for i := 1; i <= pages; i++ {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "B", 14)
		pdf.Cell(0, 10, tr(fmt.Sprintf("Acta de la sessió de la COPE — pàgina %d", i)))
		pdf.Ln(12)
		pdf.SetFont("Helvetica", "", 11)
		for k := 0; k < 12; k++ {
			pdf.MultiCell(0, 5, tr("La Comissió de Padró Extraordinari acorda assignar la comprovació a la Policia Local i als Serveis Bàsics d'Atenció Social."), "", "J", false)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

type rawWriter struct {
	buf  bytes.Buffer
	offs map[int]int
}

func (w *rawWriter) obj(n int, body string) {
	w.offs[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

const pageContent = "BT /F1 18 Tf 72 720 Td (Hybrid reference file) Tj ET"

// hybrid writes a PDF 1.5 hybrid-reference file: a classic table for old
// readers plus /XRefStm pointing to a cross-reference stream that locates the
// objects kept in an object stream (the page tree and the font).
func hybrid() []byte {
	w := &rawWriter{offs: map[int]int{}}
	w.buf.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	w.obj(1, "<</Type/Catalog/Pages 2 0 R>>")
	w.obj(4, fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(pageContent)+1, pageContent))
	// Object stream 5 holds objects 2 (pages), 3 (page) and 6 (font).
	objs := []string{"<</Type/Pages/Kids[3 0 R]/Count 1>>", "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 6 0 R>>>>>>", "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"}
	nums := []int{2, 3, 6}
	var header, body bytes.Buffer
	for i, o := range objs {
		fmt.Fprintf(&header, "%d %d ", nums[i], body.Len())
		body.WriteString(o + "\n")
	}
	data := deflate(append(header.Bytes(), body.Bytes()...))
	w.offs[5] = w.buf.Len()
	fmt.Fprintf(&w.buf, "5 0 obj\n<</Type/ObjStm/N 3/First %d/Filter/FlateDecode/Length %d>>\nstream\n", header.Len(), len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
	// The cross-reference stream (object 7) for the compressed objects.
	var xs bytes.Buffer
	for i := range nums {
		xs.Write([]byte{2, 0, 0, 5, 0, byte(i)})
	}
	xsData := deflate(xs.Bytes())
	xrefStm := w.buf.Len()
	fmt.Fprintf(&w.buf, "7 0 obj\n<</Type/XRef/Size 8/W[1 3 2]/Index[2 2 6 1]/Filter/FlateDecode/Length %d>>\nstream\n", len(xsData))
	w.buf.Write(xsData)
	w.buf.WriteString("\nendstream\nendobj\n")
	start := w.buf.Len()
	// Classic table: objects 2, 3 and 6 are left out; older readers do not
	// see them, newer ones find them through /XRefStm.
	fmt.Fprintf(&w.buf, "xref\n0 2\n0000000000 65535 f \n%010d 00000 n \n4 2\n%010d 00000 n \n%010d 00000 n \n7 1\n%010d 00000 n \n",
		w.offs[1], w.offs[4], w.offs[5], xrefStm)
	fmt.Fprintf(&w.buf, "trailer\n<</Size 8/Root 1 0 R/XRefStm %d>>\nstartxref\n%d\n%%%%EOF\n", xrefStm, start)
	return w.buf.Bytes()
}

// handmadeForm writes a PDF with an indirect AcroForm holding a filled text
// field, and a page whose /Annots is an indirect array.
func handmadeForm() []byte {
	w := &rawWriter{offs: map[int]int{}}
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	content := "BT /F1 14 Tf 72 740 Td (Sol.licitud d'empadronament) Tj 0 -30 Td /F1 11 Tf (Nom:) Tj ET"
	ap := "/Tx BMC BT /F1 11 Tf 2 5 Td (Maria Garcia) Tj ET EMC"
	w.obj(1, "<</Type/Catalog/Pages 2 0 R/AcroForm 8 0 R>>")
	w.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>")
	w.obj(3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots 6 0 R>>")
	w.obj(4, fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content))
	w.obj(5, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
	w.obj(6, "[7 0 R]")
	w.obj(7, "<</Type/Annot/Subtype/Widget/FT/Tx/T(nom)/V(Maria Garcia)/Rect[110 700 320 720]/F 4/P 3 0 R/DA(/Helv 11 Tf 0 g)/AP<</N 9 0 R>>>>")
	w.obj(8, "<</Fields[7 0 R]/DA(/Helv 0 Tf 0 g)/DR<</Font<</Helv 5 0 R>>>>>>")
	w.obj(9, fmt.Sprintf("<</Type/XObject/Subtype/Form/BBox[0 0 210 20]/Resources<</Font<</F1 5 0 R>>>>/Length %d>>\nstream\n%s\nendstream", len(ap), ap))
	start := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 10\n0000000000 65535 f \n")
	for n := 1; n <= 9; n++ {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", w.offs[n])
	}
	fmt.Fprintf(&w.buf, "trailer\n<</Size 10/Root 1 0 R/ID[<0123456789ABCDEF0123456789ABCDEF><0123456789ABCDEF0123456789ABCDEF>]>>\nstartxref\n%d\n%%%%EOF\n", start)
	return w.buf.Bytes()
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}
