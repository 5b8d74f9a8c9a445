package signer_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"image"
	"image/png"
	"io"
	"testing"

	"time"

	"github.com/go-pdf/fpdf"
	"github.com/segell/segell/pki"
	"github.com/segell/segell/signer"
)

// Run with: go test -run '^$' -bench . -benchmem ./signer/
// Figures go in the README and the closing notes, never in assertions.

func benchSign(b *testing.B, pdf []byte) {
	benchSignWith(b, loadKey(b, "segell-organ", "1111"), pdf)
}

func benchSignWith(b *testing.B, k *signer.Key, pdf []byte) {
	s := newSigner(b, k)
	ctx := context.Background()
	r := bytes.NewReader(pdf)
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Seek(0, io.SeekStart)
		if _, err := s.Sign(ctx, r, io.Discard, signer.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sigs/s")
}

func BenchmarkSign1Page(b *testing.B)   { benchSign(b, corpusFile(b, "fpdf.pdf")) }
func BenchmarkSign20Pages(b *testing.B) { benchSign(b, corpusFile(b, "fpdf-20pages.pdf")) }
func BenchmarkSign5MB(b *testing.B)     { benchSign(b, fiveMBPDF(b)) }

// BenchmarkSign1PageP256 shows the PDF work with a cheap key (ECDSA P-256
// signs in about 0.02 ms), where RSA-2048 in Go costs about 0.8 ms here.
func BenchmarkSign1PageP256(b *testing.B) {
	key, err := pki.NewKey(pki.P256, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	tmpl, err := pki.SealTemplate(pki.Lloret, time.Now().AddDate(0, 0, -1), time.Now().AddDate(1, 0, 0))
	if err != nil {
		b.Fatal(err)
	}
	// Self-issued for the benchmark: only the signing cost matters here.
	id, err := pki.Issue(nil, tmpl, key, nil)
	if err != nil {
		b.Fatal(err)
	}
	benchSignWith(b, &signer.Key{Signer: id.Key, Cert: id.Cert}, corpusFile(b, "fpdf.pdf"))
}

// BenchmarkHash5MB and BenchmarkRSA2048 are the yardsticks of the 5 MB target:
// signing should take at most twice one hash of the file plus one RSA signature.
func BenchmarkHash5MB(b *testing.B) {
	pdf := fiveMBPDF(b)
	b.SetBytes(int64(len(pdf)))
	for b.Loop() {
		sha256.Sum256(pdf)
	}
}

func BenchmarkRSA2048(b *testing.B) {
	k := loadKey(b, "segell-organ", "1111")
	digest := sha256.Sum256([]byte("x"))
	for b.Loop() {
		if _, err := k.Signer.Sign(rand.Reader, digest[:], crypto.SHA256); err != nil {
			b.Fatal(err)
		}
	}
}

// fiveMBPDF renders a PDF of about 5 MB: pages of noise images, which do not compress.
func fiveMBPDF(b testing.TB) []byte {
	b.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	for i := 0; i < 4; i++ {
		img := image.NewRGBA(image.Rect(0, 0, 660, 660))
		noise := make([]byte, len(img.Pix))
		rand.Read(noise)
		for p := range img.Pix {
			img.Pix[p] = noise[p]
			if p%4 == 3 {
				img.Pix[p] = 255
			}
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		name := string(rune('a' + i))
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, &buf)
		pdf.AddPage()
		pdf.ImageOptions(name, 10, 10, 190, 190, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		b.Fatal(err)
	}
	return out.Bytes()
}
