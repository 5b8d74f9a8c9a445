package stamp_test

import (
	"bytes"
	"context"
	"io"
	"testing"

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

func FuzzStamp(f *testing.F) {
	f.Add(corpusFile(f, "fpdf.pdf"))
	f.Add(corpusFile(f, "hybrid.pdf"))
	f.Add(corpusFile(f, "qpdf-objstm.pdf"))
	s, _ := stamp.New(stamp.Config{})
	h := header(f)
	f.Fuzz(func(t *testing.T, pdf []byte) {
		_, _ = s.Stamp(context.Background(), bytes.NewReader(pdf), io.Discard, h, stamp.Options{})
	})
}
