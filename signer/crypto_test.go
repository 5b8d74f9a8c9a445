package signer

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
)

// These tests put CMS signatures made by OpenSSL, with every algorithm and
// shape other products use, into a real PDF signature dictionary and ask
// Verify, OpenSSL and poppler's pdfsig about them.

// testPKI is a root made in the test and the files OpenSSL needs.
type testPKI struct {
	dir     string
	root    *x509.Certificate
	rootKey crypto.Signer
	rootPEM string
	pool    *x509.CertPool
}

func newTestPKI(t testing.TB) *testPKI {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "segell test root", Organization: []string{"segell"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour * 365),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := x509.ParseCertificate(der)
	pki := &testPKI{dir: t.TempDir(), root: root, rootKey: key, pool: x509.NewCertPool()}
	pki.pool.AddCert(root)
	pki.rootPEM = pki.write(t, "root.pem", "CERTIFICATE", der)
	return pki
}

func (p *testPKI) write(t testing.TB, name, typ string, der []byte) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// testSigner is a key and its certificate, as files for OpenSSL.
type testSigner struct {
	key      crypto.Signer
	certDER  []byte
	certPath string
	keyPath  string
}

// issue makes a signing certificate for key, signed by the root with alg
// (0: crypto/x509's default). edit may change the template.
func (p *testPKI) issue(t *testing.T, name string, key crypto.Signer, alg x509.SignatureAlgorithm, edit func(*x509.Certificate)) *testSigner {
	t.Helper()
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: name, Organization: []string{"segell"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour * 30),
		KeyUsage:           x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		SubjectKeyId:       []byte(fmt.Sprintf("ski-%s", name)),
		SignatureAlgorithm: alg,
	}
	if edit != nil {
		edit(tmpl)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.root, key.Public(), p.rootKey)
	if err != nil {
		t.Fatal(err)
	}
	return p.signerFiles(t, name, key, der)
}

func (p *testPKI) signerFiles(t *testing.T, name string, key crypto.Signer, certDER []byte) *testSigner {
	t.Helper()
	k8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return &testSigner{key: key, certDER: certDER,
		certPath: p.write(t, name+".pem", "CERTIFICATE", certDER),
		keyPath:  p.write(t, name+".key", "PRIVATE KEY", k8)}
}

func mustECKey(t *testing.T, c elliptic.Curve) crypto.Signer {
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustRSAKey(t *testing.T) crypto.Signer {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// opensslSign runs openssl cms -sign over content with s and extra args.
func opensslSign(t *testing.T, s *testSigner, content []byte, args ...string) []byte {
	t.Helper()
	tool := testenv.Tool(t, "openssl")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "content.bin"), filepath.Join(dir, "cms.der")
	if err := os.WriteFile(in, content, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, append([]string{"cms", "-sign", "-binary", "-in", in, "-signer", s.certPath,
		"-inkey", s.keyPath, "-outform", "DER", "-out", out, "-nosmimecap"}, args...)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl cms -sign %v: %v\n%s", args, err, msg)
	}
	der, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// opensslVerify asks openssl cms -verify about a CMS over content
// (detached unless content is nil).
func opensslVerify(t *testing.T, p *testPKI, cms, content []byte) error {
	t.Helper()
	tool := testenv.Tool(t, "openssl")
	dir := t.TempDir()
	sig, in := filepath.Join(dir, "cms.der"), filepath.Join(dir, "content.bin")
	os.WriteFile(sig, cms, 0o600)
	args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-CAfile", p.rootPEM, "-purpose", "any", "-out", os.DevNull}
	if content != nil {
		os.WriteFile(in, content, 0o600)
		args = append(args, "-content", in)
	}
	if msg, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("%v: %s", err, msg)
	}
	return nil
}

// templatePDF is a corpus file signed through Prepare with the example
// PKI, for its /Contents hole: 16 KB, room for any CMS of these tests.
func templatePDF(t *testing.T) []byte {
	t.Helper()
	root := testenv.RepoRoot(t)
	in, err := os.ReadFile(filepath.Join(root, "signer", "testdata", "corpus", "ghostscript.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	k, err := LoadPKCS12File(filepath.Join(root, "certs-example", "alcalde.p12"), "2222")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Key: k})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	prep, err := s.Prepare(ctx, bytes.NewReader(in), Options{Reason: "crypto coverage"})
	if err != nil {
		t.Fatal(err)
	}
	cms, err := s.SignDigest(ctx, prep.Digest)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := prep.Complete(&out, cms); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// withCMS gives the template's signature the SubFilter subFilter and the
// CMS that makeCMS returns for the bytes it covers.
func withCMS(t *testing.T, tmpl []byte, subFilter string, makeCMS func(covered []byte) []byte) []byte {
	t.Helper()
	out := bytes.Clone(tmpl)
	const etsi = "/SubFilter/ETSI.CAdES.detached"
	i := bytes.LastIndex(out, []byte(etsi))
	repl := "/SubFilter/" + subFilter
	if i < 0 || len(repl) > len(etsi) {
		t.Fatalf("cannot set /SubFilter %s", subFilter)
	}
	copy(out[i:], repl+strings.Repeat(" ", len(etsi)-len(repl)))
	var br [4]int
	j := bytes.LastIndex(out, []byte("/ByteRange["))
	if _, err := fmt.Sscanf(string(out[j+len("/ByteRange["):]), "%d %d %d %d", &br[0], &br[1], &br[2], &br[3]); err != nil {
		t.Fatal(err)
	}
	covered := append(out[:br[1]:br[1]], out[br[2]:br[2]+br[3]]...)
	h := []byte(hex.EncodeToString(makeCMS(covered)))
	if len(h) > br[2]-br[1]-2 {
		t.Fatalf("CMS of %d bytes does not fit the hole", len(h)/2)
	}
	hole := out[br[1]+1 : br[2]-1]
	copy(hole, h)
	for k := len(h); k < len(hole); k++ {
		hole[k] = '0'
	}
	return out
}

// flipSigned changes a byte of the original document, inside the range.
func flipSigned(pdf []byte) []byte {
	bad := bytes.Clone(pdf)
	bad[bytes.Index(bad, []byte("/MediaBox"))+1] ^= 1
	return bad
}

func verifyBytes(t *testing.T, pdf []byte, roots *x509.CertPool) SignatureReport {
	t.Helper()
	rep, err := Verify(bytes.NewReader(pdf), int64(len(pdf)), VerifyOptions{Roots: roots})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep.Signatures[len(rep.Signatures)-1]
}

// pdfsigValid runs poppler's pdfsig and says whether it finds the last
// signature valid and trusted.
func pdfsigValid(t *testing.T, nss string, pdf []byte) (bool, string) {
	t.Helper()
	tool := testenv.Tool(t, "pdfsig")
	path := filepath.Join(t.TempDir(), "signed.pdf")
	os.WriteFile(path, pdf, 0o600)
	out, _ := exec.Command(tool, "-nssdir", nss, path).CombinedOutput()
	blocks := strings.Split(string(out), "Signature #")
	last := blocks[len(blocks)-1]
	return strings.Contains(last, "Signature is Valid.") && strings.Contains(last, "Certificate is Trusted."), last
}

func sha1Of(b []byte) []byte { s := sha1.Sum(b); return s[:] }

// TestCryptoCoverage is the matrix of algorithms and CMS shapes.
func TestCryptoCoverage(t *testing.T) {
	testenv.Tool(t, "openssl")
	pki := newTestPKI(t)
	nss := testenv.NSSDB(t, pki.rootPEM)
	tmpl := templatePDF(t)
	rsaKey := mustRSAKey(t)
	signers := map[string]*testSigner{
		"rsa":     pki.issue(t, "rsa", rsaKey, 0, nil),
		"rsa-pss": pki.issue(t, "rsa-pss", rsaKey, x509.SHA256WithRSAPSS, nil), // the root signs it with PSS too
		"p256":    pki.issue(t, "p256", mustECKey(t, elliptic.P256()), 0, nil),
		"p384":    pki.issue(t, "p384", mustECKey(t, elliptic.P384()), 0, nil),
		"p521":    pki.issue(t, "p521", mustECKey(t, elliptic.P521()), 0, nil),
	}
	pss := func(args ...string) []string { return append([]string{"-keyopt", "rsa_padding_mode:pss"}, args...) }
	tests := []struct {
		name, signer, subFilter string
		args                    []string
		encapsulate             bool // adbe.pkcs7.sha1: the CMS holds the SHA-1 of the byte ranges
		digest                  crypto.Hash
		weak                    bool
		pdfsig                  bool // poppler checks it too
	}{
		{"rsa-pkcs1-sha256", "rsa", "adbe.pkcs7.detached", []string{"-md", "sha256"}, false, crypto.SHA256, false, true},
		{"rsa-pkcs1-sha384", "rsa", "adbe.pkcs7.detached", []string{"-md", "sha384"}, false, crypto.SHA384, false, true},
		{"rsa-pkcs1-sha512-scv2", "rsa", "adbe.pkcs7.detached", []string{"-md", "sha512", "-cades"}, false, crypto.SHA512, false, true},
		{"rsa-pss-sha256-saltdigest", "rsa-pss", "adbe.pkcs7.detached", pss("-md", "sha256", "-keyopt", "rsa_pss_saltlen:digest"), false, crypto.SHA256, false, true},
		{"rsa-pss-sha512-saltmax", "rsa-pss", "adbe.pkcs7.detached", pss("-md", "sha512", "-keyopt", "rsa_pss_saltlen:max"), false, crypto.SHA512, false, true},
		{"rsa-pss-sha384-scv2", "rsa-pss", "adbe.pkcs7.detached", pss("-md", "sha384", "-cades"), false, crypto.SHA384, false, true},
		{"ecdsa-p256-sha256", "p256", "adbe.pkcs7.detached", []string{"-md", "sha256"}, false, crypto.SHA256, false, true},
		{"ecdsa-p384-sha384", "p384", "adbe.pkcs7.detached", []string{"-md", "sha384", "-cades"}, false, crypto.SHA384, false, true},
		{"ecdsa-p521-sha512", "p521", "adbe.pkcs7.detached", []string{"-md", "sha512"}, false, crypto.SHA512, false, true},
		{"noattr-rsa-sha256", "rsa", "adbe.pkcs7.detached", []string{"-md", "sha256", "-noattr"}, false, crypto.SHA256, false, true},
		{"noattr-ecdsa-p384", "p384", "adbe.pkcs7.detached", []string{"-md", "sha384", "-noattr"}, false, crypto.SHA384, false, true},
		// NSS checks RSA-PSS only over signed attributes.
		{"noattr-rsa-pss", "rsa-pss", "adbe.pkcs7.detached", pss("-md", "sha256", "-noattr"), false, crypto.SHA256, false, false},
		// pdfsig does not find a signer named by its subject key identifier.
		{"keyid-rsa", "rsa", "adbe.pkcs7.detached", []string{"-md", "sha256", "-keyid"}, false, crypto.SHA256, false, false},
		{"keyid-noattr-p256", "p256", "adbe.pkcs7.detached", []string{"-md", "sha256", "-keyid", "-noattr"}, false, crypto.SHA256, false, false},
		{"sha1-detached-scv1", "rsa", "adbe.pkcs7.detached", []string{"-md", "sha1", "-cades"}, false, crypto.SHA1, true, true},
		{"pkcs7-sha1", "rsa", "adbe.pkcs7.sha1", []string{"-md", "sha1", "-nodetach"}, true, crypto.SHA1, true, true},
		{"pkcs7-sha1-noattr", "rsa", "adbe.pkcs7.sha1", []string{"-md", "sha1", "-nodetach", "-noattr"}, true, crypto.SHA1, true, true},
		// ISO 32000-1 12.8.3.3.1: the encapsulated digest is SHA-1 whatever
		// the SignerInfo's digest algorithm; poppler hashes the byte ranges
		// with the latter and reports a digest mismatch.
		{"pkcs7-sha1-signed-sha256", "p256", "adbe.pkcs7.sha1", []string{"-md", "sha256", "-nodetach"}, true, crypto.SHA1, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := signers[tc.signer]
			var cms, content []byte
			pdf := withCMS(t, tmpl, tc.subFilter, func(covered []byte) []byte {
				content = covered
				if tc.encapsulate {
					content = sha1Of(covered)
				}
				cms = opensslSign(t, s, content, tc.args...)
				return cms
			})
			detached := content
			if tc.encapsulate {
				detached = nil
			}
			if err := opensslVerify(t, pki, cms, detached); err != nil {
				t.Fatalf("openssl cms -verify rejects the CMS: %v", err)
			}
			p, err := parseCMS(cms)
			if err != nil {
				t.Fatal(err)
			}
			if p.digestAlg != tc.digest || slices.Contains(p.weak, "SHA-1 digest") != tc.weak {
				t.Errorf("digest %v weak %q, want %v and weak=%v", p.digestAlg, p.weak, tc.digest, tc.weak)
			}
			sr := verifyBytes(t, pdf, pki.pool)
			if !sr.Integrity || !sr.Trusted || len(sr.Errors) > 0 {
				t.Fatalf("Verify: integrity %v trusted %v errors %q", sr.Integrity, sr.Trusted, sr.Errors)
			}
			if tc.pdfsig {
				if ok, text := pdfsigValid(t, nss, pdf); !ok {
					t.Errorf("pdfsig does not find it valid and trusted:\n%s", text)
				}
			}
			bad := verifyBytes(t, flipSigned(pdf), pki.pool)
			if bad.Integrity || len(bad.Errors) == 0 {
				t.Fatalf("Verify accepts a changed byte: %+v", bad)
			}
			if tc.pdfsig {
				if ok, _ := pdfsigValid(t, nss, flipSigned(pdf)); ok {
					t.Error("pdfsig accepts a changed byte")
				}
			}
		})
	}
}
