package pdfio_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/internal/testenv"
)

// readErrors are what reading a PDF may answer to bad input; any other
// error is a finding.
var readErrors = []error{
	pdfio.ErrNotPDF, pdfio.ErrEncrypted, pdfio.ErrBrokenXref,
	pdfio.ErrTruncated, pdfio.ErrMalformed, pdfio.ErrLimit,
}

// FuzzOpen opens arbitrary bytes and reads everything pdfio offers about
// every revision: the page tree, the field tree, each object the revision
// defines and each stream's data. Nothing may panic, and every error must
// wrap one of the documented ones. Run it with
//
//	go test -run '^$' -fuzz '^FuzzOpen$' -fuzztime 300000x -fuzzminimizetime 200x ./internal/pdfio/
func FuzzOpen(f *testing.F) {
	for _, b := range testenv.FuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, pdf []byte) {
		doc, err := pdfio.Open(bytes.NewReader(pdf), int64(len(pdf)))
		if err != nil {
			mustBeDocumented(t, "Open", err)
			return
		}
		if n := doc.NextObjectNumber(); n < 0 || n > pdfio.MaxObjects+1 {
			t.Fatalf("NextObjectNumber is %d, beyond the PDF limit of %d objects", n, pdfio.MaxObjects)
		}
		doc.IsSigned()
		for i := range doc.Revisions() {
			readRevision(t, doc, i)
		}
	})
}

// readRevision walks revision i of doc and reads every object it defines.
func readRevision(t *testing.T, doc *pdfio.File, i int) {
	t.Helper()
	rev := doc.Revision(i)
	pages := 0
	err := rev.WalkPages(func(p pdfio.Page) bool {
		pages++
		if p.Number != pages {
			t.Fatalf("revision %d: page %d is numbered %d", i, pages, p.Number)
		}
		return true
	})
	if err != nil {
		mustBeDocumented(t, "WalkPages", err)
	}
	if err := rev.WalkFields(func(pdfio.Field) error { return nil }); err != nil {
		mustBeDocumented(t, "WalkFields", err)
	}
	for _, num := range doc.RevisionObjects(i) {
		o, err := rev.Object(num)
		if err != nil {
			mustBeDocumented(t, "Object", err)
			continue
		}
		if s, ok := o.(*pdfio.Stream); ok {
			if _, err := rev.Decode(s); err != nil {
				mustBeDocumented(t, "Decode", err)
			}
		}
	}
}

// mustBeDocumented fails the fuzz input when err wraps none of readErrors.
func mustBeDocumented(t *testing.T, what string, err error) {
	t.Helper()
	for _, e := range readErrors {
		if errors.Is(err, e) {
			return
		}
	}
	t.Fatalf("%s: an error that wraps none of the documented ones: %v", what, err)
}
