package stamp_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
)

// minimal writes a one-page PDF whose page lists the annotations annots
// (object 5 is a link annotation) and whose page tree is kids.
func minimal(kids, annots string) []byte {
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[" + kids + "]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Annots[" + annots + "]>>",
		"<</Length 8>>stream\n0 0 m S\nendstream",
		"<</Type/Annot/Subtype/Link/Rect[100 100 200 120]/Border[0 0 0]>>",
	}
	return testenv.BuildPDF(objs, "")
}

// TestRepeatedAnnotationMovedOnce: an annotation a page lists 500 times is
// written once, not 500 times.
func TestRepeatedAnnotationMovedOnce(t *testing.T) {
	in := minimal("3 0 R", "5 0 R "+string(bytes.Repeat([]byte("5 0 R "), 499)))
	out := stampBytes(t, in, header(t), stamp.Options{})
	if n := bytes.Count(out[len(in):], []byte("\n5 0 obj")); n != 1 {
		t.Fatalf("the annotation is written %d times in the update, want 1", n)
	}
	testenv.QPDFCheck(t, out)
}

// TestPageListedTwiceRefused: "Pàgina 2 de 2" printed twice on one page
// would be a lie; the document is refused instead.
func TestPageListedTwiceRefused(t *testing.T) {
	s, err := stamp.New(stamp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	in := minimal("3 0 R 3 0 R", "5 0 R")
	var out bytes.Buffer
	_, err = s.Stamp(context.Background(), bytes.NewReader(in), &out, header(t), stamp.Options{})
	if !errors.Is(err, pdfio.ErrMalformed) || out.Len() != 0 {
		t.Fatalf("got %v and %d bytes, want ErrMalformed and nothing written", err, out.Len())
	}
}
