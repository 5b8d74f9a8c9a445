package signer_test

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// summary is one line of what pdfsig says of a signature.
func (r pdfsigResult) summary() string {
	switch {
	case r.text == "":
		return "not listed"
	case r.valid && r.trusted:
		return "valid, trusted"
	case r.valid:
		return "valid, not trusted"
	}
	if m := regexp.MustCompile(`Signature Validation: ([^\n]*)`).FindStringSubmatch(r.text); m != nil {
		return strings.TrimSpace(m[1])
	}
	return "not valid"
}

// pdfsigByField runs pdfsig and keys its answers by signature field name.
func pdfsigByField(t *testing.T, nss string, pdf []byte) map[string]pdfsigResult {
	t.Helper()
	tool := testenv.Tool(t, "pdfsig")
	path := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(tool, "-nssdir", nss, path).CombinedOutput()
	res := map[string]pdfsigResult{}
	name := regexp.MustCompile(`Signature Field Name: ([^\n]*)`)
	for _, block := range strings.Split(string(out), "Signature #")[1:] {
		m := name.FindStringSubmatch(block)
		if m == nil {
			continue
		}
		res[strings.TrimSpace(m[1])] = pdfsigResult{
			valid:   strings.Contains(block, "Signature Validation: Signature is Valid."),
			trusted: strings.Contains(block, "Certificate Validation: Certificate is Trusted."),
			total:   strings.Contains(block, "Total document signed"),
			text:    block,
		}
	}
	return res
}

// opensslTimestamp checks a document time-stamp token over its byte range
// with openssl ts -verify and the example root.
func opensslTimestamp(t *testing.T, pdf []byte, br [4]int64) {
	t.Helper()
	tool := testenv.Tool(t, "openssl")
	hole := strings.TrimRight(string(pdf[br[1]+1:br[2]-1]), "0")
	if len(hole)%2 == 1 {
		hole += "0"
	}
	der, err := hex.DecodeString(hole)
	if err != nil {
		t.Fatalf("document time-stamp: /Contents is not hex: %v", err)
	}
	dir := t.TempDir()
	tok, data := filepath.Join(dir, "token.der"), filepath.Join(dir, "data")
	os.WriteFile(tok, der, 0o644)
	os.WriteFile(data, append(append([]byte(nil), pdf[br[0]:br[0]+br[1]]...), pdf[br[2]:br[2]+br[3]]...), 0o644)
	out, err := exec.Command(tool, "ts", "-verify", "-token_in", "-in", tok, "-data", data,
		"-CAfile", filepath.Join(examplePKI(t), "root-ca.pem"), "-untrusted", filepath.Join(examplePKI(t), "tsa.pem")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Errorf("openssl ts -verify, byte range %v: %v\n%s", br, err, out)
	}
}

// producer signs in with another product's tool, writing out.
type producer struct {
	name, tool string
	sign       func(t *testing.T, tool, nss, in, out string)
}

// testProducers has poppler, MuPDF and PoDoFo sign, segell sign again, and
// expects both signatures intact.
func testProducers(t *testing.T, nss, dir string) {
	pki := examplePKI(t)
	producers := []producer{
		{"pdfsig", "pdfsig", func(t *testing.T, tool, nss, in, out string) {
			// pdfsig 22.12 refuses -etsi with -add-signature: adbe.pkcs7.detached.
			db := testenv.NSSDB(t, filepath.Join(pki, "root-ca.pem"))
			run(t, testenv.Tool(t, "pk12util"), "-i", filepath.Join(pki, "alcalde.p12"), "-d", db, "-W", "2222")
			run(t, tool, "-nssdir", db, "-add-signature", "-nick", "EXEMPLE Adrià Puig Serra - 40000001B - segell (EXEMPLE, NO VÀLID)",
				"-new-signature-field-name", "Poppler1", "-reason", "Aprovacio", in, out)
		}},
		{"mutool", "mutool", func(t *testing.T, tool, _, _, out string) {
			// mutool signs only existing empty fields: object 7 of unsigned-field.pdf.
			run(t, tool, "sign", "-s", filepath.Join(pki, "alcalde.p12"), "-P", "2222", "-o", out, filepath.Join(dir, "unsigned-field.pdf"), "7")
		}},
		{"podofosign", "podofosign", func(t *testing.T, tool, _, in, out string) {
			openssl := testenv.Tool(t, "openssl")
			tmp := t.TempDir()
			key, cert := filepath.Join(tmp, "key.pem"), filepath.Join(tmp, "cert.pem")
			run(t, openssl, "pkcs12", "-in", filepath.Join(pki, "alcalde.p12"), "-nocerts", "-nodes", "-passin", "pass:2222", "-out", key)
			run(t, openssl, "x509", "-in", filepath.Join(pki, "alcalde.pem"), "-out", cert)
			run(t, tool, "-in", in, "-out", out, "-cert", cert, "-pkey", key, "-digest", "SHA256", "-field-name", "PoDoFo1")
		}},
	}
	in := filepath.Join(testenv.RepoRoot(t), "signer", "testdata", "corpus", "mutool.pdf")
	secretary := newSigner(t, loadKey(t, "secretaria", "3333"))
	for _, p := range producers {
		t.Run(p.name, func(t *testing.T) {
			tool := testenv.Tool(t, p.tool)
			out := filepath.Join(t.TempDir(), "signed.pdf")
			p.sign(t, tool, nss, in, out)
			first, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := signer.Verify(bytes.NewReader(first), int64(len(first)), signer.VerifyOptions{Roots: exampleRoots(t), Intermediates: issuingCA(t)})
			if err != nil || len(rep.Signatures) != 1 {
				t.Fatalf("Verify of %s's signature: %v %+v", p.name, err, rep)
			}
			field := rep.Signatures[0].Field
			twice := sign(t, secretary, first, signer.Options{Reason: "Conforme"})
			res, err := signer.Verify(bytes.NewReader(twice), int64(len(twice)), signer.VerifyOptions{Roots: exampleRoots(t), Intermediates: issuingCA(t)})
			if err != nil || len(res.Signatures) == 0 {
				t.Fatalf("Verify: %v", err)
			}
			c := attackCase{File: p.name + "+segell.pdf", Class: "signed by " + p.name + ", then by segell", Signatures: []attackExpect{
				{field, "intact", ""}, {res.Signatures[len(res.Signatures)-1].Field, "intact", ""}}}
			checkVerdicts(t, nss, c, twice)
		})
	}
}

func run(t *testing.T, tool string, args ...string) {
	t.Helper()
	if out, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(tool), args, err, out)
	}
}

// opensslCMS checks a CMS over its byte range with openssl cms -verify and
// the example root. Unlike opensslVerify it takes BER (poppler writes
// indefinite lengths) and trusts certs-example/chain.pem (issuing CA and root),
// for CMSs that omit the issuing CA (openssl cms has no -untrusted).
func opensslCMS(t *testing.T, pdf []byte, br [4]int64) {
	t.Helper()
	tool := testenv.Tool(t, "openssl")
	// The zero padding is kept: trimming it could cut a BER end-of-contents.
	der, err := hex.DecodeString(string(pdf[br[1]+1 : br[2]-1]))
	if err != nil {
		t.Fatalf("byte range %v: /Contents is not hex: %v", br, err)
	}
	dir := t.TempDir()
	sig, content := filepath.Join(dir, "sig.der"), filepath.Join(dir, "content")
	os.WriteFile(sig, der, 0o644)
	os.WriteFile(content, append(append([]byte(nil), pdf[br[0]:br[0]+br[1]]...), pdf[br[2]:br[2]+br[3]]...), 0o644)
	out, err := exec.Command(tool, "cms", "-verify", "-inform", "DER", "-in", sig, "-binary", "-content", content,
		"-CAfile", filepath.Join(examplePKI(t), "chain.pem"), "-purpose", "any", "-out", os.DevNull).CombinedOutput()
	if err != nil {
		t.Errorf("openssl cms -verify, byte range %v: %v\n%s", br, err, out)
	}
}

// issuingCA is the example PKI's issuing CA, which mutool's and podofosign's
// CMS leave out.
func issuingCA(t testing.TB) []*x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "certs-example", "issuing-ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("issuing-ca.pem: no PEM block")
	}
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return []*x509.Certificate{c}
}
