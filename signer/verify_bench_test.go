package signer_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/segell/segell/signer"
)

// BenchmarkVerify measures Verify on a 1-page file with 1 and with 25
// signatures (the budgets: the RSA verifications plus 1 ms for one
// signature, under 50 ms for 25); BenchmarkRSAVerify is the yardstick.
func BenchmarkVerify(b *testing.B) {
	signers := chainSigners(b)
	roots := exampleRoots(b)
	for _, n := range []int{1, 25} {
		pdf, _ := signChain(b, signers, corpusFile(b, "fpdf.pdf"), n)
		b.Run(fmt.Sprintf("signatures=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(pdf)))
			for b.Loop() {
				rep, err := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), signer.VerifyOptions{Roots: roots})
				if err != nil || len(rep.Signatures) != n {
					b.Fatalf("%v, %d signatures", err, len(rep.Signatures))
				}
			}
		})
	}
}

// BenchmarkRSAVerify is one RSA-2048 PKCS#1 v1.5 verification: a signature
// with its chain of two certificates costs three of them at the least.
func BenchmarkRSAVerify(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	digest := sha256.Sum256([]byte("segell"))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:])
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := rsa.VerifyPKCS1v15(&key.PublicKey, crypto.SHA256, digest[:], sig); err != nil {
			b.Fatal(err)
		}
	}
}
