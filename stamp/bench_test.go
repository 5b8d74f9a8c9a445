package stamp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
)

// Run with: go test -run '^$' -bench . -benchmem ./stamp/

func benchStamp(b *testing.B, pdf []byte) {
	s, err := stamp.New(stamp.Config{})
	if err != nil {
		b.Fatal(err)
	}
	h := header(b)
	r := bytes.NewReader(pdf)
	b.ReportAllocs()
	for b.Loop() {
		r.Seek(0, io.SeekStart)
		if _, err := s.Stamp(context.Background(), r, io.Discard, h, stamp.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkStamp1Page(b *testing.B)   { benchStamp(b, corpusFile(b, "fpdf.pdf")) }
func BenchmarkStamp20Pages(b *testing.B) { benchStamp(b, corpusFile(b, "fpdf-20pages.pdf")) }

func BenchmarkNewCSV(b *testing.B) {
	for b.Loop() {
		if _, err := stamp.NewCSV(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzStamp stamps arbitrary bytes. A stamped document keeps the input's
// bytes in front and opens again with the same number of pages; a refusal
// wraps one of the documented errors. Run it with
//
//	go test -run '^$' -fuzz '^FuzzStamp$' -fuzztime 300000x -fuzzminimizetime 200x ./stamp/
//
// The seeds are small (see testenv.FuzzSeeds) so that it makes thousands of
// executions a second.
func FuzzStamp(f *testing.F) {
	for _, b := range testenv.FuzzSeeds(f) {
		f.Add(b, false)
	}
	f.Add(testenv.TinySeed(f, "inherit.pdf"), true)
	s, err := stamp.New(stamp.Config{})
	if err != nil {
		f.Fatal(err)
	}
	h := header(f)
	f.Fuzz(func(t *testing.T, pdf []byte, keepLayout bool) { checkStamp(t, s, h, pdf, keepLayout) })
}

// checkStamp stamps pdf and holds the outcome to FuzzStamp's rules.
func checkStamp(t *testing.T, s *stamp.Stamper, h stamp.Header, pdf []byte, keepLayout bool) {
	t.Helper()
	var out bytes.Buffer
	res, err := s.Stamp(context.Background(), bytes.NewReader(pdf), &out, h, stamp.Options{KeepLayout: keepLayout})
	if err != nil {
		for _, e := range stampErrors {
			if errors.Is(err, e) {
				return
			}
		}
		t.Fatalf("Stamp: an error that wraps none of the documented ones: %v", err)
	}
	stamped := out.Bytes()
	if !bytes.HasPrefix(stamped, pdf) || res.Size != int64(len(stamped)) {
		t.Fatalf("Stamp wrote %d bytes (result says %d) that do not start with the input's", len(stamped), res.Size)
	}
	doc, err := pdfio.Open(bytes.NewReader(stamped), int64(len(stamped)))
	if err != nil {
		t.Fatalf("the stamped document does not open: %v", err)
	}
	pages := 0
	if err := doc.WalkPages(func(pdfio.Page) bool { pages++; return true }); err != nil || pages != res.Pages {
		t.Fatalf("the stamped document has %d pages (%v), Stamp says %d", pages, err, res.Pages)
	}
}

// stampErrors are what Stamp may answer to bad input; any other error is a finding.
var stampErrors = []error{
	stamp.ErrSigned, stamp.ErrPageSize, pdfio.ErrNotPDF, pdfio.ErrEncrypted, pdfio.ErrBrokenXref,
	pdfio.ErrTruncated, pdfio.ErrMalformed, pdfio.ErrLimit,
}
