package signer_test

import (
	"bytes"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"crypto/x509"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/pki"
	"github.com/segell/segell/signer"
)

// TestKeyTypes signs with RSA 2048, 3072, 4096 and ECDSA P-256 keys issued by
// a throwaway PKI made in the test.
func TestKeyTypes(t *testing.T) {
	rootKey, err := pki.NewKey(pki.P256, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	root, err := pki.Issue(nil, pki.CATemplate("Throwaway test root", now.AddDate(0, -1, 0), now.AddDate(1, 0, 0), 0), rootKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	rootPEM := filepath.Join(t.TempDir(), "root.pem")
	if err := os.WriteFile(rootPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Cert.Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	nss := testenv.NSSDB(t, rootPEM)
	pool := x509.NewCertPool()
	pool.AddCert(root.Cert)
	in := corpusFile(t, "ghostscript.pdf")
	for _, kt := range []pki.KeyType{pki.RSA2048, pki.RSA3072, pki.RSA4096, pki.P256} {
		t.Run(string(kt), func(t *testing.T) {
			key, err := pki.NewKey(kt, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			leaf, err := pki.Issue(root, pki.PersonTemplate(pki.Lloret, pki.DemoSigners()[2], now.AddDate(0, 0, -1), now.AddDate(0, 6, 0)), key, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := newSigner(t, &signer.Key{Signer: leaf.Key, Cert: leaf.Cert})
			out := sign(t, s, in, signer.Options{Reason: "Prova de clau " + string(kt)})
			rep, err := signer.Verify(bytes.NewReader(out), int64(len(out)), signer.VerifyOptions{Roots: pool})
			if err != nil || !rep.Valid() {
				t.Fatalf("Verify: %v %+v", err, rep)
			}
			for _, r := range pdfsig(t, nss, out) {
				if !r.valid || !r.trusted {
					t.Fatalf("pdfsig:\n%s", r.text)
				}
			}
		})
	}
}
