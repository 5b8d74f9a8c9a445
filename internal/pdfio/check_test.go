package pdfio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/internal/testenv"
)

// TestCheckRefuses lists damage that signing would carry into its output
// and that qpdf --check reports: Check must refuse each, naming the object.
func TestCheckRefuses(t *testing.T) {
	catalog, pages := "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>"
	withPage := func(extra ...string) []string {
		return append([]string{catalog, pages, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>"}, extra...)
	}
	content := func(dict, data string) string {
		return fmt.Sprintf("<<%s/Length %d>>stream\n%s\nendstream", dict, len(data), data)
	}
	flate := deflate([]byte("BT /F1 12 Tf (hola) Tj ET"))
	good := testenv.BuildPDF(withPage(content("/Filter/FlateDecode/DecodeParms<</Predictor 1>>", string(flate)), "<</A 1.5/B[1 0 R (x)<0A>]/C<</D null>>>>"), "")
	if f, err := pdfio.Open(bytes.NewReader(good), int64(len(good))); err != nil {
		t.Fatal(err)
	} else if err := f.Check(context.Background()); err != nil {
		t.Fatalf("a sound file: %v", err)
	}
	for _, c := range []struct {
		name string
		objs []string
		want string
	}{
		{"a word where a value goes", withPage(content("", "q Q"), "<</A 1.2.3>>"), "object 5"},
		{"an integer beyond 64 bits", withPage(content("", "q Q"), "<</A 99999999999999999999999>>"), "too large"},
		{"a dictionary key that is not a name", withPage(content("", "q Q"), "<<(A) 1>>"), "object 5"},
		{"a name with a stray #", withPage(content("", "q Q"), "<</A#G 1>>"), "object 5"},
		{"a stream shorter than its /Length", withPage("<</Length 40>>stream\nq Q\nendstream"), "object 4"},
		{"an unknown filter on the page content", withPage(content("/Filter/Nonsense", "q Q")), "unknown filter"},
		{"a broken flate stream", withPage(content("/Filter/FlateDecode", string(flate[:len(flate)-6]))), "flate"},
		{"an unclosed string in the content", withPage(content("", "BT (hola Tj ET")), "not closed"},
		{"absurd predictor columns", withPage(content("/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 999999999>>", string(flate))), "predictor"},
		{"endobj missing", withPage(content("", "q Q"), "<</A 1>>\nxxx"), "endobj"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := testenv.BuildPDF(c.objs, "")
			f, err := pdfio.Open(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			err = f.Check(context.Background())
			if err == nil || !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
				t.Fatalf("got %v, want an error naming %q", err, c.want)
			}
			if !errors.Is(err, pdfio.ErrMalformed) && !errors.Is(err, pdfio.ErrLimit) {
				t.Fatalf("%v is not ErrMalformed", err)
			}
		})
	}
}

// TestCheckAcceptsCorpus: every file of the signing corpus, from a dozen
// producers, passes the check.
func TestCheckAcceptsCorpus(t *testing.T) {
	for _, path := range testenv.CorpusFiles(t) {
		data := testenv.CorpusFile(t, filepath.Base(path))
		f, err := pdfio.Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if err := f.Check(context.Background()); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}
