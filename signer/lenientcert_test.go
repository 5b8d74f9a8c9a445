package signer

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// quirky re-signs a certificate the root issued after making its serial
// number negative and, with badName, its common name a PrintableString
// holding '_': two things crypto/x509 refuses and other validators accept.
func (p *testPKI) quirky(t *testing.T, der []byte, badName bool) []byte {
	t.Helper()
	der = bytes.Clone(der)
	parts, _, err := splitCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	parts.serial[0] = 0xf1 // same length, now negative
	if badName {
		cn := bytes.Index(parts.subject, []byte{0x06, 0x03, 0x55, 0x04, 0x03})
		parts.subject[cn+5] = byte(cbasn1.PrintableString)
	}
	sum := sha256.Sum256(parts.tbs)
	sig, err := rsa.SignPKCS1v15(rand.Reader, p.rootKey.(*rsa.PrivateKey), crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	copy(der[len(der)-len(sig):], sig) // the BIT STRING ends the certificate
	if _, err := x509.ParseCertificate(der); err == nil {
		t.Fatal("crypto/x509 accepts the quirky certificate: the test proves nothing")
	}
	return der
}

func TestLenientCertificate(t *testing.T) {
	pki := newTestPKI(t)
	key := mustECKey(t, elliptic.P256())
	good := pki.issue(t, "signer_1", key, 0, nil)
	der := pki.quirky(t, good.certDER, true)
	c, quirks, err := parseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if c.SerialNumber.Sign() >= 0 || !bytes.Equal(c.Raw, der) || c.Subject.CommonName != "signer_1" {
		t.Errorf("serial %v, raw kept %v, CN %q", c.SerialNumber, bytes.Equal(c.Raw, der), c.Subject.CommonName)
	}
	if want := []string{"negative serial number", "a name with characters its string type does not allow"}; !slices.Equal(quirks, want) {
		t.Errorf("quirks %q, want %q", quirks, want)
	}
	if err := verifyChain(c, nil, pki.pool, c.NotBefore.Add(1), x509.ExtKeyUsageAny); err != nil {
		t.Errorf("chain: %v", err)
	}
	// The issuer's signature is still checked, on the original bytes.
	broken := bytes.Clone(der)
	broken[len(broken)-10] ^= 1
	if bc, _, err := parseCertificate(broken); err != nil || verifyChain(bc, nil, pki.pool, bc.NotBefore.Add(1), x509.ExtKeyUsageAny) == nil {
		t.Errorf("a certificate with a broken issuer signature chains (parse error %v)", err)
	}
}

// TestLenientCertificateInPDF signs with a negative-serial certificate
// through OpenSSL and checks the signature is verified for real.
func TestLenientCertificateInPDF(t *testing.T) {
	testenv.Tool(t, "openssl")
	pki := newTestPKI(t)
	nss := testenv.NSSDB(t, pki.rootPEM)
	tmpl := templatePDF(t)
	key := mustRSAKey(t)
	s := pki.signerFiles(t, "negative", key, pki.quirky(t, pki.issue(t, "negative", key, 0, nil).certDER, false))
	for _, args := range [][]string{{"-md", "sha256"}, {"-md", "sha512", "-cades"}, {"-md", "sha256", "-noattr"}} {
		t.Run(strings.Join(args, ""), func(t *testing.T) {
			pdf := withCMS(t, tmpl, "adbe.pkcs7.detached", func(covered []byte) []byte { return opensslSign(t, s, covered, args...) })
			sr := verifyBytes(t, pdf, pki.pool)
			if !sr.Integrity || !sr.Trusted || len(sr.Errors) > 0 {
				t.Fatalf("Verify: integrity %v trusted %v errors %q", sr.Integrity, sr.Trusted, sr.Errors)
			}
			if ok, text := pdfsigValid(t, nss, pdf); !ok {
				t.Errorf("pdfsig does not find it valid and trusted:\n%s", text)
			}
			if bad := verifyBytes(t, flipSigned(pdf), pki.pool); bad.Integrity {
				t.Fatal("Verify accepts a changed byte")
			}
			// Another root: the certificate must not chain.
			if other := verifyBytes(t, pdf, newTestPKI(t).pool); other.Trusted {
				t.Fatal("trusted under a root that did not issue it")
			}
		})
	}
}

// TestDocTimestampLenientTSA makes an ETSI.RFC3161 document time-stamp with
// openssl ts, by a TSA whose certificate has a negative serial number.
func TestDocTimestampLenientTSA(t *testing.T) {
	tool := testenv.Tool(t, "openssl")
	pki := newTestPKI(t)
	tmpl := templatePDF(t)
	eku, _ := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}})
	key := mustECKey(t, elliptic.P256())
	issued := pki.issue(t, "tsa", key, 0, func(c *x509.Certificate) {
		c.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: eku}}
	})
	tsa := pki.signerFiles(t, "tsa", key, pki.quirky(t, issued.certDER, false))
	dir := t.TempDir()
	conf := filepath.Join(dir, "ts.cnf")
	os.WriteFile(filepath.Join(dir, "serial"), []byte("01\n"), 0o600)
	os.WriteFile(conf, []byte("[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = "+filepath.Join(dir, "serial")+
		"\nsigner_digest = sha384\ndefault_policy = 1.2.3.4.1\ndigests = sha1, sha256, sha512\naccuracy = secs:1\ness_cert_id_alg = sha512\n"), 0o600)
	var token, covered []byte
	pdf := withCMS(t, tmpl, "ETSI.RFC3161", func(c []byte) []byte {
		covered = c
		data, query, out := filepath.Join(dir, "data"), filepath.Join(dir, "q.tsq"), filepath.Join(dir, "token.der")
		os.WriteFile(data, c, 0o600)
		for _, args := range [][]string{
			{"ts", "-query", "-data", data, "-sha512", "-cert", "-out", query},
			{"ts", "-reply", "-queryfile", query, "-inkey", tsa.keyPath, "-signer", tsa.certPath, "-config", conf, "-token_out", "-out", out},
		} {
			if msg, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
				t.Fatalf("openssl %v: %v\n%s", args, err, msg)
			}
		}
		token, _ = os.ReadFile(out)
		return token
	})
	sr := verifyBytes(t, pdf, pki.pool)
	if sr.Kind != "document-timestamp" || !sr.Integrity || !sr.Trusted || !sr.TimestampValid || len(sr.Errors) > 0 {
		t.Fatalf("Verify: %+v", sr)
	}
	if bad := verifyBytes(t, flipSigned(pdf), pki.pool); bad.Integrity {
		t.Fatal("Verify accepts a changed byte under a document time-stamp")
	}
	// The same token as a signature time-stamp over the covered bytes.
	ts, err := checkTimestamp(token, covered, pki.pool)
	if err != nil || ts.HashAlgorithm != crypto.SHA512 || ts.Certificates[0].SerialNumber.Sign() >= 0 {
		t.Fatalf("checkTimestamp: %v %+v", err, ts)
	}
	if _, err := checkTimestamp(token, append(covered, 0), pki.pool); err == nil {
		t.Fatal("checkTimestamp accepts a token over other data")
	}
}

// TestUnsupportedAlgorithms: what is not checked says so, with a type.
func TestUnsupportedAlgorithms(t *testing.T) {
	testenv.Tool(t, "openssl")
	pki := newTestPKI(t)
	tmpl := templatePDF(t)
	rsaKey := mustRSAKey(t)
	tests := []struct {
		name   string
		signer *testSigner
		args   []string
	}{
		{"sha3", pki.issue(t, "rsa-sha3", rsaKey, 0, nil), []string{"-md", "sha3-256"}},
		{"pss-mgf1-other-hash", pki.issue(t, "rsa-mgf", rsaKey, 0, nil), []string{"-md", "sha256", "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_mgf1_md:sha1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var cms []byte
			pdf := withCMS(t, tmpl, "adbe.pkcs7.detached", func(covered []byte) []byte {
				cms = opensslSign(t, tc.signer, covered, tc.args...)
				return cms
			})
			p, err := parseCMS(cms)
			if err == nil {
				err = p.checkSignerSignature(make([]byte, p.digestAlg.Size()))
			}
			if !errors.Is(err, ErrUnsupportedAlgorithm) {
				t.Errorf("error %v, want ErrUnsupportedAlgorithm", err)
			}
			sr := verifyBytes(t, pdf, pki.pool)
			if sr.Integrity || !strings.Contains(strings.Join(sr.Errors, " "), "not supported") {
				t.Errorf("Verify: integrity %v errors %q, want not supported", sr.Integrity, sr.Errors)
			}
		})
	}
}

// TestUnsupportedEd25519: OpenSSL 3.0 cannot make an Ed25519 CMS, so the
// SignerInfo's algorithm is checked alone.
func TestUnsupportedEd25519(t *testing.T) {
	ed := pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 3, 101, 112}}
	if _, err := signatureScheme(ed, crypto.SHA512); !errors.Is(err, ErrUnsupportedAlgorithm) || !strings.Contains(err.Error(), "Ed25519") {
		t.Errorf("Ed25519: %v", err)
	}
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	rsaPKCS1 := sigScheme{kind: sigRSAPKCS1, hash: crypto.SHA256}
	if err := rsaPKCS1.verify(pub, make([]byte, 32), nil); err == nil || errors.Is(err, ErrUnsupportedAlgorithm) {
		t.Errorf("an RSA signature with an Ed25519 key must fail as a mismatch, not as unsupported: %v", err)
	}
}

// TestPKCS7SHA1OtherDigest is CVE-2025-2866's forgery: a genuine
// adbe.pkcs7.sha1 signature whose encapsulated digest is another document's.
func TestPKCS7SHA1OtherDigest(t *testing.T) {
	testenv.Tool(t, "openssl")
	pki := newTestPKI(t)
	s := pki.issue(t, "rsa", mustRSAKey(t), 0, nil)
	pdf := withCMS(t, templatePDF(t), "adbe.pkcs7.sha1", func([]byte) []byte {
		return opensslSign(t, s, sha1Of([]byte("another document")), "-md", "sha1", "-nodetach")
	})
	if sr := verifyBytes(t, pdf, pki.pool); sr.Integrity {
		t.Fatalf("Verify accepts a signature over another document's digest: %+v", sr)
	}
}

// buildESSCertIDv2 builds a SigningCertificateV2 value naming cert with SHA-512
// and the given serial number.
func buildESSCertIDv2(t *testing.T, cert *x509.Certificate, serial []byte) []byte {
	sum := sha512.Sum512(cert.Raw)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3})
				})
				b.AddASN1OctetString(sum[:])
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(cert.RawIssuer) })
					})
					b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(serial) })
				})
			})
		})
	})
	der, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestSigningCertificateIssuerSerial(t *testing.T) {
	pki := newTestPKI(t)
	s := pki.issue(t, "scv2", mustECKey(t, elliptic.P384()), 0, nil)
	cert, _ := x509.ParseCertificate(s.certDER)
	other, _ := x509.ParseCertificate(pki.issue(t, "other", mustECKey(t, elliptic.P256()), 0, nil).certDER)
	if h, err := essCertIDMatches(buildESSCertIDv2(t, cert, cert.SerialNumber.Bytes()), true, cert); err != nil || h != crypto.SHA512 {
		t.Errorf("the right ESSCertIDv2: %v, %v", h, err)
	}
	if _, err := essCertIDMatches(buildESSCertIDv2(t, cert, []byte{0x01}), true, cert); err == nil || !strings.Contains(err.Error(), "serial") {
		t.Errorf("a wrong issuerSerial serial number: %v", err)
	}
	if _, err := essCertIDMatches(buildESSCertIDv2(t, cert, cert.SerialNumber.Bytes()), true, other); err == nil {
		t.Error("an ESSCertIDv2 of another certificate is accepted")
	}
}

// TestRSAPSSKey signs with a key whose certificate names it id-RSASSA-PSS
// (openssl genpkey -algorithm RSA-PSS), which crypto/x509 leaves unparsed.
func TestRSAPSSKey(t *testing.T) {
	tool := testenv.Tool(t, "openssl")
	pki := newTestPKI(t)
	k8, _ := x509.MarshalPKCS8PrivateKey(pki.rootKey)
	rootKey := pki.write(t, "root.key", "PRIVATE KEY", k8)
	s := &testSigner{keyPath: filepath.Join(pki.dir, "pss.key"), certPath: filepath.Join(pki.dir, "pss.pem")}
	csr := filepath.Join(pki.dir, "pss.csr")
	for _, args := range [][]string{
		{"genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", s.keyPath},
		{"req", "-new", "-key", s.keyPath, "-subj", "/CN=pss-key", "-out", csr},
		{"x509", "-req", "-in", csr, "-CA", pki.rootPEM, "-CAkey", rootKey, "-set_serial", "7", "-days", "2", "-out", s.certPath},
	} {
		if msg, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, msg)
		}
	}
	pdf := withCMS(t, templatePDF(t), "adbe.pkcs7.detached", func(covered []byte) []byte {
		// Without the padding option OpenSSL 3.0 signs with PSS but names
		// rsaEncryption in the SignerInfo, and its own verify refuses it.
		return opensslSign(t, s, covered, "-md", "sha256", "-cades", "-keyopt", "rsa_padding_mode:pss")
	})
	sr := verifyBytes(t, pdf, pki.pool)
	if !sr.Integrity || !sr.Trusted || len(sr.Errors) > 0 {
		t.Fatalf("Verify: integrity %v trusted %v errors %q", sr.Integrity, sr.Trusted, sr.Errors)
	}
	if bad := verifyBytes(t, flipSigned(pdf), pki.pool); bad.Integrity {
		t.Fatal("Verify accepts a changed byte")
	}
}

// FuzzParseCertificate: the lenient parser never panics, and what it
// accepts keeps the bytes it was given.
func FuzzParseCertificate(f *testing.F) {
	pki := newTestPKI(f)
	f.Add(pki.root.Raw)
	f.Fuzz(func(t *testing.T, der []byte) {
		c, _, err := parseCertificate(der)
		if err == nil && !bytes.HasPrefix(der, c.Raw) {
			t.Fatal("the certificate's Raw is not the input")
		}
	})
}
