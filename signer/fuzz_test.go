package signer_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/segell/segell/signer"
)

// FuzzSign feeds arbitrary bytes to Sign and Verify: errors are fine, panics are not.
func FuzzSign(f *testing.F) {
	for _, path := range corpus(f) {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte("%PDF-1.7\nstartxref\n9\n%%EOF"))
	s := newSigner(f, loadKey(f, "alcalde", "2222"))
	roots := exampleRoots(f)
	f.Fuzz(func(t *testing.T, pdf []byte) {
		var out bytes.Buffer
		_, err := s.Sign(context.Background(), bytes.NewReader(pdf), &out, signer.Options{})
		if err == nil {
			if _, err := signer.Verify(bytes.NewReader(out.Bytes()), int64(out.Len()), signer.VerifyOptions{Roots: roots}); err != nil {
				t.Fatalf("signed output does not verify: %v", err)
			}
		}
		_, _ = signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), signer.VerifyOptions{Roots: roots})
		_, _ = s.Sign(context.Background(), bytes.NewReader(pdf), io.Discard, signer.Options{Visible: &signer.Placement{Page: 1, X: 1, Y: 1, W: 50, H: 20}})
	})
}
