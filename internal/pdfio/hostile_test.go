package pdfio_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/internal/testenv"
)

func deflate(b []byte) []byte {
	var out bytes.Buffer
	w, _ := zlib.NewWriterLevel(&out, zlib.BestCompression)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// readAll opens a file and reads every object and page, as the signer,
// stamp and verify would between them.
func readAll(data []byte) error {
	f, err := pdfio.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for n := 0; n < f.NextObjectNumber(); n++ {
		if _, err := f.Object(n); err != nil {
			return err
		}
	}
	if err := f.WalkPages(func(pdfio.Page) bool { return true }); err != nil {
		return err
	}
	return f.WalkFields(func(pdfio.Field) error { return nil })
}

const page = "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"

func TestHostileRefused(t *testing.T) {
	catalog := "<</Type/Catalog/Pages 2 0 R>>"
	pages := "<</Type/Pages/Kids[3 0 R]/Count 1>>"
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	sizeBomb := func(size string) []byte {
		return testenv.BuildPDF([]string{catalog, pages, page}, "/Size "+size)
	}
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"stream /Length refers to itself", testenv.BuildPDF([]string{catalog, pages, page, "<</Length 4 0 R>>stream\nabc\nendstream"}, ""), pdfio.ErrMalformed},
		{"two /Lengths refer to each other", testenv.BuildPDF([]string{catalog, pages, page, "<</Length 5 0 R>>stream\nabc\nendstream", "<</Length 4 0 R>>stream\nabc\nendstream"}, ""), pdfio.ErrMalformed},
		{"page listed twice", testenv.BuildPDF([]string{catalog, "<</Type/Pages/Kids[3 0 R 3 0 R]/Count 2>>", page}, ""), pdfio.ErrMalformed},
		{"page tree loop", testenv.BuildPDF([]string{catalog, "<</Type/Pages/Kids[2 0 R]/Count 1>>"}, ""), pdfio.ErrMalformed},
		{"nesting 5,000 deep", testenv.BuildPDF([]string{catalog, pages, page, deep}, ""), pdfio.ErrLimit},
		{"/Size 2^31", sizeBomb("2147483648"), pdfio.ErrLimit},
		{"/Size 2^62", sizeBomb("4611686018427387904"), pdfio.ErrLimit},
		{"/Size negative", sizeBomb("-5"), pdfio.ErrBrokenXref},
		{"field tree 200 deep", fieldTree(200), pdfio.ErrLimit},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := readAll(c.data)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

// fieldTree is a form whose one field has kids n levels deep.
func fieldTree(n int) []byte {
	objs := []string{"<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[4 0 R]>>>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>", page}
	for i := 0; i < n; i++ {
		objs = append(objs, fmt.Sprintf("<</T(f%d)/Kids[%d 0 R]>>", i, i+5))
	}
	objs = append(objs, "<</T(leaf)/FT/Tx>>")
	return testenv.BuildPDF(objs, "")
}

// TestXrefStreamBomb is a cross-reference stream that declares 262 million
// free entries in 255 KB: refused before anything is allocated for them.
func TestXrefStreamBomb(t *testing.T) {
	base := testenv.BuildPDF([]string{"<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>", page}, "")
	for _, size := range []int{262_000_000, 8_000_000} {
		data := deflate(make([]byte, size))
		var b bytes.Buffer
		b.Write(base[:bytes.Index(base, []byte("xref"))])
		x := b.Len()
		fmt.Fprintf(&b, "9 0 obj\n<</Type/XRef/Size %d/W[1 0 0]/Root 1 0 R/Filter/FlateDecode/Length %d>>stream\n", size, len(data))
		b.Write(data)
		fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", x)
		err := readAll(b.Bytes())
		if !errors.Is(err, pdfio.ErrLimit) {
			t.Errorf("/Size %d: got %v, want ErrLimit", size, err)
		}
	}
}

// TestObjectStreamBounds covers object streams whose header lies.
func TestObjectStreamBounds(t *testing.T) {
	objstm := func(header, body string, n, first int) []byte {
		data := header + body
		return testenv.BuildPDF([]string{"<</Type/Catalog/Pages 2 0 R/X 5 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>", page,
			fmt.Sprintf("<</Type/ObjStm/N %d/First %d/Length %d>>stream\n%s\nendstream", n, first, len(data), data)}, "")
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"offsets out of order", objstm("5 6 6 0 ", "(a)   (b)", 2, 8)},
		{"offset past the data", objstm("5 900 ", "(a)", 1, 6)},
		{"/First past the data", objstm("5 0 ", "(a)", 1, 500)},
		{"/N larger than the header", objstm("5 0 ", "(a)", 7, 4)},
		{"/Length inside the stream itself", bytes.Replace(objstm("5 0 ", "9   ", 1, 4), []byte("/Type/ObjStm/N 1/First 4/Length 8"), []byte("/N 1/First 4/Length 5 0 R         "), 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			// An update whose xref stream puts object 5 in object stream 4.
			data := c.data
			prev := bytes.LastIndex(data, []byte("startxref\n"))
			var startPrev int
			fmt.Sscanf(string(data[prev+len("startxref\n"):]), "%d", &startPrev)
			x := len(data)
			entries := []byte{2, 0, 4, 0, 1, 0, 0, 0}
			data = fmt.Appendf(data, "6 0 obj\n<</Type/XRef/Size 7/W[1 2 1]/Index[5 2]/Root 1 0 R/Prev %d/Length %d>>stream\n", startPrev, len(entries))
			entries[5], entries[6] = byte(x>>8), byte(x)
			data = append(data, entries...)
			data = fmt.Appendf(data, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", x)
			f, err := pdfio.Open(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Object(5); !errors.Is(err, pdfio.ErrMalformed) {
				t.Fatalf("got %v, want ErrMalformed", err)
			}
		})
	}
}

// TestTolerated are unusual but legitimate files that readers accept.
func TestTolerated(t *testing.T) {
	base := testenv.BuildPDF([]string{"<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>", page}, "")
	junk := append(append([]byte(nil), base...), bytes.Repeat([]byte("junk after the end of file\n"), 200)...)
	if err := readAll(junk); err != nil {
		t.Errorf("5 KB after %%%%EOF: %v", err)
	}
	chain := append([]byte(nil), base...)
	for i := 0; i < 5000; i++ {
		prev := bytes.LastIndex(chain, []byte("startxref\n"))
		var startPrev int
		fmt.Sscanf(string(chain[prev+len("startxref\n"):]), "%d", &startPrev)
		x := len(chain)
		chain = fmt.Appendf(chain, "xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 4/Root 1 0 R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n", startPrev, x)
	}
	f, err := pdfio.Open(bytes.NewReader(chain), int64(len(chain)))
	if err != nil {
		t.Fatalf("5,000 sections: %v", err)
	}
	if f.Revisions() != 5001 {
		t.Errorf("%d revisions, want 5001", f.Revisions())
	}
}
