package signer_test

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/segell/segell/signer"
)

// loadTSAKey reads the example TSA certificate chain and its PEM key.
func loadTSAKey(t testing.TB) *signer.Key {
	t.Helper()
	dir := examplePKI(t)
	chainPEM, err := os.ReadFile(filepath.Join(dir, "tsa.pem"))
	if err != nil {
		t.Fatal(err)
	}
	var certs []*x509.Certificate
	for rest := chainPEM; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		certs = append(certs, c)
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, "tsa.key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(keyPEM)
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return &signer.Key{Signer: k.(crypto.Signer), Cert: certs[0], Chain: certs[1:]}
}
